#include "chexview/image/VoiPresets.h"

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

struct PercentileBand
{
    const char* name;
    double lo;
    double hi;
};

// Bands for MONOCHROME2 data (low value = dark). Lungs are the dark part of a chest film,
// mediastinum and soft tissue the middle, bone the bright end.
constexpr PercentileBand kBands[] = {
    {"Lung", 1.0, 65.0},
    {"Mediastinum", 35.0, 98.0},
    {"Bone", 70.0, 99.8},
};
// A band is at least this fraction of the image's robust range (0.5th..99.5th percentile)
// wide, and kept inside that range. Without it a film whose bright third is nearly one tone
// (collimation, a burnt-out border) got a window a few values wide: a threshold, not a
// picture (F4 "Bone" gave W 5 on NIH 00005618_000, W 32 on others).
constexpr double kMinWidthOfRange = 0.6;
constexpr double kRobustLow = 0.5;
constexpr double kRobustHigh = 99.5;

std::vector<float> sample(const XrayImage& image)
{
    const StoredImage& st = image.stored();
    const size_t n = st.values.size();
    const size_t step = std::max<size_t>(1, n / 262144);
    std::vector<float> out;
    out.reserve(n / step + 1);
    for (size_t i = 0; i < n; i += step)
        out.push_back(float(image.modalityLut().apply(st.values[i])));
    return out;
}

double percentile(std::vector<float>& v, double p)
{
    const size_t k = size_t(std::clamp(p / 100.0, 0.0, 1.0) * double(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + long(k), v.end());
    return v[k];
}

} // namespace

QList<VoiWindow> VoiPresets::builtIn(const XrayImage& image)
{
    QList<VoiWindow> out;
    const QString unit = image.modalityLut().unit().toUpper();
    if (unit == QLatin1String("HU") || image.metadata().modality == QLatin1String("CT")) {
        out << VoiWindow(-600, 1500, VoiWindow::Function::Linear, QStringLiteral("Lung"))
            << VoiWindow(50, 350, VoiWindow::Function::Linear, QStringLiteral("Mediastinum"))
            << VoiWindow(400, 1800, VoiWindow::Function::Linear, QStringLiteral("Bone"));
        return out;
    }
    if (image.stored().isEmpty())
        return out;
    std::vector<float> values = sample(image);
    const bool mono1 = image.polarity() == XrayImage::Polarity::Monochrome1;
    const double low = percentile(values, kRobustLow);
    const double range = std::max(percentile(values, kRobustHigh) - low, 1.0);
    for (const PercentileBand& band : kBands) {
        double lo = band.lo, hi = band.hi;
        if (mono1) { // bright anatomy has low values: mirror the band
            lo = 100.0 - band.hi;
            hi = 100.0 - band.lo;
        }
        const double a = percentile(values, lo);
        const double b = percentile(values, hi);
        const double width = std::max({b - a, kMinWidthOfRange * range, 1.0});
        // Widened bands stay inside the robust range, centred as close to the band as that allows.
        const double center = width >= range ? low + range / 2.0
                                             : std::clamp((a + b) / 2.0, low + width / 2.0,
                                                          low + range - width / 2.0);
        out << VoiWindow(center, width, VoiWindow::Function::LinearExact,
                         QString::fromLatin1(band.name));
    }
    return out;
}

} // namespace chexview
