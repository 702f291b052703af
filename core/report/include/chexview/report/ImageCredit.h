#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QString>

namespace chexview {

/// Whom an exported image's data is credited to, from what the image itself shows: an NIH
/// ChestX-ray14 file name (00000001_000.png) credits NIH ChestX-ray14; a DICOM file from the
/// RSNA Pneumonia Detection Challenge (its SeriesDescription "view: PA|AP" and the UID root
/// of its conversion) credits RSNA and NIH; the classic public Fuji CR sample credits the
/// DICOM toolkits' sample set; anything else is credited to its own source, not to a data set
/// it may not come from. Pure; any thread.
class ImageCredit
{
public:
    static QString of(const ImageMetadata& meta, const QString& fileName);
};

} // namespace chexview
