#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/results/ResultProvenance.h"
#include "chexview/results/SourceStudy.h"

namespace chexview {

/// Writes the analysis's heatmaps as one DICOM Parametric Map in the source's study: 32-bit
/// float frames, one per finding (Frame Label = the finding), on a ParametricMapGrid over the
/// source image (Pixel Spacing = the source's times the grid factor), each frame with a Real World
/// Value Mapping (identity: the stored value is the Grad-CAM activation scaled to the map's
/// maximum, unit "1") and a Derivation Image reference to the source; the Common Instance
/// Reference module lists the source. MONOCHROME2 with Presentation LUT Shape IDENTITY.
/// Reentrant.
class ParametricMapWriter
{
public:
    /// Returns the new SOP Instance UID; throws std::runtime_error when the analysis has no
    /// maps or the file cannot be written.
    static QString write(const AnalysisResult& result, const SourceStudy& source,
                         const ResultProvenance& provenance, const QString& outPath);
};

} // namespace chexview
