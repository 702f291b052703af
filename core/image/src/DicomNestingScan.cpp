#include "DicomNestingScan.h"

#include "DicomElementWalker.h"

#include "chexview/image/ImageError.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace chexview {

namespace {

// Reads the File Meta group (explicit VR little endian); returns where the dataset starts and
// its transfer syntax UID.
size_t skipMeta(const uint8_t* data, size_t size, size_t pos, std::string& xfer)
{
    const auto u16 = [&](size_t p) { return uint16_t(data[p] | data[p + 1] << 8); };
    const auto u32 = [&](size_t p) { return uint32_t(u16(p)) | uint32_t(u16(p + 2)) << 16; };
    while (pos + 8 <= size && u16(pos) == 0x0002) {
        const uint16_t element = u16(pos + 2);
        const char a = char(data[pos + 4]), b = char(data[pos + 5]);
        const bool longVr =
            (a == 'O' && (b == 'B' || b == 'D' || b == 'F' || b == 'L' || b == 'V' || b == 'W')) ||
            (a == 'S' && (b == 'Q' || b == 'V')) ||
            (a == 'U' && (b == 'C' || b == 'N' || b == 'R' || b == 'T' || b == 'V'));
        uint64_t len = 0;
        size_t value = 0;
        if (longVr) {
            if (pos + 12 > size)
                return pos;
            len = u32(pos + 8);
            value = pos + 12;
        } else {
            len = u16(pos + 6);
            value = pos + 8;
        }
        if (len == 0xFFFFFFFFu || value + len > size)
            return pos;
        if (element == 0x0010)
            xfer.assign(reinterpret_cast<const char*>(data + value), size_t(len));
        pos = size_t(value + len);
    }
    return pos;
}

[[noreturn]] void tooLarge()
{
    throw ImageError(ImageError::Code::TooLarge,
                     QStringLiteral("deflated dataset inflates past %1 MiB")
                         .arg(DicomNestingScan::kMaxInflatedBytes >> 20));
}

// Raw deflate (Deflated Explicit VR Little Endian), bounded, appended to `out`. A stream cut
// short keeps what inflated (DCMTK then finds the dataset truncated); corrupt data is refused.
void inflateBounded(const uint8_t* data, size_t size, std::vector<uint8_t>& out)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        throw ImageError(ImageError::Code::TooLarge, QStringLiteral("cannot inflate: no memory"));
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = uInt(std::min<size_t>(size, 0x7FFFFFFF));
    const size_t limit = size_t(DicomNestingScan::kMaxInflatedBytes) + out.size();
    constexpr size_t kChunk = size_t(1) << 16;
    int rc = Z_OK;
    while (rc == Z_OK) {
        // Grow by half (not doubling) and never far past the limit: peak memory stays near it.
        if (out.capacity() - out.size() < kChunk)
            out.reserve(std::min(limit + kChunk, std::max(out.size() + kChunk,
                                                          out.capacity() + out.capacity() / 2)));
        const size_t before = out.size();
        out.resize(before + kChunk);
        z.next_out = out.data() + before;
        z.avail_out = uInt(kChunk);
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(before + (kChunk - z.avail_out));
        if (out.size() > limit) {
            inflateEnd(&z);
            tooLarge();
        }
        if (rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0))
            break; // input ends before the deflate stream does
    }
    inflateEnd(&z);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("deflated dataset is corrupt (zlib: %1)")
                             .arg(QLatin1String(z.msg ? z.msg : "error")));
}

struct ScanResult
{
    int depth = 0;
    DicomElementWalker::Overrun overrun;
};

ScanResult scan(const uint8_t* data, size_t size, std::vector<uint8_t>* inflated)
{
    size_t pos = 0;
    DicomElementWalker::Syntax syntax;
    std::string xfer;
    if (size >= 132 && std::memcmp(data + 128, "DICM", 4) == 0)
        pos = skipMeta(data, size, 132, xfer);
    else if (size >= 8)
        pos = skipMeta(data, size, 0, xfer); // a bare dataset may still start with a meta group
    if (pos + 8 <= size && xfer.empty()) {
        // No Transfer Syntax UID: DCMTK guesses the syntax from the first element.
        const bool big = data[pos] == 0 && data[pos + 1] != 0;
        const char a = char(data[pos + 4]), b = char(data[pos + 5]);
        syntax = {a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z', big};
    }
    while (!xfer.empty() && (xfer.back() == '\0' || xfer.back() == ' '))
        xfer.pop_back();
    if (xfer == "1.2.840.10008.1.2")
        syntax = {false, false};
    else if (xfer == "1.2.840.10008.1.2.2")
        syntax = {true, true};
    else if (!xfer.empty())
        syntax = {true, false};
    if (xfer == "1.2.840.10008.1.2.1.99") {
        std::vector<uint8_t> local;
        std::vector<uint8_t>& out = inflated ? *inflated : local;
        out.assign(data, data + pos);
        inflateBounded(data + pos, size - pos, out);
        DicomElementWalker inner(out.data(), out.size(), DicomNestingScan::kMaxDepth);
        const int d = inner.walk(pos, syntax);
        return {d, inner.overrun()};
    }
    DicomElementWalker w(data, size, DicomNestingScan::kMaxDepth);
    const int d = w.walk(pos, syntax);
    return {d, w.overrun()};
}

} // namespace

int DicomNestingScan::depth(const uint8_t* data, size_t size)
{
    return scan(data, size, nullptr).depth;
}

void DicomNestingScan::check(const uint8_t* data, size_t size, std::vector<uint8_t>* inflated)
{
    if (inflated)
        inflated->clear();
    const ScanResult r = scan(data, size, inflated);
    if (r.overrun.claimed > 0 && r.overrun.group == 0x7FE0)
        throw ImageError(ImageError::Code::TruncatedPixelData,
                         QStringLiteral("DICOM file is truncated inside Pixel Data (7FE0,%1): it "
                                        "claims %2 bytes, %3 are left")
                             .arg(r.overrun.element, 4, 16, QLatin1Char('0'))
                             .arg(r.overrun.claimed)
                             .arg(r.overrun.left));
    if (r.overrun.claimed > 0)
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("element (%1,%2) claims %3 bytes but only %4 are left in "
                                        "the file; refusing the dataset")
                             .arg(r.overrun.group, 4, 16, QLatin1Char('0'))
                             .arg(r.overrun.element, 4, 16, QLatin1Char('0'))
                             .arg(r.overrun.claimed)
                             .arg(r.overrun.left));
    if (r.depth > kMaxDepth)
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("sequences nested more than %1 levels deep; refusing "
                                        "the dataset")
                             .arg(kMaxDepth));
}

} // namespace chexview
