#pragma once

#include "chexview/image/ImageMetadata.h"

class DcmFileFormat;

namespace chexview {

/// Fills ImageMetadata (patient/study fields, spacing, transfer syntax and the full tag list)
/// from a loaded DICOM file. Malformed optional values are kept raw with a warning. Reentrant.
class DicomMetadataReader
{
public:
    static void read(DcmFileFormat& file, ImageMetadata& meta);
    /// Upper bound on tag panel rows, so a pathological file cannot exhaust memory.
    static constexpr int kMaxTagRows = 20000;
};

} // namespace chexview
