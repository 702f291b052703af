#include "chexview/image/VoiWindow.h"

#include <algorithm>
#include <cmath>

namespace chexview {

VoiWindow::VoiWindow(double center, double width, Function function, const QString& name)
    : m_center(center), m_width(width), m_function(function), m_name(name)
{
}

VoiWindow VoiWindow::lut(int firstMapped, std::vector<uint16_t> entries, int bits,
                         const QString& name)
{
    VoiWindow w;
    if (entries.empty())
        return w;
    w.m_isLut = true;
    w.m_firstMapped = firstMapped;
    w.m_lutMax = bits >= 1 && bits <= 16 ? (1 << bits) - 1 : 65535;
    // Some writers declare 16 bits but only use fewer: normalize to the real maximum seen.
    const int maxEntry = *std::max_element(entries.begin(), entries.end());
    if (maxEntry > w.m_lutMax)
        w.m_lutMax = maxEntry;
    w.m_entries = std::make_shared<const std::vector<uint16_t>>(std::move(entries));
    w.m_name = name;
    return w;
}

VoiWindow VoiWindow::withName(const QString& name) const
{
    VoiWindow copy = *this;
    copy.m_name = name;
    return copy;
}

double VoiWindow::apply(double x) const
{
    if (m_isLut) {
        const auto& e = *m_entries;
        // Index in double: x may be huge, infinite or NaN (a broken rescale); clamp before
        // converting so no integer conversion or subtraction can overflow.
        const double last = double(e.size() - 1);
        const double pos = std::floor(x) - double(m_firstMapped);
        const double i = std::isnan(pos) ? 0.0 : std::clamp(pos, 0.0, last);
        return double(e[size_t(i)]) / double(m_lutMax);
    }
    const double c = m_center;
    const double w = m_width;
    switch (m_function) {
    case Function::Sigmoid:
        return 1.0 / (1.0 + std::exp(-4.0 * (x - c) / std::max(w, 1e-9)));
    case Function::LinearExact:
        if (x <= c - w / 2.0)
            return 0.0;
        if (x > c + w / 2.0)
            return 1.0;
        return (x - c) / w + 0.5;
    case Function::Linear:
        break;
    }
    // PS3.3 C.11.2.1.2.1: LINEAR uses (c - 0.5) and (w - 1); a width of 1 is a threshold.
    if (w <= 1.0)
        return x <= c - 0.5 ? 0.0 : 1.0;
    const double lo = c - 0.5 - (w - 1.0) / 2.0;
    const double hi = c - 0.5 + (w - 1.0) / 2.0;
    if (x <= lo)
        return 0.0;
    if (x > hi)
        return 1.0;
    return (x - (c - 0.5)) / (w - 1.0) + 0.5;
}

VoiWindow::Function VoiWindow::parseFunction(const QString& text, bool* ok)
{
    const QString t = text.trimmed().toUpper();
    if (ok)
        *ok = true;
    if (t == QLatin1String("SIGMOID"))
        return Function::Sigmoid;
    if (t == QLatin1String("LINEAR_EXACT"))
        return Function::LinearExact;
    if (ok && !t.isEmpty() && t != QLatin1String("LINEAR"))
        *ok = false;
    return Function::Linear;
}

QString VoiWindow::functionName(Function f)
{
    switch (f) {
    case Function::Sigmoid:
        return QStringLiteral("SIGMOID");
    case Function::LinearExact:
        return QStringLiteral("LINEAR_EXACT");
    case Function::Linear:
        break;
    }
    return QStringLiteral("LINEAR");
}

} // namespace chexview
