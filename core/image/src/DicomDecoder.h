#pragma once

#include "chexview/image/XrayImage.h"

#include <QString>

namespace chexview {

/// DICOM Part-10 files and bare datasets (no preamble/meta header) through DCMTK.
/// Reentrant; codecs are registered once. Throws ImageError.
class DicomDecoder
{
public:
    static XrayImagePtr decode(const QString& path);
};

} // namespace chexview
