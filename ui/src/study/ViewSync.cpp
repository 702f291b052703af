#include "chexview/ui/study/ViewSync.h"

#include "chexview/ui/viewer/ImageView.h"

#include <QEvent>

namespace chexview {

ViewSync::ViewSync(QObject* parent) : QObject(parent) {}

void ViewSync::addView(ImageView* view)
{
    m_views << view;
    view->installEventFilter(this);
    connect(view, &ImageView::zoomChanged, this, [this, view] { syncFrom(view); });
    connect(view, &ImageView::windowChanged, this, [this, view](const VoiWindow& w) {
        if (!m_enabled || m_busy)
            return;
        m_busy = true;
        for (ImageView* v : std::as_const(m_views))
            if (v && v != view && v->image())
                v->setWindow(w);
        m_busy = false;
    });
    connect(view, &ImageView::invertChanged, this, [this, view](bool on) {
        if (!m_enabled || m_busy)
            return;
        m_busy = true;
        for (ImageView* v : std::as_const(m_views))
            if (v && v != view && v->image())
                v->setInvert(on);
        m_busy = false;
    });
}

void ViewSync::setEnabled(bool on)
{
    m_enabled = on;
}

void ViewSync::syncFrom(ImageView* source)
{
    if (!m_enabled || m_busy || !source || !source->image())
        return;
    m_busy = true;
    ViewTransform& a = source->transform();
    ViewTransform fitA = a;
    fitA.fit();
    const double relative = fitA.zoom() > 0 ? a.zoom() / fitA.zoom() : 1.0;
    const QPointF centreA(source->width() / 2.0, source->height() / 2.0);
    const QPointF pa = a.widgetToImage(centreA);
    const QSize ia = a.imageSize();
    for (ImageView* v : std::as_const(m_views)) {
        if (!v || v == source || !v->image())
            continue;
        ViewTransform& b = v->transform();
        if (a.isFit()) {
            b.fit();
        } else if (!ia.isEmpty()) {
            ViewTransform fitB = b;
            fitB.fit();
            b.setZoom(relative * fitB.zoom());
            const QSize ib = b.imageSize();
            const QPointF target(pa.x() / ia.width() * ib.width(),
                                 pa.y() / ia.height() * ib.height());
            const QPointF now = b.imageToWidget().map(target);
            b.panBy(QPointF(v->width() / 2.0, v->height() / 2.0) - now);
        }
        v->update();
    }
    m_busy = false;
}

bool ViewSync::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::MouseButtonRelease:
    case QEvent::KeyPress:
    case QEvent::Resize: {
        auto* view = qobject_cast<ImageView*>(watched);
        if (!view || !m_enabled || m_busy)
            break;
        // Let the view handle the event first, then mirror its camera.
        const bool handled = static_cast<QObject*>(view)->event(event);
        syncFrom(view);
        return handled || event->isAccepted();
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace chexview
