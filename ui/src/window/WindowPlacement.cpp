#include "chexview/ui/window/WindowPlacement.h"

#include <algorithm>

namespace chexview {

QRect WindowPlacement::initial(const QRect& available, const QSize& preferred)
{
    const QSize size(std::min(preferred.width(), available.width() - kFrameWidth),
                     std::min(preferred.height(), available.height() - kFrameHeight));
    QRect r(QPoint(0, 0), size.expandedTo(QSize(1, 1)));
    r.moveCenter(available.center());
    // The frame's title bar sits above the client area: keep it on the screen too.
    r.moveTop(std::max(available.top() + kFrameHeight - 8, r.top()));
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    return r;
}

QRect WindowPlacement::clamp(const QRect& saved, const QRect& available)
{
    QRect r = saved;
    r.setWidth(std::min(r.width(), available.width() - kFrameWidth));
    r.setHeight(std::min(r.height(), available.height() - kFrameHeight));
    if (r.right() > available.right())
        r.moveRight(available.right());
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    if (r.left() < available.left())
        r.moveLeft(available.left());
    if (r.top() < available.top())
        r.moveTop(available.top());
    return r;
}

} // namespace chexview
