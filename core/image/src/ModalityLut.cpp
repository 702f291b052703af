#include "chexview/image/ModalityLut.h"

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
