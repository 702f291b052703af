#pragma once

#include "chexview/image/XrayImage.h"

#include <QByteArray>

namespace chexview {

/// PNG / JPEG / TIFF / JPEG 2000 files through OpenCV: 8- or 16-bit, gray, RGB or RGBA,
/// reduced to one gray channel with the bit depth kept. Reentrant. Throws ImageError.
class RasterDecoder
{
public:
    static XrayImagePtr decode(const QByteArray& bytes, const QString& formatName);
};

} // namespace chexview
