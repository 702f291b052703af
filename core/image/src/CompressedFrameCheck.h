#pragma once

#include <dcmtk/dcmdata/dcxfer.h>

class DcmPixelData;

namespace chexview {

/// Checks encapsulated Pixel Data against the Image Pixel module BEFORE anything is decoded or
/// allocated: the JPEG / JPEG-LS frame header (SOF) must describe Rows x Columns x Samples, the
/// RLE header must hold one segment per sample byte, and the compressed bytes must be able to
/// back the claimed frame (a lower bound on what each coding needs per pixel). A claim the data
/// cannot back is refused with ImageError (MalformedDataset / TruncatedPixelData) instead of
/// allocating gigabytes. JPEG 2000 is checked by Jpeg2000Decoder from its own header.
/// Pure function; reentrant.
class CompressedFrameCheck
{
public:
    struct Claim
    {
        int rows = 0;
        int columns = 0;
        int samples = 1;
        int bitsAllocated = 8;
    };

    /// Throws ImageError when the encapsulated data contradicts or cannot back `claim`.
    /// Transfer syntaxes other than JPEG, JPEG-LS and RLE are left alone.
    static void check(DcmPixelData& pixelData, E_TransferSyntax xfer, const Claim& claim);
};

} // namespace chexview
