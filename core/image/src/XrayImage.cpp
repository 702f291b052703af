#include "chexview/image/XrayImage.h"

#include <algorithm>

namespace chexview {

namespace {

std::pair<double, double> modalityRangeOf(const ModalityLut& modality, int32_t lo, int32_t hi)
{
    if (!modality.isTable()) {
        const double a = modality.apply(lo);
        const double b = modality.apply(hi);
        return {std::min(a, b), std::max(a, b)};
    }
    // A LUT need not be monotonic: scan the stored range actually present.
    double mn = modality.apply(lo), mx = mn;
    for (int32_t s = lo; s <= hi; ++s) {
        const double v = modality.apply(s);
        mn = std::min(mn, v);
        mx = std::max(mx, v);
    }
    return {mn, mx};
}

} // namespace

XrayImage::XrayImage(StoredImage stored, ModalityLut modality, Polarity polarity,
                     ImageMetadata meta)
    : m_stored(std::move(stored)), m_modality(std::move(modality)), m_polarity(polarity),
      m_meta(std::move(meta)), m_storedRange(m_stored.minMax()),
      m_modalityRange(modalityRangeOf(m_modality, m_storedRange.first, m_storedRange.second))
{
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
