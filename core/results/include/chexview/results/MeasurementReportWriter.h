#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/results/ResultProvenance.h"
#include "chexview/results/SourceStudy.h"

namespace chexview {

/// Writes an analysis as a DICOM Comprehensive 3D SR whose root is a TID 1500 "Imaging
/// Measurement Report": language (TID 1204), a device observer (TID 1002/1004: chexview and the
/// model), procedure reported, an image library (TID 1600) referencing the source image, and
/// one TID 1501 measurement group per finding with a tracking identifier and UID, the finding
/// (FindingCodes), its probability and operating threshold as NUMs (the probability carrying
/// TID 4019 algorithm identification: name, version, parameters) and Present/Absent as the
/// qualitative evaluation. The notice and the input gate's verdict (when given) go into the
/// report's Qualitative Evaluations. The source is listed in
/// CurrentRequestedProcedureEvidenceSequence; the private scheme is declared in
/// CodingSchemeIdentificationSequence. New Series and SOP Instance UIDs from ResultUids.
/// Reentrant.
class MeasurementReportWriter
{
public:
    /// Returns the new SOP Instance UID; throws std::runtime_error if DCMTK refuses the tree
    /// or the file cannot be written.
    static QString write(const AnalysisResult& result, const SourceStudy& source,
                         const ResultProvenance& provenance, const QString& outPath);
};

} // namespace chexview
