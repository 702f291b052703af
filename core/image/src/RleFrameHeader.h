#pragma once

#include <cstdint>
#include <vector>

namespace chexview {

/// The 64-byte header of one DICOM RLE frame (PS3.5 Annex G) checked against the fragment that
/// holds it, BEFORE DCMTK's RLE codec sees the fragment. DCMTK 3.6.7 trusts the header: it
/// copies 64 bytes from a shorter fragment, decodes the last segment from `fragmentLength -
/// offset` bytes (a wrap-around when the offset lies past the fragment; fuzz_image_loader's
/// SEGV in DcmRLEDecoder::decompress), reads a middle segment up to the next offset wherever
/// that points, and, for a segment that decodes to nothing, reads the byte before its output
/// buffer. `check` refuses each of these with ImageError (TruncatedPixelData /
/// MalformedDataset) naming the segment. Pure function; reentrant.
class RleFrameHeader
{
public:
    /// `fragment`/`length`: the frame's fragment (item 1 of the pixel sequence for frame 0: RLE
    /// puts one frame in exactly one fragment); `segments`: Samples per Pixel x bytes per
    /// sample. Returns the segment offsets (strictly increasing, each inside the fragment).
    static std::vector<uint32_t> check(const uint8_t* fragment, uint64_t length, uint32_t segments);

    /// Bytes PackBits yields from `size` bytes at `data`, read as DCMTK's decoder reads them
    /// (n < 128: n + 1 literal bytes; otherwise one byte repeated 257 - n times), stopping at
    /// `limit`. A run cut by the end of the segment yields what it has.
    static uint64_t decodedLength(const uint8_t* data, uint64_t size, uint64_t limit);
};

} // namespace chexview
