#include "chexview/ui/viewer/ExpertBoxOverlay.h"

#include <QFontMetrics>
#include <QPainter>
#include <QTransform>

namespace chexview {

void ExpertBoxOverlay::paint(QPainter& p, const QTransform& imageToWidget,
                             const QList<LabelledBox>& boxes)
{
    if (boxes.isEmpty())
        return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics fm(p.font());
    for (const LabelledBox& b : boxes) {
        // Map the corners so rotation and flips are followed; outline the mapped rectangle.
        const QPolygonF poly = imageToWidget.map(QPolygonF(b.rect));
        p.setPen(QPen(color(), 2.0));
        p.setBrush(Qt::NoBrush);
        p.drawPolygon(poly);
        const QRectF bound = poly.boundingRect();
        const QRect tag(int(bound.left()), int(bound.top()) - fm.height() - 2,
                        fm.horizontalAdvance(b.label) + 8, fm.height() + 2);
        p.fillRect(tag, QColor(0, 0, 0, 170));
        p.setPen(color());
        p.drawText(tag, Qt::AlignCenter, b.label);
    }
    p.restore();
}

} // namespace chexview
