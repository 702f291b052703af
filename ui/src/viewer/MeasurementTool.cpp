#include "chexview/ui/viewer/MeasurementTool.h"

#include "chexview/ui/viewer/MeasurementLayer.h"

#include <cmath>

namespace chexview {

namespace {

double distance(QPointF a, QPointF b)
{
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

} // namespace

Measurement::Kind MeasurementTool::kindOf(Mode mode)
{
    switch (mode) {
    case Mode::Angle:
        return Measurement::Kind::Angle;
    case Mode::Ellipse:
        return Measurement::Kind::EllipseRoi;
    case Mode::Rectangle:
        return Measurement::Kind::RectangleRoi;
    case Mode::CardiothoracicRatio:
        return Measurement::Kind::CardiothoracicRatio;
    case Mode::None:
    case Mode::Length:
        break;
    }
    return Measurement::Kind::Length;
}

void MeasurementTool::setMode(Mode mode)
{
    cancel();
    m_mode = mode;
}

bool MeasurementTool::press(QPointF p, double handleRadius)
{
    if (m_fixed.isEmpty()) {
        // A handle of an existing measurement first: the nearest within reach.
        const QList<Measurement>& list = m_layer->measurements();
        double best = handleRadius;
        for (int i = 0; i < list.size(); ++i)
            for (int k = 0; k < list[i].points.size(); ++k)
                if (const double d = distance(list[i].points[k], p); d <= best) {
                    best = d;
                    m_editIndex = i;
                    m_editPoint = k;
                }
        if (m_editIndex >= 0) {
            m_editBefore = list[m_editIndex];
            m_layer->setSelected(m_editIndex);
            return true;
        }
    }
    if (m_mode == Mode::None)
        return false;
    const bool ctrSecond = m_mode == Mode::CardiothoracicRatio && m_fixed.size() == 2;
    if (m_fixed.isEmpty() || ctrSecond || m_mode == Mode::Angle)
        m_fixed << p;
    m_hover = p;
    m_dragging = true;
    if (m_mode == Mode::Angle && m_fixed.size() == 3)
        finish(m_fixed);
    return true;
}

bool MeasurementTool::move(QPointF p)
{
    if (m_editIndex >= 0) {
        Measurement m = m_layer->measurements().value(m_editIndex);
        if (m_editPoint >= m.points.size())
            return true;
        m.points[m_editPoint] = p;
        if (m.kind == Measurement::Kind::CardiothoracicRatio) // the segment stays horizontal
            m.points[m_editPoint ^ 1].setY(p.y());
        m_layer->preview(m_editIndex, m);
        return true;
    }
    if (m_fixed.isEmpty())
        return false;
    m_hover = p;
    if (m_mode == Mode::CardiothoracicRatio)
        m_hover.setY(m_fixed.last().y());
    return true;
}

bool MeasurementTool::release(QPointF p)
{
    if (m_editIndex >= 0) {
        move(p); // the point goes where the button came up
        const Measurement after = m_layer->measurements().value(m_editIndex);
        if (!(after == m_editBefore))
            m_layer->replace(m_editIndex, after, m_editBefore);
        m_editIndex = m_editPoint = -1;
        return true;
    }
    if (m_fixed.isEmpty() || !m_dragging)
        return false;
    m_dragging = false;
    move(p);
    switch (m_mode) {
    case Mode::Length:
    case Mode::Ellipse:
    case Mode::Rectangle:
        if (distance(m_fixed.first(), m_hover) >= 1.0)
            finish({m_fixed.first(), m_hover});
        else
            cancel(); // a click, not a drag
        break;
    case Mode::CardiothoracicRatio:
        if (std::abs(m_hover.x() - m_fixed.last().x()) < 1.0) {
            m_fixed.removeLast(); // a click: this segment again
        } else if (m_fixed.size() == 1) {
            m_fixed << m_hover; // cardiac width done; the thoracic width next
        } else {
            QList<QPointF> pts = m_fixed;
            pts << m_hover;
            finish(pts);
        }
        break;
    case Mode::Angle: // points come with presses
    case Mode::None:
        break;
    }
    return true;
}

void MeasurementTool::cancel()
{
    if (m_editIndex >= 0) {
        m_layer->preview(m_editIndex, m_editBefore);
        m_editIndex = m_editPoint = -1;
    }
    m_fixed.clear();
    m_dragging = false;
}

QList<QPointF> MeasurementTool::draft() const
{
    if (m_fixed.isEmpty())
        return {};
    QList<QPointF> pts = m_fixed;
    if (!(m_mode == Mode::CardiothoracicRatio && m_fixed.size() == 2 && !m_dragging))
        pts << m_hover;
    return pts;
}

void MeasurementTool::finish(QList<QPointF> points)
{
    Measurement m;
    m.kind = kindOf(m_mode);
    m.points = std::move(points);
    m_fixed.clear();
    m_dragging = false;
    m_layer->add(m);
}

} // namespace chexview
