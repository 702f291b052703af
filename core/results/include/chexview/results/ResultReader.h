#pragma once

#include "chexview/results/StoredResult.h"

namespace chexview {

/// Reads AI results back from DICOM files, whoever wrote them: a Structured Report whose root is
/// a TID 1500 Imaging Measurement Report (Comprehensive, Enhanced or Comprehensive 3D SR:
/// ResultSopClasses; one finding per TID 1501 measurement
/// group: the Finding code — mapped back to a ChestX-ray14 label by FindingCodes, else its code
/// meaning —, the Probability NUM or else the group's first other NUM, the Threshold Value NUM,
/// Presence of property; TID 4019 name and version wherever they occur; the source from the
/// image library or the evidence sequence; a group without Probability whose NUMs are INFERRED
/// FROM SCOORDs is a measurement instead — StoredResult::measurements, each NUM with its unit,
/// Measurement Method and 2D coordinates), or a Parametric Map (float, double or integer
/// frames, with frame labels). The content tree is walked on the raw dataset (no template or
/// relationship checks that another tool's valid report might fail), at most 64 levels deep.
/// Reentrant.
class ResultReader
{
public:
    /// Throws ResultError.
    static StoredResult read(const QString& path);
    /// Whether the file is DICOM with an AI result SOP class (ResultSopClasses: a report, a
    /// Parametric Map or a Segmentation), from its first attributes only (cheap: for scanning a
    /// study folder before reading).
    static bool isResultFile(const QString& path);
    /// Limit on a Parametric Map's pixel data (bytes).
    static constexpr qint64 kMaxPixelBytes = qint64(1) << 30;
};

} // namespace chexview
