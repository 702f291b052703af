#pragma once

#include "chexview/image/ImageMetadata.h"
#include "chexview/measure/Measurement.h"

#include <QList>
#include <QString>

namespace chexview {

/// Measurements kept per image in a folder, one JSON file per image key: the SOP Instance UID
/// (0008,0018) for DICOM, else the SHA-256 of the file's bytes (the same PNG under another
/// name finds its measurements; an edited file does not). Files are written atomically
/// (QSaveFile); a missing, oversized or malformed file reads as no measurements. The opened
/// image is never written. Not thread-safe: one store per thread.
class MeasurementStore
{
public:
    explicit MeasurementStore(QString folder);

    /// "sop-<uid>" or "sha256-<hex>"; empty when the file cannot be read.
    static QString imageKey(const ImageMetadata& meta, const QString& filePath);

    QList<Measurement> load(const QString& key) const;
    /// Saves (an empty list removes the file); false when the folder or file cannot be written.
    bool save(const QString& key, const QList<Measurement>& measurements) const;
    QString fileFor(const QString& key) const;

    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
    static constexpr int kMaxMeasurements = 10000;

private:
    QString m_folder;
};

} // namespace chexview
