#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QHash>
#include <QString>

#include <memory>

namespace chexview {

/// The rows of an NIH `Data_Entry_2017*.csv[.gz]` that describe a film's acquisition, by image
/// file name: view position, sex, age and the original size and pixel spacing before NIH stored
/// the film at 1024×1024 (rows without an original size are left out). What calibrates an NIH
/// PNG's lengths, in the viewer and in `chexview-cli measure --data-entry`.
/// Thread contract: read() is a pure function (any thread); the index is immutable afterwards
/// and may be shared between threads.
class DataEntryIndex
{
public:
    DataEntryIndex() = default;
    /// Throws DatasetError (unreadable, corrupt, too large, or no row with an original size).
    static DataEntryIndex read(const QString& csvPath);

    /// The row for `fileName` (a bare name such as "00000100_000.png"), or nullptr.
    const LabelRecord* find(const QString& fileName) const;
    int size() const { return m_rows ? int(m_rows->size()) : 0; }
    bool isEmpty() const { return size() == 0; }
    /// The file it was read from.
    const QString& path() const { return m_path; }

private:
    std::shared_ptr<const QHash<QString, LabelRecord>> m_rows;
    QString m_path;
};

} // namespace chexview
