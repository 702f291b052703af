#include "CompressedFrameCheck.h"

#include "RleFrameHeader.h"

#include "chexview/image/ImageError.h"

#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include <cstdint>
#include <vector>

namespace chexview {

namespace {

using Code = ImageError::Code;
const QString kPixelTag = QStringLiteral("(7FE0,0010)");

enum class Coding
{
    Other,
    JpegDct,      ///< baseline / extended / progressive, Huffman
    JpegLossless, ///< process 14 (SV1 included)
    JpegLs,
    Rle
};

Coding codingOf(E_TransferSyntax xfer)
{
    switch (xfer) {
    case EXS_JPEGProcess1:
    case EXS_JPEGProcess2_4:
    case EXS_JPEGProcess3_5:
    case EXS_JPEGProcess6_8:
    case EXS_JPEGProcess7_9:
    case EXS_JPEGProcess10_12:
    case EXS_JPEGProcess11_13:
    case EXS_JPEGProcess14:
    case EXS_JPEGProcess15:
    case EXS_JPEGProcess16_18:
    case EXS_JPEGProcess17_19:
    case EXS_JPEGProcess20_22:
    case EXS_JPEGProcess21_23:
    case EXS_JPEGProcess24_26:
    case EXS_JPEGProcess25_27:
    case EXS_JPEGProcess28:
    case EXS_JPEGProcess29:
    case EXS_JPEGProcess14SV1:
        return Coding::JpegDct; // refined by the SOF marker actually present
    case EXS_JPEGLSLossless:
    case EXS_JPEGLSLossy:
        return Coding::JpegLs;
    case EXS_RLELossless:
        return Coding::Rle;
    default:
        return Coding::Other;
    }
}

struct Fragments
{
    bool encapsulated = false;
    std::vector<uint8_t> head;      ///< the first bytes of the first frame (up to kHeadBytes)
    uint64_t totalBytes = 0;        ///< all fragments of all frames
    const uint8_t* first = nullptr; ///< item 1, the fragment DCMTK decodes for frame 0
    uint64_t firstLength = 0;
};

constexpr size_t kHeadBytes = 1 << 16;

Fragments collect(DcmPixelData& pixelData, E_TransferSyntax xfer)
{
    Fragments f;
    DcmPixelSequence* seq = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
        return f;
    f.encapsulated = true;
    // Item 0 is the Basic Offset Table.
    for (unsigned long i = 1; i < seq->card(); ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* data = nullptr;
        if (seq->getItem(item, i).bad() || !item || item->getUint8Array(data).bad() || !data)
            continue;
        const uint64_t len = item->getLength();
        if (i == 1) {
            f.first = data;
            f.firstLength = len;
        }
        f.totalBytes += len;
        if (f.head.size() < kHeadBytes)
            f.head.insert(f.head.end(), data,
                          data + std::min<uint64_t>(len, kHeadBytes - f.head.size()));
    }
    return f;
}

[[noreturn]] void refuse(Code code, const QString& message)
{
    throw ImageError(code, message, kPixelTag);
}

struct JpegFrameHeader
{
    int marker = 0;
    int precision = 0;
    int height = 0;
    int width = 0;
    int components = 0;
};

// Walks the marker segments of a JPEG / JPEG-LS stream up to the first SOF.
bool findFrameHeader(const std::vector<uint8_t>& b, JpegFrameHeader& out)
{
    if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8)
        return false;
    size_t p = 2;
    while (p + 4 <= b.size()) {
        if (b[p] != 0xFF)
            return false;
        const int marker = b[p + 1];
        if (marker == 0xFF) { // fill byte
            ++p;
            continue;
        }
        const size_t len = size_t(b[p + 2]) << 8 | b[p + 3];
        if (len < 2)
            return false;
        const bool sof = (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                          marker != 0xCC) ||
                         marker == 0xF7;
        if (sof) {
            if (len < 8 || p + 10 > b.size())
                return false;
            out.marker = marker;
            out.precision = b[p + 4];
            out.height = int(b[p + 5]) << 8 | b[p + 6];
            out.width = int(b[p + 7]) << 8 | b[p + 8];
            out.components = b[p + 9];
            return true;
        }
        if (marker == 0xDA || marker == 0xD9) // scan or end before any frame header
            return false;
        p += 2 + len;
    }
    return false;
}

void checkJpeg(const Fragments& f, Coding coding, const CompressedFrameCheck::Claim& c)
{
    JpegFrameHeader h;
    if (!findFrameHeader(f.head, h))
        refuse(Code::DecodeFailed, QStringLiteral("the first %1 fragment has no frame header (SOF)")
                                       .arg(coding == Coding::JpegLs ? QStringLiteral("JPEG-LS")
                                                                     : QStringLiteral("JPEG")));
    // Height 0 means "defined later by a DNL marker": only the width can be compared then.
    if (h.width != c.columns || (h.height != 0 && h.height != c.rows) || h.components != c.samples)
        refuse(Code::MalformedDataset,
               QStringLiteral("compressed frame is %1x%2 with %3 component(s) but Columns "
                              "(0028,0011), Rows (0028,0010) and Samples per Pixel (0028,0002) "
                              "say %4x%5 with %6")
                   .arg(h.width)
                   .arg(h.height)
                   .arg(h.components)
                   .arg(c.columns)
                   .arg(c.rows)
                   .arg(c.samples));
    // Lower bounds of the entropy-coded size (Huffman codes are at least one bit):
    // DCT needs a DC code and an end-of-block per 8x8 block of the first component (progressive
    // scans at least one bit); lossless needs one code per sample. JPEG-LS codes a flat line in
    // run mode, where one bit covers at most 2^15 samples (J[RUNindex] <= 15, ITU-T T.87 A.7.1)
    // and a run ends at the end of every line with at least one bit: rows x ceil(columns /
    // 32768) bits whatever the interleave. Arithmetic coding has no useful bound.
    uint64_t minBytes = 0;
    const uint64_t rows = uint64_t(c.rows), columns = uint64_t(c.columns);
    const uint64_t pixels = rows * columns;
    const bool lossless =
        h.marker == 0xC3 || h.marker == 0xC7 || h.marker == 0xCB || h.marker == 0xCF;
    if (h.marker == 0xF7 || coding == Coding::JpegLs)
        minBytes = rows * ((columns + 32767) / 32768) / 8;
    else if (h.marker >= 0xC9)
        minBytes = 0; // arithmetic coding
    else if (lossless)
        minBytes = pixels * uint64_t(c.samples) / 16;
    else
        minBytes = ((rows + 7) / 8) * ((columns + 7) / 8) / 8;
    if (f.totalBytes < minBytes)
        refuse(Code::TruncatedPixelData,
               QStringLiteral("%1 bytes of compressed data cannot hold a %2x%3 frame (at least "
                              "%4 bytes needed)")
                   .arg(f.totalBytes)
                   .arg(c.columns)
                   .arg(c.rows)
                   .arg(minBytes));
}

void checkRle(const Fragments& f, const CompressedFrameCheck::Claim& c)
{
    const uint32_t segments = uint32_t(c.samples) * uint32_t(c.bitsAllocated / 8);
    RleFrameHeader::check(f.first, f.firstLength, segments);
    // PackBits: a two-byte replicate run yields at most 128 bytes of a segment.
    const uint64_t minBytes =
        uint64_t(segments) * uint64_t(c.rows) * uint64_t(c.columns) / 64 / 2 + 64;
    if (f.totalBytes < minBytes)
        refuse(Code::TruncatedPixelData,
               QStringLiteral("%1 bytes of RLE data cannot hold a %2x%3 frame of %4 segments "
                              "(at least %5 bytes needed)")
                   .arg(f.totalBytes)
                   .arg(c.columns)
                   .arg(c.rows)
                   .arg(segments)
                   .arg(minBytes));
}

} // namespace

void CompressedFrameCheck::check(DcmPixelData& pixelData, E_TransferSyntax xfer, const Claim& claim)
{
    const Coding coding = codingOf(xfer);
    if (coding == Coding::Other)
        return;
    const Fragments f = collect(pixelData, xfer);
    if (!f.encapsulated) // native data under a compressed syntax: sized like native data
        return;
    if (f.totalBytes == 0)
        refuse(Code::TruncatedPixelData,
               QStringLiteral("encapsulated Pixel Data has no fragments"));
    if (coding == Coding::Rle)
        checkRle(f, claim);
    else
        checkJpeg(f, coding, claim);
}

} // namespace chexview
