#pragma once

#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace chexview {

/// Modality stage: stored pixel value -> modality value (PS3.3 C.11.1). Either a linear
/// rescale (slope/intercept) or a Modality LUT Sequence table. Immutable; thread-safe.
class ModalityLut
{
public:
    /// Identity rescale (slope 1, intercept 0).
    ModalityLut() = default;
    static ModalityLut rescale(double slope, double intercept, const QString& type = {});
    /// LUT table: entries for stored values firstMapped .. firstMapped+size-1; values outside
    /// clamp to the first/last entry.
    static ModalityLut table(int firstMapped, std::vector<uint16_t> entries,
                             const QString& explanation = {});

    bool isIdentity() const { return !m_isTable && m_slope == 1.0 && m_intercept == 0.0; }
    bool isTable() const { return m_isTable; }
    double slope() const { return m_slope; }
    double intercept() const { return m_intercept; }
    /// "HU", "OD", "US" … or the LUT explanation; empty when unknown.
    QString unit() const { return m_unit; }

    double apply(int32_t stored) const { return applyWide(stored); }
    /// apply() for any stored value a header can describe (up to 32 bits, signed or not).
    double applyWide(int64_t stored) const
    {
        if (!m_isTable)
            return double(stored) * m_slope + m_intercept;
        int64_t i = stored - m_firstMapped;
        if (i < 0)
            i = 0;
        if (i >= int64_t(m_entries.size()))
            i = int64_t(m_entries.size()) - 1;
        return m_entries[size_t(i)];
    }

    /// Smallest and largest modality value over the stored values lo..hi (lo <= hi). A rescale
    /// looks at the ends; a table (not necessarily monotonic) only at the entries that lo..hi
    /// reaches, so the work is bounded by the table size whatever the range.
    std::pair<double, double> rangeOver(int64_t lo, int64_t hi) const;

    /// Human readable description for the tag/status panels.
    QString describe() const;

private:
    bool m_isTable = false;
    double m_slope = 1.0;
    double m_intercept = 0.0;
    int m_firstMapped = 0;
    std::vector<uint16_t> m_entries;
    QString m_unit;
};

} // namespace chexview
