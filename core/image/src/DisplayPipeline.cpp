#include "chexview/image/DisplayPipeline.h"

#include <algorithm>
#include <cmath>

namespace chexview {

bool DisplayPipeline::effectiveInvert(const XrayImage& image, bool userInvert)
{
    const bool mono1 = image.polarity() == XrayImage::Polarity::Monochrome1;
    return mono1 != userInvert;
}

std::vector<uint8_t> DisplayPipeline::buildLut(const XrayImage& image, const Settings& settings,
                                               int32_t minStored, int32_t maxStored)
{
    const bool invert = effectiveInvert(image, settings.userInvert);
    const VoiWindow window = settings.window.isValid() ? settings.window : image.defaultWindow();
    const ModalityLut& modality = image.modalityLut();
    std::vector<uint8_t> lut(size_t(int64_t(maxStored) - minStored + 1));
    for (int64_t s = minStored; s <= maxStored; ++s) {
        const double v = std::clamp(window.apply(modality.apply(int32_t(s))), 0.0, 1.0);
        const auto gray = uint8_t(std::lround(v * 255.0));
        // Inverting the 8-bit value keeps inverted and plain renderings exact mirrors.
        lut[size_t(s - minStored)] = invert ? uint8_t(255 - gray) : gray;
    }
    return lut;
}

QImage DisplayPipeline::render(const XrayImage& image, const Settings& settings)
{
    const StoredImage& st = image.stored();
    if (st.isEmpty())
        return {};
    const auto [lo, hi] = image.storedRange();
    const std::vector<uint8_t> lut = buildLut(image, settings, lo, hi);
    QImage out(st.width, st.height, QImage::Format_Grayscale8);
    const int32_t* src = st.values.data();
    for (int y = 0; y < st.height; ++y) {
        uchar* row = out.scanLine(y);
        for (int x = 0; x < st.width; ++x)
            row[x] = lut[size_t(*src++ - lo)];
    }
    return out;
}

} // namespace chexview
