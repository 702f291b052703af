#include "chexview/image/DisplayPipeline.h"

#include <algorithm>
#include <cmath>

namespace chexview {

bool DisplayPipeline::effectiveInvert(const XrayImage& image, bool userInvert)
{
    const bool mono1 = image.polarity() == XrayImage::Polarity::Monochrome1;
    return mono1 != userInvert;
}

uint8_t DisplayPipeline::displayValue(const ModalityLut& modality, const VoiWindow& window,
                                      bool invert, int32_t stored)
{
    const double v = window.apply(modality.apply(stored));
    // NaN (a broken window) shows as black rather than whatever lround makes of it.
    const auto gray = uint8_t(std::lround(std::isnan(v) ? 0.0 : std::clamp(v, 0.0, 1.0) * 255.0));
    // Inverting the 8-bit value keeps inverted and plain renderings exact mirrors.
    return invert ? uint8_t(255 - gray) : gray;
}

std::vector<uint8_t> DisplayPipeline::buildLut(const XrayImage& image, const Settings& settings,
                                               int32_t minStored, int32_t maxStored)
{
    const int64_t entries = int64_t(maxStored) - int64_t(minStored) + 1;
    if (entries <= 0 || entries > kMaxLutEntries)
        return {};
    const bool invert = effectiveInvert(image, settings.userInvert);
    const VoiWindow window = settings.window.isValid() ? settings.window : image.defaultWindow();
    const ModalityLut& modality = image.modalityLut();
    std::vector<uint8_t> lut(static_cast<size_t>(entries));
    for (int64_t i = 0; i < entries; ++i)
        lut[size_t(i)] = displayValue(modality, window, invert, int32_t(minStored + i));
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
    if (out.isNull())
        return {};
    const int32_t* src = st.values.data();
    if (!lut.empty()) {
        for (int y = 0; y < st.height; ++y) {
            uchar* row = out.scanLine(y);
            for (int x = 0; x < st.width; ++x)
                row[x] = lut[size_t(int64_t(*src++) - lo)];
        }
        return out;
    }
    const bool invert = effectiveInvert(image, settings.userInvert);
    const VoiWindow window = settings.window.isValid() ? settings.window : image.defaultWindow();
    for (int y = 0; y < st.height; ++y) {
        uchar* row = out.scanLine(y);
        for (int x = 0; x < st.width; ++x)
            row[x] = displayValue(image.modalityLut(), window, invert, *src++);
    }
    return out;
}

} // namespace chexview
