// What ImageView paints over the image besides the corner text: the orientation markers and
// the magnifier lens (split from ImageView.cpp to keep files small).
#include "chexview/ui/viewer/ImageView.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace chexview {

void ImageView::setMagnifier(bool on)
{
    m_magnifier = on;
    update();
}

QRect ImageView::magnifierRect() const
{
    if (!m_magnifier || !m_image || !rect().contains(m_cursor.toPoint()))
        return {};
    const int r = std::clamp(std::min(width(), height()) / 6, 60, 160);
    return QRect(m_cursor.toPoint() - QPoint(r, r), QSize(2 * r, 2 * r));
}

void ImageView::paintMagnifier(QPainter& p) const
{
    const QRect lens = magnifierRect();
    if (lens.isEmpty())
        return;
    p.save();
    QPainterPath circle;
    circle.addEllipse(lens);
    p.setClipPath(circle);
    p.fillRect(lens, Qt::black);
    // The view's transform, scaled about the cursor: the point under it stays under it.
    QTransform t = m_view.imageToWidget();
    t *= QTransform::fromTranslate(-m_cursor.x(), -m_cursor.y());
    t *= QTransform::fromScale(magnifierFactor(), magnifierFactor());
    t *= QTransform::fromTranslate(m_cursor.x(), m_cursor.y());
    p.setTransform(t);
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_view.zoom() * magnifierFactor() < 2.0);
    p.drawPixmap(0, 0, m_pixmap);
    if (m_overlayVisible && !m_overlay.image.isNull())
        p.drawImage(m_overlay.rect, m_overlay.image);
    p.resetTransform();
    p.setClipping(false);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(255, 212, 0), 2));
    p.drawEllipse(lens);
    p.restore();
}

OrientationMarkers ImageView::orientation() const
{
    if (!m_image)
        return {};
    return OrientationMarkers::compute(m_image->metadata(), m_view.quarterTurns(),
                                       m_view.flipped());
}

void ImageView::paintOrientation(QPainter& p) const
{
    p.save(); // the marker font must not become the corner text's
    const OrientationMarkers m = orientation();
    QFont f = font();
    f.setPixelSize(std::clamp(height() / 28, 14, 40));
    f.setBold(true);
    f.setItalic(m.assumed); // assumed directions look different from ones the file states
    p.setFont(f);
    const int pad = f.pixelSize() / 2;
    const QRect r = rect().adjusted(pad, pad, -pad, -pad);
    auto draw = [&](const QString& text, int flags) {
        p.setPen(QColor(0, 0, 0, 200));
        p.drawText(r.translated(1, 1), flags, text);
        p.setPen(m.assumed ? QColor(200, 200, 140) : QColor(255, 230, 90));
        p.drawText(r, flags, text);
    };
    draw(m.left, Qt::AlignLeft | Qt::AlignVCenter);
    draw(m.right, Qt::AlignRight | Qt::AlignVCenter);
    // Top and bottom markers sit above / below the corner text rows' band, so a long corner
    // line (the heatmap label) does not run into them.
    draw(m.top, Qt::AlignTop | Qt::AlignHCenter);
    const int cornerRows = int(overlayCorners().bottomLeft.size());
    const int lift = cornerRows * QFontMetrics(font()).height();
    p.setFont(f);
    p.setPen(QColor(0, 0, 0, 200));
    const QRect bottom = r.adjusted(0, 0, 0, -lift);
    p.drawText(bottom.translated(1, 1), Qt::AlignBottom | Qt::AlignHCenter, m.bottom);
    p.setPen(m.assumed ? QColor(200, 200, 140) : QColor(255, 230, 90));
    p.drawText(bottom, Qt::AlignBottom | Qt::AlignHCenter, m.bottom);
    p.restore();
}

} // namespace chexview
