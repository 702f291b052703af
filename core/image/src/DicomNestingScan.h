#pragma once

#include <cstddef>
#include <cstdint>

namespace chexview {

/// A cheap iterative walk over a DICOM file's element structure that refuses pathological
/// sequence nesting before DCMTK's recursive parser can overflow the stack on it. It follows
/// explicit and implicit VR, both byte orders, defined and undefined lengths, and inflates a
/// deflated dataset (bounded). It only measures depth: anything it cannot follow ends the walk
/// and is left to DCMTK's own checks. Pure function; reentrant.
class DicomNestingScan
{
public:
    /// Deepest accepted nesting, counting each sequence and each item as one level. Real files
    /// (structured reports included) stay far below; DCMTK itself copes with thousands.
    static constexpr int kMaxDepth = 256;
    /// Largest inflated size of a deflated dataset that is scanned (and later decoded).
    static constexpr int64_t kMaxInflatedBytes = int64_t(256) << 20;

    /// Throws ImageError (MalformedDataset) when the nesting exceeds kMaxDepth or a non-pixel
    /// element's value runs past the end of the file (DCMTK would allocate its claimed length
    /// first), (TooLarge) when
    /// a deflated dataset inflates past kMaxInflatedBytes.
    static void check(const uint8_t* data, size_t size);
    /// Deepest nesting seen (for tests); the walk stops early at kMaxDepth + 1.
    static int depth(const uint8_t* data, size_t size);
};

} // namespace chexview
