#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/results/SourceStudy.h"

#include <QImage>

namespace chexview {

/// A Secondary Capture of the analyzed image with one finding's heatmap and its legend burned
/// in, in the source's study (new Series and SOP Instance UIDs from ResultUids, Burned In
/// Annotation YES, a Source Image Sequence pointing at the original).
/// Reentrant; compose() paints no text, so it needs no GUI application.
class SecondaryCaptureWriter
{
public:
    /// `display` (the image as shown, any format) with the finding's Jet heatmap blended in,
    /// and a legend strip on the right: the colour scale (top = strongest activation) and a
    /// bar whose height is the finding's probability, with a white tick at its threshold.
    static QImage compose(const QImage& display, const AnalysisResult& result, int finding);
    /// Writes `image` as 8-bit RGB Secondary Capture; returns the new SOP Instance UID. The
    /// input gate's verdict (`gateVerdict`, GateVerdict::recordedSummary: "(scores forced)"
    /// for a refused image scored anyway) goes into Image Comments and the Derivation
    /// Description. Throws std::runtime_error when the file cannot be written.
    static QString write(const QImage& image, const AnalysisResult& result, int finding,
                         const SourceStudy& source, const QString& outPath,
                         const QString& gateVerdict = {});
};

} // namespace chexview
