#include "chexview/measure/MeasurementPainter.h"

#include "chexview/measure/MeasurementGeometry.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace chexview {

namespace {

const QColor kLine(255, 212, 0);
const QColor kSelected(0, 220, 255);
const QColor kFlagged(255, 80, 80);

void shape(QPainter& p, const QTransform& t, Measurement::Kind kind, const QList<QPointF>& pts)
{
    QList<QPointF> s;
    for (const QPointF& q : pts)
        s << t.map(q);
    switch (kind) {
    case Measurement::Kind::Length:
    case Measurement::Kind::Angle:
        for (int i = 1; i < s.size(); ++i)
            p.drawLine(s[i - 1], s[i]);
        break;
    case Measurement::Kind::EllipseRoi:
    case Measurement::Kind::RectangleRoi:
        if (pts.size() >= 2) {
            // Through the transform as a path: stays right when the view is rotated or flipped.
            QPainterPath path;
            const QRectF box = MeasurementGeometry::box(pts[0], pts[1]);
            if (kind == Measurement::Kind::EllipseRoi)
                path.addEllipse(box);
            else
                path.addRect(box);
            p.drawPath(t.map(path));
        }
        break;
    case Measurement::Kind::CardiothoracicRatio:
        for (int i = 0; i + 1 < s.size(); i += 2) {
            p.drawLine(s[i], s[i + 1]);
            // End ticks, so the two widths read as calipers.
            for (const QPointF& e : {s[i], s[i + 1]})
                p.drawLine(e + QPointF(0, -6), e + QPointF(0, 6));
        }
        break;
    }
}

void label(QPainter& p, QPointF at, const QString& text, const QColor& colour, int fontPx)
{
    if (text.isEmpty())
        return;
    QFont f = p.font();
    f.setPixelSize(fontPx);
    p.setFont(f);
    const QFontMetrics fm(f);
    const QRectF box = QRectF(fm.boundingRect(text)).adjusted(-3, -1, 3, 1);
    QRectF r(at + QPointF(8, -8 - box.height()), box.size());
    // Kept inside the target where possible.
    const QRectF bounds = p.viewport();
    if (r.right() > bounds.right())
        r.moveRight(bounds.right() - 2);
    if (r.top() < bounds.top())
        r.moveTop(bounds.top() + 2);
    p.fillRect(r, QColor(0, 0, 0, 170));
    p.setPen(colour);
    p.drawText(r, Qt::AlignCenter, text);
}

QPointF anchor(const QTransform& t, const Measurement& m)
{
    const QList<QPointF>& s = m.points;
    switch (m.kind) {
    case Measurement::Kind::Length:
        return t.map((s[0] + s[1]) / 2.0);
    case Measurement::Kind::Angle:
        return t.map(s[1]);
    case Measurement::Kind::EllipseRoi:
    case Measurement::Kind::RectangleRoi: {
        const QRectF r = t.mapRect(MeasurementGeometry::box(s[0], s[1]));
        return r.topRight();
    }
    case Measurement::Kind::CardiothoracicRatio:
        return t.map((s[2] + s[3]) / 2.0);
    }
    return {};
}

} // namespace

void MeasurementPainter::paint(QPainter& p, const QTransform& imageToTarget,
                               const QList<Measurement>& measurements,
                               const QList<MeasurementValues>& values, const Style& style)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    for (int i = 0; i < measurements.size(); ++i) {
        const Measurement& m = measurements[i];
        if (!m.isValid())
            continue;
        const bool flagged = i < values.size() && values[i].flagged;
        const QColor colour = i == style.selected ? kSelected : flagged ? kFlagged : kLine;
        p.setPen(QPen(QColor(0, 0, 0, 160), style.lineWidth + 2));
        shape(p, imageToTarget, m.kind, m.points);
        p.setPen(QPen(colour, style.lineWidth));
        shape(p, imageToTarget, m.kind, m.points);
        if (style.handles)
            for (const QPointF& q : m.points) {
                const QPointF s = imageToTarget.map(q);
                p.fillRect(QRectF(s - QPointF(3, 3), QSizeF(6, 6)), colour);
            }
        if (i < values.size())
            label(p, anchor(imageToTarget, m), values[i].text, colour, style.fontPx);
    }
    p.restore();
}

void MeasurementPainter::paintDraft(QPainter& p, const QTransform& imageToTarget,
                                    Measurement::Kind kind, const QList<QPointF>& points,
                                    const Style& style)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(kSelected, style.lineWidth, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    shape(p, imageToTarget, kind, points);
    p.restore();
}

} // namespace chexview
