#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chexview {

/// The cheap pre-scan every DICOM file passes before DCMTK parses it: an iterative walk over
/// every element (DicomElementWalker: sequences, items, pixel fragments, undefined-length UN)
/// that refuses pathological sequence nesting before DCMTK's recursive parser can overflow the
/// stack on it, and any value that claims more bytes than the file has left. It follows
/// explicit and implicit VR, both byte orders, defined and undefined lengths, and inflates a
/// deflated dataset (bounded), handing the inflated bytes back so that DCMTK reads them from a
/// seekable stream (DicomMemoryStream) instead of allocating claimed lengths while inflating.
/// Pure function; reentrant.
class DicomNestingScan
{
public:
    /// Deepest accepted nesting, counting each sequence and each item as one level. Real files
    /// (structured reports included) stay far below; DCMTK itself copes with thousands.
    static constexpr int kMaxDepth = 256;
    /// Largest inflated size of a deflated dataset that is scanned (and later decoded).
    static constexpr int64_t kMaxInflatedBytes = int64_t(256) << 20;

    /// Throws ImageError: (MalformedDataset) when the nesting exceeds kMaxDepth, a non-pixel
    /// value runs past the end of the data, or a deflated dataset is corrupt;
    /// (TruncatedPixelData) when Pixel Data or one of its fragments does; (TooLarge) when a
    /// deflated dataset inflates past kMaxInflatedBytes. When the dataset is deflated and
    /// `inflated` is given, it receives the file's bytes up to the dataset followed by the
    /// inflated dataset (what DCMTK's zlib filter would deliver); otherwise it is left empty.
    static void check(const uint8_t* data, size_t size, std::vector<uint8_t>* inflated = nullptr);
    /// Deepest nesting seen (for tests); the walk stops early at kMaxDepth + 1.
    static int depth(const uint8_t* data, size_t size);
};

} // namespace chexview
