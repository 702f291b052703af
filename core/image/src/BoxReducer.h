#pragma once

#include "chexview/image/StoredImage.h"

#include <cstdint>
#include <vector>

namespace chexview {

/// Averages a gray image fed one row at a time into factor x factor boxes (the last box of a row
/// or column averages what is there), holding one output row of sums: memory is O(width), never
/// the source image. Not thread-safe; one instance per decode.
class BoxReducer
{
public:
    BoxReducer(int srcWidth, int srcHeight, int factor);

    /// `gray` holds srcWidth values; rows arrive top to bottom, srcHeight of them.
    void addRow(const int32_t* gray);
    int rowsSeen() const { return m_row; }
    /// The reduced image once every source row was added.
    StoredImage finish(int bitsStored);

private:
    int m_srcWidth;
    int m_srcHeight;
    int m_factor;
    int m_row = 0;
    std::vector<int64_t> m_sums;
    StoredImage m_out;
};

} // namespace chexview
