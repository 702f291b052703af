#pragma once

#include "chexview/image/VoiWindow.h"
#include "chexview/image/XrayImage.h"

#include <QImage>

#include <cstdint>
#include <vector>

namespace chexview {

/// VOI + presentation stages to 8-bit display. The three stages (modality, VOI, presentation)
/// are composed into one lookup table indexed by stored value, so a window/level change costs
/// one table build plus one pass over the pixels. Pure functions; callable from any thread.
class DisplayPipeline
{
public:
    struct Settings
    {
        VoiWindow window;
        bool userInvert = false; ///< the user's invert toggle, on top of the file's polarity
    };

    /// Composed stored -> 8-bit table; index = stored - minStored.
    static std::vector<uint8_t> buildLut(const XrayImage& image, const Settings& settings,
                                         int32_t minStored, int32_t maxStored);
    /// Renders the display image (Format_Grayscale8), full resolution.
    static QImage render(const XrayImage& image, const Settings& settings);
    /// Final polarity: the file's MONOCHROME1 XOR the user's invert.
    static bool effectiveInvert(const XrayImage& image, bool userInvert);
};

} // namespace chexview
