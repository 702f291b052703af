#pragma once

#include "chexview/image/VoiWindow.h"
#include "chexview/image/XrayImage.h"

#include <QImage>

#include <cstdint>
#include <vector>

namespace chexview {

/// VOI + presentation stages to 8-bit display. The three stages (modality, VOI, presentation)
/// are composed into one lookup table indexed by stored value, so a window/level change costs
/// one table build plus one pass over the pixels. The table is used only when the stored range
/// present is small (<= kMaxLutEntries); wider ranges (32-bit data with extreme values) are
/// mapped pixel by pixel, so work and memory follow the pixel count, never the value range.
/// Pure functions; callable from any thread.
class DisplayPipeline
{
public:
    struct Settings
    {
        VoiWindow window;
        bool userInvert = false; ///< the user's invert toggle, on top of the file's polarity
    };

    /// Largest stored range rendered through a table (16-bit data always is).
    static constexpr int64_t kMaxLutEntries = int64_t(1) << 20;

    /// Composed stored -> 8-bit table; index = stored - minStored. Empty when the range holds
    /// more than kMaxLutEntries values (or maxStored < minStored).
    static std::vector<uint8_t> buildLut(const XrayImage& image, const Settings& settings,
                                         int32_t minStored, int32_t maxStored);
    /// Renders the display image (Format_Grayscale8), full resolution.
    static QImage render(const XrayImage& image, const Settings& settings);
    /// One stored value through modality, VOI and presentation (what a table entry holds).
    static uint8_t displayValue(const ModalityLut& modality, const VoiWindow& window, bool invert,
                                int32_t stored);
    /// Final polarity: the file's MONOCHROME1 XOR the user's invert.
    static bool effectiveInvert(const XrayImage& image, bool userInvert);
};

} // namespace chexview
