#include "chexview/image/VoiPresets.h"

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

// Each preset is a fixed part of the image's robust range (0.5th..99.5th percentile of the
// modality values), for MONOCHROME2 data (low value = dark): the lungs are the dark part of a
// chest film, the mediastinum the middle to bright, bone the bright end. Fixed fractions make
// the three differ by construction on every film: any two differ at an edge by >= 0.20 of the
// range. (Percentile bands widened to a minimum width
// and clamped into the range gave Mediastinum and Bone the same window on 4 of 5 chest films.)
struct RangeBand
{
    const char* name;
    double lo; ///< fraction of the robust range
    double hi;
};

constexpr RangeBand kBands[] = {
    {"Lung", 0.00, 0.70},
    {"Mediastinum", 0.20, 0.90},
    {"Bone", 0.50, 1.00},
};
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
    for (const RangeBand& band : kBands) {
        double lo = band.lo, hi = band.hi;
        if (mono1) { // bright anatomy has low values: mirror the band
            lo = 1.0 - band.hi;
            hi = 1.0 - band.lo;
        }
        const double width = (hi - lo) * range;
        const double center = low + (lo + hi) / 2.0 * range;
        out << VoiWindow(center, width, VoiWindow::Function::LinearExact,
                         QString::fromLatin1(band.name));
    }
    return out;
}

std::optional<VoiWindow> VoiPresets::named(const XrayImage& image, const QString& name)
{
    if (!names().contains(name.toLower()))
        return std::nullopt;
    for (const VoiWindow& w : builtIn(image))
        if (w.name().compare(name, Qt::CaseInsensitive) == 0)
            return w;
    return std::nullopt;
}

QStringList VoiPresets::names()
{
    return {QStringLiteral("lung"), QStringLiteral("mediastinum"), QStringLiteral("bone")};
}

} // namespace chexview
