#include "BoxReducer.h"

#include <algorithm>

namespace chexview {

BoxReducer::BoxReducer(int srcWidth, int srcHeight, int factor)
    : m_srcWidth(srcWidth), m_srcHeight(srcHeight), m_factor(std::max(1, factor))
{
    m_out.width = (srcWidth + m_factor - 1) / m_factor;
    m_out.height = (srcHeight + m_factor - 1) / m_factor;
    m_sums.assign(size_t(m_out.width), 0);
    m_out.values.reserve(size_t(m_out.width) * size_t(m_out.height));
}

void BoxReducer::addRow(const int32_t* gray)
{
    if (m_row >= m_srcHeight)
        return;
    for (int x = 0; x < m_srcWidth; ++x)
        m_sums[size_t(x / m_factor)] += gray[x];
    ++m_row;
    if (m_row % m_factor != 0 && m_row != m_srcHeight)
        return;
    const int64_t rows = m_row % m_factor == 0 ? m_factor : m_row % m_factor;
    for (int ox = 0; ox < m_out.width; ++ox) {
        const int64_t cols = std::min(m_factor, m_srcWidth - ox * m_factor);
        const int64_t n = rows * cols;
        const int64_t s = m_sums[size_t(ox)];
        // Round half away from zero (values may be negative for signed data).
        m_out.values.push_back(int32_t(s >= 0 ? (s + n / 2) / n : -((-s + n / 2) / n)));
    }
    std::fill(m_sums.begin(), m_sums.end(), 0);
}

StoredImage BoxReducer::finish(int bitsStored)
{
    m_out.bitsStored = bitsStored;
    m_out.values.resize(size_t(m_out.width) * size_t(m_out.height)); // rows never seen: 0
    return std::move(m_out);
}

} // namespace chexview
