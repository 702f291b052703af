#pragma once

#include "chexview/dataset/DataEntryIndex.h"
#include "chexview/image/ImageMetadata.h"
#include "chexview/measure/PixelCalibration.h"

#include <QSize>
#include <QString>

namespace chexview {

/// What a measurement on one image is read against: its length calibration and its view
/// position (PA/AP, for the cardiothoracic ratio). One rule for the viewer and
/// `chexview-cli measure`: the file's own spacing first (PixelSpacing, ImagerPixelSpacing, see
/// PixelCalibration::fromMetadata); for a non-DICOM film that has none, Data_Entry's
/// OriginalImagePixelSpacing scaled from the original size to the stored one, when a Data_Entry
/// index is given and lists the file's name; the view from the file, else from Data_Entry.
/// Plain value type; any thread.
struct MeasurementContext
{
    PixelCalibration calibration;
    QString view;

    /// `path` names the file (its base name is Data_Entry's key); `stored` is the decoded size.
    static MeasurementContext forImage(const ImageMetadata& meta, const QString& path, QSize stored,
                                       const DataEntryIndex* dataEntry);
};

} // namespace chexview
