#pragma once

#include <cstddef>
#include <cstdint>

namespace chexview {

/// An iterative walk over every element of a DICOM dataset, into sequences, items, pixel
/// sequences and undefined-length UN sequences (read as implicit VR little endian, CP-246),
/// that follows DCMTK 3.6.7's reading rules closely enough to see what its recursive parser
/// would see: the same VR table (an unknown all-uppercase VR has a 4-byte length, any other
/// unknown VR a 2-byte one), the data dictionary for implicit VR sequences (private elements
/// that look like a sequence are walked as one, and skipped whole if they turn out not to be),
/// and DCMTK's stops (a structure DCMTK refuses ends the walk: DCMTK reads no further).
/// It measures the deepest nesting and finds the first value that runs past the end of the
/// data. Not thread-affine; one walker per walk.
class DicomElementWalker
{
public:
    struct Syntax
    {
        bool explicitVr = true;
        bool bigEndian = false;
    };
    struct Overrun
    {
        uint16_t group = 0, element = 0;
        uint64_t claimed = 0, left = 0; ///< claimed == 0: none found
    };

    DicomElementWalker(const uint8_t* data, size_t size, int maxDepth);

    /// Walks from `pos` (the first dataset element, after any File Meta group) to the end;
    /// returns the deepest nesting, each sequence and each item counting one level. Stops as
    /// soon as the nesting passes maxDepth or a value overruns the data.
    int walk(size_t pos, Syntax syntax);
    Overrun overrun() const { return m_overrun; }

private:
    enum class VrClass
    {
        Short,   ///< 2-byte length
        Long,    ///< 2 reserved bytes, 4-byte length
        Refused, ///< a VR DCMTK reads but refuses to make an element of ("na", "pi")
    };
    static VrClass classify(char a, char b);
    uint16_t u16(size_t p, bool big) const;
    uint32_t u32(size_t p, bool big) const;

    const uint8_t* m_data;
    size_t m_size;
    int m_maxDepth;
    Overrun m_overrun;
};

} // namespace chexview
