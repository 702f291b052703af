#pragma once

#include "chexview/measure/Measurement.h"

#include <QList>
#include <QPointF>

namespace chexview {

class MeasurementLayer;

/// The mouse side of the measurement tools, in image coordinates: drawing a new measurement
/// in the chosen mode and dragging any measurement's handle (in every mode). Drawing:
/// Length, Ellipse and Rectangle are one drag; Angle is three clicks (arm end, vertex, arm
/// end); the cardiothoracic ratio is two horizontal drags (maximal cardiac width, then maximal
/// internal thoracic width), each held on the row where it starts. Finished shapes and moved
/// handles go to the layer as undoable edits. GUI thread only.
class MeasurementTool
{
public:
    enum class Mode
    {
        None, ///< no drawing: the mouse pans and windows; handles can still be dragged
        Length,
        Angle,
        Ellipse,
        Rectangle,
        CardiothoracicRatio,
    };

    explicit MeasurementTool(MeasurementLayer* layer) : m_layer(layer) {}

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    static Measurement::Kind kindOf(Mode mode);

    /// Left button down at `p`; `handleRadius` is the grab distance in image pixels. True
    /// when the tool takes the press (the view does not pan).
    bool press(QPointF p, double handleRadius);
    bool move(QPointF p);
    bool release(QPointF p);
    /// Drops a half-drawn shape or an unfinished handle drag (restored).
    void cancel();
    bool busy() const { return !m_fixed.isEmpty() || m_editIndex >= 0; }

    /// What is being drawn: the fixed points and the one under the cursor.
    QList<QPointF> draft() const;

private:
    void finish(QList<QPointF> points);

    MeasurementLayer* m_layer;
    Mode m_mode = Mode::None;
    QList<QPointF> m_fixed;
    QPointF m_hover;
    bool m_dragging = false;
    int m_editIndex = -1;
    int m_editPoint = -1;
    Measurement m_editBefore;
};

} // namespace chexview
