#include "RleFrameHeader.h"

#include "chexview/image/ImageError.h"

namespace chexview {

namespace {

using Code = ImageError::Code;

uint32_t le32(const uint8_t* p)
{
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

[[noreturn]] void refuse(Code code, const QString& message)
{
    throw ImageError(code, message, QStringLiteral("(7FE0,0010)"));
}

constexpr uint32_t kHeaderBytes = 64;

} // namespace

std::vector<uint32_t> RleFrameHeader::check(const uint8_t* fragment, uint64_t length,
                                            uint32_t segments)
{
    if (!fragment || length < kHeaderBytes)
        refuse(Code::TruncatedPixelData,
               QStringLiteral("the RLE frame's fragment holds %1 bytes, less than its 64-byte "
                              "header")
                   .arg(length));
    const uint32_t claimed = le32(fragment);
    if (claimed != segments || segments < 1 || segments > 15)
        refuse(Code::MalformedDataset,
               QStringLiteral("RLE header has %1 segments; Samples per Pixel (0028,0002) and "
                              "Bits Allocated (0028,0100) need %2")
                   .arg(claimed)
                   .arg(segments));
    std::vector<uint32_t> offsets(segments);
    for (uint32_t i = 0; i < segments; ++i) {
        offsets[i] = le32(fragment + 4 * (i + 1));
        const uint64_t previousEnd = i == 0 ? kHeaderBytes : uint64_t(offsets[i - 1]) + 1;
        if (offsets[i] < previousEnd)
            refuse(Code::MalformedDataset,
                   QStringLiteral("RLE segment %1 starts at byte %2, before the end of %3")
                       .arg(i + 1)
                       .arg(offsets[i])
                       .arg(i == 0
                                ? QStringLiteral("the 64-byte header")
                                : QStringLiteral("segment %1 (byte %2)").arg(i).arg(previousEnd)));
        if (offsets[i] >= length)
            refuse(Code::TruncatedPixelData,
                   QStringLiteral("RLE segment %1 starts at byte %2 of a %3-byte fragment")
                       .arg(i + 1)
                       .arg(offsets[i])
                       .arg(length));
    }
    for (uint32_t i = 0; i < segments; ++i) {
        const uint64_t end = i + 1 < segments ? offsets[i + 1] : length;
        if (decodedLength(fragment + offsets[i], end - offsets[i], 1) == 0)
            refuse(Code::TruncatedPixelData,
                   QStringLiteral("RLE segment %1 (bytes %2-%3) decodes to no pixels")
                       .arg(i + 1)
                       .arg(offsets[i])
                       .arg(end - 1));
    }
    return offsets;
}

uint64_t RleFrameHeader::decodedLength(const uint8_t* data, uint64_t size, uint64_t limit)
{
    uint64_t out = 0, p = 0;
    while (p < size && out < limit) {
        const uint8_t n = data[p++];
        if (n < 128) {
            const uint64_t run = std::min<uint64_t>(uint64_t(n) + 1, size - p);
            out += run;
            p += run;
        } else if (p < size) {
            out += 257u - n;
            ++p;
        }
    }
    return std::min(out, limit);
}

} // namespace chexview
