#include "DecodeBudget.h"

#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

namespace chexview {

namespace {

qint64 ceilDiv(qint64 a, qint64 b)
{
    return (a + b - 1) / b;
}

int bytesPerSample(const RasterGeometry& g)
{
    return g.bitsPerSample > 8 ? 2 : 1;
}

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1 << 20), 'f', 0) + QStringLiteral(" MiB");
}

} // namespace

qint64 DecodeBudget::maxPixels()
{
    return ImageLoader::kMaxPixels;
}

qint64 DecodeBudget::minimumFileBytes(const RasterGeometry& g, const QString& formatName)
{
    // Sides are at most 2^31 each (RasterHeader), so every product below fits in 64 bits.
    const qint64 raw = g.width * g.height * g.channels * qMax(1, g.bitsPerSample) / 8;
    if (formatName == QLatin1String("PNG"))
        return raw / 1032; // deflate's best ratio is 1032:1
    if (formatName == QLatin1String("JPEG"))
        return ceilDiv(g.width, 8) * ceilDiv(g.height, 8) / 8; // at least 1 bit per 8x8 block
    if (formatName == QLatin1String("TIFF"))
        return g.compressed ? raw / 4096 : raw; // LZW: a 12-bit code yields at most 4096 bytes
    return 0; // JPEG 2000: no useful lower bound; resolution reduction bounds the decode
}

qint64 DecodeBudget::codecBytes(const RasterGeometry& g, const QString& formatName, int reduction)
{
    const qint64 w = ceilDiv(g.width, reduction), h = ceilDiv(g.height, reduction);
    const int bps = bytesPerSample(g);
    if (formatName == QLatin1String("JPEG 2000"))    // OpenJPEG: one int32 plane per component
        return w * h * 4 * g.channels + (w * h * 4); // + the gray plane
    if (formatName == QLatin1String("JPEG")) {
        // Output of the (scaled) decode, plus the whole coefficient array of a progressive file.
        const qint64 out = w * h * (g.channels == 1 ? 1 : 3) * 2; // decoded + gray copy
        return out + (g.progressive ? g.width * g.height * g.channels * 2 : 0);
    }
    if (reduction > 1) // PNG row by row: one source row and the column sums of one output row
        return g.width * g.channels * bps + w * 8 * 2; // (interlaced: the sums are the output)
    const int outChannels = g.palette ? 3 : g.channels;
    return w * h * outChannels * bps + w * h * bps; // decoded + gray copy
}

DecodePlan DecodeBudget::plan(const RasterGeometry& g, const QString& formatName, qint64 fileBytes)
{
    const qint64 pixels = g.width * g.height;
    if (pixels > maxPixels())
        throw ImageError(ImageError::Code::TooLarge,
                         QStringLiteral("%1 of %2x%3 pixels exceeds the limit of %4 pixels")
                             .arg(formatName)
                             .arg(g.width)
                             .arg(g.height)
                             .arg(maxPixels()));
    const qint64 least = minimumFileBytes(g, formatName);
    if (fileBytes < least)
        throw ImageError(ImageError::Code::TruncatedPixelData,
                         QStringLiteral("%1 bytes cannot hold a %2x%3 %4 image (at least %5)")
                             .arg(fileBytes)
                             .arg(g.width)
                             .arg(g.height)
                             .arg(formatName)
                             .arg(least));
    // Which codecs can decode reduced, and by how much.
    int maxReduction = 1;
    if (formatName == QLatin1String("JPEG"))
        maxReduction = 8;
    else if (formatName == QLatin1String("PNG")) // interlaced too: pass rows into box sums
        maxReduction = 8;
    else if (formatName == QLatin1String("JPEG 2000"))
        // COD's level count comes from the file (up to 255): capped before the shift.
        maxReduction = g.resolutionLevels > 0 ? 1 << (qMin(g.resolutionLevels, 4) - 1) : 8;
    for (int f = 1; f <= maxReduction; f *= 2) {
        DecodePlan p;
        p.reduction = f;
        p.storedWidth = ceilDiv(g.width, f);
        p.storedHeight = ceilDiv(g.height, f);
        const qint64 stored = p.storedWidth * p.storedHeight;
        p.peakBytes = stored * 4 + codecBytes(g, formatName, f);
        if (stored <= kStoredPixels && p.peakBytes <= kPeakBytes)
            return p;
    }
    const qint64 need = pixels * 4 + codecBytes(g, formatName, 1);
    throw ImageError(
        ImageError::Code::TooLarge,
        QStringLiteral("%1 of %2x%3 pixels (%4 bits, %5 samples%6) needs %7 to decode, more than "
                       "the %8 budget, and cannot be decoded reduced")
            .arg(formatName)
            .arg(g.width)
            .arg(g.height)
            .arg(g.bitsPerSample)
            .arg(g.channels)
            .arg(g.interlaced    ? QStringLiteral(", interlaced")
                 : g.progressive ? QStringLiteral(", progressive")
                                 : QString())
            .arg(mib(need), mib(kPeakBytes)));
}

qint64 DecodeBudget::dicomFrameBytes(const DicomFrame& f)
{
    // Rows and Columns are 16-bit, so every product below fits in 64 bits.
    const qint64 n = f.rows * f.cols;
    const qint64 frame = n * f.samples * qMax(1, f.bitsAllocated / 8);
    const qint64 stored = n * 4;
    if (f.jpeg2000)
        return n * 4 * f.samples + stored + f.pixelDataBytes;
    if (f.encapsulated)
        return frame + stored + f.pixelDataBytes;
    return 2 * frame + stored;
}

void DecodeBudget::checkDicomFrame(const DicomFrame& f)
{
    const qint64 need = dicomFrameBytes(f);
    if (need <= kPeakBytes)
        return;
    throw ImageError(ImageError::Code::TooLarge,
                     QStringLiteral("DICOM frame of %1x%2 pixels (%3 bits allocated, %4 samples, "
                                    "%5) needs %6 to decode, more than the %7 budget (a chest "
                                    "film is at most about 4300x4300)")
                         .arg(f.cols)
                         .arg(f.rows)
                         .arg(f.bitsAllocated)
                         .arg(f.samples)
                         .arg(f.transferSyntax)
                         .arg(mib(need), mib(kPeakBytes)),
                     QStringLiteral("(0028,0010)"));
}

} // namespace chexview
