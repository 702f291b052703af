#include "chexview/image/XrayImage.h"

#include <algorithm>
#include <limits>

namespace chexview {

XrayImage::XrayImage(StoredImage stored, ModalityLut modality, Polarity polarity,
                     ImageMetadata meta)
    : m_stored(std::move(stored)), m_modality(std::move(modality)), m_polarity(polarity),
      m_meta(std::move(meta)), m_storedRange(m_stored.minMax()),
      m_modalityRange(m_modality.rangeOver(m_storedRange.first, m_storedRange.second))
{
}

VoiWindow XrayImage::minMaxWindow() const
{
    const auto [lo, hi] = modalityRange();
    // A rescale can stretch 32-bit values past double's range (hi - lo = inf): keep it finite.
    const double width = std::clamp(hi - lo, 1.0, std::numeric_limits<double>::max());
    return VoiWindow((lo + hi) / 2.0, width, VoiWindow::Function::LinearExact,
                     QStringLiteral("Min/max"));
}

VoiWindow XrayImage::defaultWindow() const
{
    for (const VoiWindow& w : m_presets)
        if (w.isValid())
            return w;
    return minMaxWindow();
}

std::vector<float> XrayImage::modalityValues() const
{
    std::vector<float> out(m_stored.values.size());
    if (m_modality.isIdentity()) {
        std::transform(m_stored.values.begin(), m_stored.values.end(), out.begin(),
                       [](int32_t v) { return float(v); });
        return out;
    }
    std::transform(m_stored.values.begin(), m_stored.values.end(), out.begin(),
                   [this](int32_t v) { return float(m_modality.apply(v)); });
    return out;
}

} // namespace chexview
