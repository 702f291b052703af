#pragma once

#include <QByteArray>
#include <QString>

namespace chexview {

/// What a raster file's header claims, read before anything is decoded: PNG's IHDR, the JPEG
/// frame header (SOFn), TIFF's first IFD, JPEG 2000's SIZ marker. Plain value type.
struct RasterGeometry
{
    qint64 width = 0;
    qint64 height = 0;
    int channels = 1;         ///< samples per pixel as the codec delivers them
    int bitsPerSample = 8;    ///< as stored (1..16 for PNG, 8/12 for JPEG, ...)
    bool interlaced = false;  ///< PNG Adam7
    bool progressive = false; ///< JPEG SOF2/6/10/14 (the codec keeps every coefficient)
    bool compressed = true;   ///< false for an uncompressed TIFF
    bool palette = false;     ///< PNG colour type 3 (expanded to RGB)
    int resolutionLevels = 0; ///< JPEG 2000 (COD's decomposition levels + 1), 0 when unknown
};

/// Reads the claimed geometry from the first bytes of a PNG, JPEG, TIFF or JPEG 2000 file.
/// Every field is range-checked here; the products are left to the caller (64-bit, both sides
/// at most 2^31). Reentrant. Throws ImageError (DecodeFailed, UnsupportedPhotometric).
class RasterHeader
{
public:
    static RasterGeometry read(const QByteArray& bytes, const QString& formatName);
};

} // namespace chexview
