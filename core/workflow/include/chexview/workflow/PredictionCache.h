#pragma once

#include "chexview/dataset/ChestXray14.h"
#include "chexview/model/InferenceEngine.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QString>

#include <array>

namespace chexview {

/// The scores computed for an image, kept on disk so that evaluating the same folder again is
/// instant and an interrupted run resumes. One line per image:
/// `key,p1,...,p14`, where key = the file content's SHA-256 + runKey(): the model file's
/// SHA-256, engine, device, precision and TTA — what changes the numbers. A torn last line is
/// skipped; values outside [0, 1] are refused.
/// Thread contract: contains()/value() may be called from many threads once constructed (the
/// table is read once and never changes); append() from one thread at a time.
class PredictionCache
{
public:
    using Scores = std::array<double, kFindingCount>;

    /// `path` empty: a cache that holds nothing and stores nothing.
    explicit PredictionCache(const QString& path);
    /// "|<model sha256>|<engine>|<device>|<precision>|tta|single", plus "|cal:<hash>" for a
    /// recalibrated package.
    static QByteArray runKey(const InferenceEngine& engine, bool tta);

    bool contains(const QByteArray& key) const { return m_table.contains(key); }
    Scores value(const QByteArray& key) const { return m_table.value(key); }
    /// Adds a line (not visible to contains() until the next construction); flushed.
    void append(const QByteArray& key, const Scores& scores);

private:
    QHash<QByteArray, Scores> m_table;
    QFile m_out;
};

} // namespace chexview
