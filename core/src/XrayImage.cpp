#include "chexview/core/XrayImage.h"

#include <algorithm>

namespace chexview {

XrayImage::XrayImage(StoredImage stored, ModalityLut modality, Polarity polarity,
                     ImageMetadata meta)
    : m_stored(std::move(stored)), m_modality(std::move(modality)), m_polarity(polarity),
      m_meta(std::move(meta))
{
}

std::pair<double, double> XrayImage::modalityRange() const
{
    const auto [lo, hi] = m_stored.minMax();
    if (!m_modality.isTable()) {
        const double a = m_modality.apply(lo);
        const double b = m_modality.apply(hi);
        return {std::min(a, b), std::max(a, b)};
    }
    // A LUT need not be monotonic: scan the stored range actually present.
    double mn = m_modality.apply(lo), mx = mn;
    for (int32_t s = lo; s <= hi; ++s) {
        const double v = m_modality.apply(s);
        mn = std::min(mn, v);
        mx = std::max(mx, v);
    }
    return {mn, mx};
}

VoiWindow XrayImage::minMaxWindow() const
{
    const auto [lo, hi] = modalityRange();
    const double width = std::max(hi - lo, 1.0);
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
