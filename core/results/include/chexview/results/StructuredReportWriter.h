#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/results/SourceStudy.h"

namespace chexview {

/// Writes an analysis as a DICOM Comprehensive SR in the source's study: the not-for-clinical-
/// use notice, model name and version, precision, trained or not, a reference to the source
/// image (SOP Class + Instance UID) and one NUM item per finding (probability, unit "1") with
/// its operating threshold as a HAS PROPERTIES NUM child. Concept names use the private coding
/// scheme `99CHEXVIEW`; new Series and SOP Instance UIDs come from ResultUids.
/// Reentrant.
class StructuredReportWriter
{
public:
    static constexpr const char* kCodingScheme = "99CHEXVIEW";

    /// Returns the new SOP Instance UID; throws std::runtime_error if DCMTK refuses the tree
    /// or the file cannot be written.
    static QString write(const AnalysisResult& result, const SourceStudy& source,
                         const QString& modelVersion, const QString& outPath);
};

} // namespace chexview
