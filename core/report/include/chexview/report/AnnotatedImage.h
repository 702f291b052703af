#pragma once

#include "chexview/measure/Measurement.h"
#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/model/CamRenderer.h"

#include <QImage>
#include <QStringList>

namespace chexview {

/// The exported picture: the display image at full resolution with the heatmap blended in, the
/// measurements drawn on it, and a
/// legend strip underneath (heatmap label, colour scale, model line, patient line or
/// "Anonymized", the not-for-clinical-use notice). PNG text keys say whether it was anonymized.
/// Pure; any thread with a QGuiApplication (text is drawn with the application's fonts).
class AnnotatedImage
{
public:
    struct Content
    {
        QImage display;     ///< 8-bit display image (window, invert applied), full resolution
        CamOverlay overlay; ///< empty: no heatmap
        CamRenderer::Colormap colormap = CamRenderer::Colormap::Jet;
        QString heatmapLabel; ///< "Heatmap: Effusion 0.412 (threshold ...)"
        QString model;        ///< model name and trained/untrained state
        QString gate;         ///< the input gate's verdict, said after the model; may be empty
        QStringList identity; ///< patient name, ID, date; must be empty when anonymized
        bool anonymized = false;
        QList<Measurement> measurements; ///< drawn on the image with their values
        QList<MeasurementValues> measurementValues;
    };
    /// Height of the legend strip for an image `width` pixels wide.
    static int legendHeight(int width);
    static QImage render(const Content& content);
};

} // namespace chexview
