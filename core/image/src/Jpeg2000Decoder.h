#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chexview {

/// Decodes a JPEG 2000 codestream (J2K) or JP2 file held in memory with OpenJPEG.
/// Reentrant. Throws ImageError(DecodeFailed) on corrupt input.
class Jpeg2000Decoder
{
public:
    struct Image
    {
        int width = 0;
        int height = 0;
        int precision = 0;
        bool isSigned = false;
        std::vector<std::vector<int32_t>> components; ///< one plane per component
    };

    /// `expectedWidth`/`expectedHeight` (0: any) are compared with the codestream header before
    /// anything is decoded, so a header claiming more than the dataset says is never allocated.
    /// `reduceLevels` drops that many resolution levels (each halves both sides) while
    /// decoding, so a huge frame is never held at full resolution.
    static Image decode(const uint8_t* data, size_t size, int expectedWidth = 0,
                        int expectedHeight = 0, int reduceLevels = 0);
};

} // namespace chexview
