#include "DicomNestingScan.h"

#include "chexview/image/ImageError.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace chexview {

namespace {

constexpr uint32_t kUndefined = 0xFFFFFFFFu;
constexpr uint64_t kOpenEnded = ~uint64_t(0);

struct Syntax
{
    bool explicitVr = true;
    bool bigEndian = false;
};

class Walker
{
public:
    Walker(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}

    /// Walks from `pos` to the end; returns the deepest nesting (stops past kMaxDepth).
    int walk(size_t pos, Syntax syntax)
    {
        struct Frame
        {
            uint64_t end;
            bool item;
        };
        std::vector<Frame> stack;
        int deepest = 0;
        while (pos + 8 <= m_size) {
            while (!stack.empty() && stack.back().end != kOpenEnded && pos >= stack.back().end)
                stack.pop_back();
            // The meta group is always explicit little endian.
            const uint16_t rawGroup = u16(pos, false);
            const Syntax s = rawGroup == 0x0002 ? Syntax{true, false} : syntax;
            const uint16_t group = u16(pos, s.bigEndian);
            const uint16_t element = u16(pos + 2, s.bigEndian);
            if (group == 0xFFFE) {
                const uint32_t len = u32(pos + 4, s.bigEndian);
                pos += 8;
                if (element == 0xE000) {
                    stack.push_back({len == kUndefined ? kOpenEnded : pos + uint64_t(len), true});
                } else if (element == 0xE00D || element == 0xE0DD) {
                    // Close up to and including the innermost item (E00D) / sequence (E0DD).
                    const bool wantItem = element == 0xE00D;
                    while (!stack.empty()) {
                        const bool wasItem = stack.back().item;
                        stack.pop_back();
                        if (wasItem == wantItem)
                            break;
                    }
                } else {
                    return deepest; // not a delimiter DCMTK knows: leave it to DCMTK
                }
            } else {
                uint32_t len = 0;
                bool sequence = false;
                if (s.explicitVr) {
                    const char vr[3] = {char(m_data[pos + 4]), char(m_data[pos + 5]), 0};
                    if (vr[0] < 'A' || vr[0] > 'Z' || vr[1] < 'A' || vr[1] > 'Z')
                        return deepest;
                    if (longVr(vr)) {
                        if (pos + 12 > m_size)
                            return deepest;
                        len = u32(pos + 8, s.bigEndian);
                        pos += 12;
                    } else {
                        len = u16(pos + 6, s.bigEndian);
                        pos += 8;
                    }
                    sequence = std::strcmp(vr, "SQ") == 0 || len == kUndefined;
                } else {
                    len = u32(pos + 4, s.bigEndian);
                    pos += 8;
                    // Without a dictionary a defined-length sequence is known by its first item.
                    sequence = len == kUndefined ||
                               (len >= 8 && pos + 4 <= m_size && u16(pos, s.bigEndian) == 0xFFFE &&
                                u16(pos + 2, s.bigEndian) == 0xE000);
                }
                if (sequence) {
                    stack.push_back({len == kUndefined ? kOpenEnded : pos + uint64_t(len), false});
                } else {
                    if (uint64_t(pos) + len > m_size) {
                        // A value past the end of the file: DCMTK would allocate the claimed
                        // length (up to 4 GiB) before finding out.
                        m_overrun = {group, element, len, uint64_t(m_size - pos)};
                        return deepest;
                    }
                    pos += len;
                }
            }
            deepest = std::max(deepest, int(stack.size()));
            if (deepest > DicomNestingScan::kMaxDepth)
                return deepest;
        }
        return deepest;
    }

    // Reads the File Meta group (explicit VR little endian); returns where the dataset starts
    // and its transfer syntax UID.
    size_t skipMeta(size_t pos, std::string& xfer) const
    {
        while (pos + 8 <= m_size && u16(pos, false) == 0x0002) {
            const uint16_t element = u16(pos + 2, false);
            const char vr[3] = {char(m_data[pos + 4]), char(m_data[pos + 5]), 0};
            uint64_t len = 0;
            size_t value = 0;
            if (longVr(vr)) {
                if (pos + 12 > m_size)
                    return pos;
                len = u32(pos + 8, false);
                value = pos + 12;
            } else {
                len = u16(pos + 6, false);
                value = pos + 8;
            }
            if (len == kUndefined || value + len > m_size)
                return pos;
            if (element == 0x0010)
                xfer.assign(reinterpret_cast<const char*>(m_data + value), size_t(len));
            pos = size_t(value + len);
        }
        return pos;
    }

