#pragma once

#include "chexview/measure/Measurement.h"
#include "chexview/measure/MeasurementEvaluator.h"

#include <QList>
#include <QTransform>

class QPainter;

namespace chexview {

/// Draws measurements and their values with a QPainter in any target (the image view, the
/// presentation screen, the exported PNG): points are mapped with `imageToTarget`, lines and
/// text keep their size in target pixels. Flagged values (CTR > 0.50 on PA) are red. No
/// widgets; whichever thread owns the painter.
class MeasurementPainter
{
public:
    struct Style
    {
        double lineWidth = 1.5;
        int fontPx = 13;
        bool handles = false; ///< small squares on the control points (editing)
        int selected = -1;    ///< index drawn highlighted
    };

    /// `values[i]` belongs to `measurements[i]` (missing entries draw without text).
    static void paint(QPainter& p, const QTransform& imageToTarget,
                      const QList<Measurement>& measurements,
                      const QList<MeasurementValues>& values, const Style& style);
    /// A measurement still being drawn (fewer points than it needs), dashed.
    static void paintDraft(QPainter& p, const QTransform& imageToTarget, Measurement::Kind kind,
                           const QList<QPointF>& points, const Style& style);
};

} // namespace chexview
