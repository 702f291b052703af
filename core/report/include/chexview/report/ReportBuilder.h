#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/measure/Measurement.h"
#include "chexview/measure/PixelCalibration.h"
#include "chexview/report/ReportWriter.h"

#include <QJsonObject>

namespace chexview {

/// Puts together what the viewer and `chexview-cli report` export, so both say the same:
/// the annotated image (AnnotatedImage::Content) and the report (ReportWriter::Content).
/// Anonymized, nothing identifying goes in: no name, ID, dates or file path.
/// Pure; any thread.
class ReportBuilder
{
public:
    struct Inputs
    {
        XrayImagePtr image;
        QString file;
        QImage display;        ///< the image in the chosen window (DisplayPipeline::render)
        AnalysisResult result; ///< may be empty
        int finding = -1;      ///< heatmap finding; -1: none
        CamRenderer::Colormap colormap = CamRenderer::Colormap::Jet;
        double opacity = 0.55;
        bool anonymize = false;
        QJsonObject provenance;          ///< the model manifest's provenance
        QList<Measurement> measurements; ///< on the image, in the report's list
        PixelCalibration calibration;    ///< how the measurements' lengths are calibrated
        /// The input gate's verdict (GateVerdict::recordedSummary); empty when none ran.
        QString gate;
    };
    /// "Heatmap: Effusion 0.412 (threshold 0.310, positive)"; says when the map is empty.
    static QString heatmapLabel(const AnalysisResult& result, int finding);
    /// "source: ..., built: ..." from a manifest's provenance object.
    static QString provenanceText(const QJsonObject& provenance);
    static AnnotatedImage::Content annotatedImage(const Inputs& in);
    static ReportWriter::Content report(const Inputs& in);
};

} // namespace chexview