    uint16_t u16(size_t p, bool big) const
    {
        return big ? uint16_t(m_data[p] << 8 | m_data[p + 1])
                   : uint16_t(m_data[p] | m_data[p + 1] << 8);
    }
    uint32_t u32(size_t p, bool big) const
    {
        const uint32_t a = u16(p, big), b = u16(p + 2, big);
        return big ? (a << 16 | b) : (b << 16 | a);
    }

private:
    static bool longVr(const char* vr)
    {
        static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                            "SV", "UC", "UN", "UR", "UT", "UV"};
        for (const char* l : kLong)
            if (std::strcmp(vr, l) == 0)
                return true;
        return false;
    }

public:
    struct Overrun
    {
        uint16_t group = 0, element = 0;
        uint64_t claimed = 0, left = 0;
    };
    /// The first non-pixel element whose value runs past the end of the data, if any.
    Overrun overrun() const { return m_overrun; }

private:
    const uint8_t* m_data;
    size_t m_size;
    Overrun m_overrun;
};

[[noreturn]] void tooLarge()
{
    throw ImageError(ImageError::Code::TooLarge,
                     QStringLiteral("deflated dataset inflates past %1 MiB")
                         .arg(DicomNestingScan::kMaxInflatedBytes >> 20));
}

// Raw deflate (Deflated Explicit VR Little Endian), bounded.
std::vector<uint8_t> inflateBounded(const uint8_t* data, size_t size)
{
    std::vector<uint8_t> out;
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return out;
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = uInt(std::min<size_t>(size, 0x7FFFFFFF));
    std::vector<uint8_t> chunk(1 << 16);
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = chunk.data();
        z.avail_out = uInt(chunk.size());
        rc = inflate(&z, Z_NO_FLUSH);
        out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - z.avail_out));
        if (int64_t(out.size()) > DicomNestingScan::kMaxInflatedBytes) {
            inflateEnd(&z);
            tooLarge();
        }
        if (z.avail_out != 0 && rc == Z_OK && z.avail_in == 0)
            break;
    }
    inflateEnd(&z);
    return out;
}

} // namespace

namespace {

struct ScanResult
{
    int depth = 0;
    Walker::Overrun overrun;
};

ScanResult scan(const uint8_t* data, size_t size)
{
    Walker w(data, size);
    size_t pos = 0;
    Syntax syntax;
    std::string xfer;
    if (size >= 132 && std::memcmp(data + 128, "DICM", 4) == 0) {
        pos = w.skipMeta(132, xfer);
    } else if (size >= 8) {
        pos = w.skipMeta(0, xfer); // a bare dataset may still start with a meta group
        if (pos + 8 <= size && xfer.empty()) {
            // DCMTK guesses the syntax of a bare dataset from its first element.
            const bool big = data[pos] == 0 && data[pos + 1] != 0;
            const char a = char(data[pos + 4]), b = char(data[pos + 5]);
            syntax = {a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z', big};
        }
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
        const std::vector<uint8_t> inflated = inflateBounded(data + pos, size - pos);
        Walker inner(inflated.data(), inflated.size());
        const int d = inner.walk(0, syntax);
        return {d, inner.overrun()};
    }
    const int d = w.walk(pos, syntax);
    return {d, w.overrun()};
}

} // namespace

int DicomNestingScan::depth(const uint8_t* data, size_t size)
{
    return scan(data, size).depth;
}

void DicomNestingScan::check(const uint8_t* data, size_t size)
{
    const ScanResult r = scan(data, size);
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
    const int d = r.depth;
    if (d > kMaxDepth)
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("sequences nested more than %1 levels deep; refusing "
                                        "the dataset")
                             .arg(kMaxDepth));
}

} // namespace chexview
