#include "chexview/image/ModalityLut.h"

#include <algorithm>

namespace chexview {

ModalityLut ModalityLut::rescale(double slope, double intercept, const QString& type)
{
    ModalityLut lut;
    lut.m_slope = slope;
    lut.m_intercept = intercept;
    lut.m_unit = type;
    return lut;
}

ModalityLut ModalityLut::table(int firstMapped, std::vector<uint16_t> entries,
                               const QString& explanation)
{
    ModalityLut lut;
    if (entries.empty())
        return lut;
    lut.m_isTable = true;
    lut.m_firstMapped = firstMapped;
    lut.m_entries = std::move(entries);
    lut.m_unit = explanation;
    return lut;
}

std::pair<double, double> ModalityLut::rangeOver(int64_t lo, int64_t hi) const
{
    if (!m_isTable) {
        const double a = applyWide(lo);
        const double b = applyWide(hi);
        return {std::min(a, b), std::max(a, b)};
    }
    // Values outside the table clamp to its ends: only indices first..last can differ.
    const int64_t size = int64_t(m_entries.size());
    const int64_t first = std::clamp<int64_t>(lo - m_firstMapped, 0, size - 1);
    const int64_t last = std::clamp<int64_t>(hi - m_firstMapped, 0, size - 1);
    const auto [mn, mx] =
        std::minmax_element(m_entries.begin() + first, m_entries.begin() + last + 1);
    return {double(*mn), double(*mx)};
}

QString ModalityLut::describe() const
{
    if (m_isTable)
        return QStringLiteral("Modality LUT: %1 entries from %2%3")
            .arg(m_entries.size())
            .arg(m_firstMapped)
            .arg(m_unit.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_unit));
    return QStringLiteral("Rescale: slope %1, intercept %2%3")
        .arg(m_slope)
        .arg(m_intercept)
        .arg(m_unit.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_unit));
}

} // namespace chexview
