#pragma once

#include "RasterHeader.h"

#include <QString>

namespace chexview {

/// How a raster file will be decoded within the memory budget, decided from its header alone.
struct DecodePlan
{
    int reduction = 1;      ///< stored pixels are reduction x reduction box averages
    qint64 storedWidth = 0; ///< ceil(width / reduction)
    qint64 storedHeight = 0;
    qint64 peakBytes = 0; ///< the estimate the plan was checked with
};

/// The memory budget of one raster decode, checked before anything is allocated: from the
/// geometry and depth a header claims (not a pixel count alone) and against the bytes that are
/// actually there. Images whose full resolution would not fit are decoded reduced by 2, 4 or 8
/// where the codec can (PNG row by row, JPEG DCT scaling, JPEG 2000 resolution levels).
/// Pure; any thread. Throws ImageError (TooLarge, TruncatedPixelData).
class DecodeBudget
{
public:
    /// Claimed pixels above this are refused outright (the ImageLoader limit).
    static qint64 maxPixels();
    /// At most this many stored values (int32) are kept: 32 Mi, 128 MiB.
    static constexpr qint64 kStoredPixels = qint64(1) << 25;
    /// Codec buffers + stored values of one decode.
    static constexpr qint64 kPeakBytes = qint64(320) << 20;

    static DecodePlan plan(const RasterGeometry& g, const QString& formatName, qint64 fileBytes);
    /// Fewest bytes a file of this geometry can be (the codec's best compression ratio).
    static qint64 minimumFileBytes(const RasterGeometry& g, const QString& formatName);
    /// Bytes the codec holds while decoding at `reduction` (output buffer, coefficients, rows).
    static qint64 codecBytes(const RasterGeometry& g, const QString& formatName, int reduction);

    /// One DICOM frame as it will be decoded: whole (DICOM's codecs here cannot decode reduced).
    struct DicomFrame
    {
        qint64 rows = 0, cols = 0;
        int samples = 1, bitsAllocated = 16;
        bool encapsulated = false, jpeg2000 = false;
        qint64 pixelDataBytes = 0; ///< the Pixel Data value (or its fragments) DCMTK may load
        QString transferSyntax;    ///< for the message
    };
    /// Peak bytes of that decode: the frame buffer (native: plus DCMTK's copy of the value;
    /// JPEG 2000: OpenJPEG's int32 planes), the compressed fragments and the stored values.
    static qint64 dicomFrameBytes(const DicomFrame& f);
    /// Throws ImageError(TooLarge) when dicomFrameBytes exceeds kPeakBytes, before Pixel Data is
    /// read: a huge frame is refused from its Image Pixel module, not after it was allocated.
    static void checkDicomFrame(const DicomFrame& f);
};

} // namespace chexview
