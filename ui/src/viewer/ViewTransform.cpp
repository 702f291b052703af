#include "chexview/ui/viewer/ViewTransform.h"

#include <algorithm>

namespace chexview {

void ViewTransform::fit()
{
    m_fit = true;
    m_pan = {};
}

void ViewTransform::setZoom(double zoom)
{
    m_fit = false;
    m_zoom = std::clamp(zoom, 0.02, 64.0);
}

void ViewTransform::zoomBy(double factor, QPointF anchor)
{
    const QPointF before = widgetToImage(anchor);
    setZoom(zoom() * factor);
    const QPointF after = imageToWidget().map(before);
    m_pan += anchor - after;
}

double ViewTransform::fitScale() const
{
    if (m_image.isEmpty() || m_viewport.isEmpty())
        return 1.0;
    const bool swap = m_quarterTurns % 2 == 1;
    const double w = swap ? m_image.height() : m_image.width();
    const double h = swap ? m_image.width() : m_image.height();
    return std::min(m_viewport.width() / w, m_viewport.height() / h);
}

double ViewTransform::zoom() const
{
    return m_fit ? fitScale() : m_zoom;
}

void ViewTransform::reset()
{
    m_fit = true;
    m_zoom = 1.0;
    m_pan = {};
    m_quarterTurns = 0;
    m_flipH = false;
}

QTransform ViewTransform::imageToWidget() const
{
    QTransform t;
    t.translate(m_viewport.width() / 2.0 + m_pan.x(), m_viewport.height() / 2.0 + m_pan.y());
    const double s = zoom();
    t.scale(s, s);
    t.rotate(90.0 * m_quarterTurns);
    if (m_flipH)
        t.scale(-1.0, 1.0);
    t.translate(-m_image.width() / 2.0, -m_image.height() / 2.0);
    return t;
}

} // namespace chexview
