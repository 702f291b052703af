#pragma once

#include <QRect>

namespace chexview {

/// Where the main window goes on a screen: never larger than the available geometry (the
/// screen less panels and docks), with room for the window manager's frame, centred.
/// Pure functions on rectangles; any thread.
class WindowPlacement
{
public:
    /// Room kept for a window frame: title bar height and side borders.
    static constexpr int kFrameHeight = 40;
    static constexpr int kFrameWidth = 16;
    /// The first-run geometry: `preferred`, shrunk to fit `available`, centred in it.
    static QRect initial(const QRect& available, const QSize& preferred);
    /// A restored geometry moved and shrunk as needed to lie inside `available` (a window
    /// saved on a larger or a second screen).
    static QRect clamp(const QRect& saved, const QRect& available);
};

} // namespace chexview
