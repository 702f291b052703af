#pragma once

#include <QByteArray>
#include <QList>

class QDockWidget;
class QMainWindow;

namespace chexview {

/// The viewer's docks (study, patients, tags, findings, stored results) put away while another
/// tab (Dataset, Evaluation) fills the window, and brought back exactly as they were: open or
/// closed (a dock tabbed behind another counts as open), which tab of each group is on top,
/// and their sizes. The window's own saved state does it (QMainWindow::saveState), not dock by
/// dock: showing docks one at a time lays them out again from their size hints, and at
/// 1280x720 that pushed the window past the screen. Before the window saves its settings it
/// restores the docks, so the viewer's layout is what is saved, not the stashed one.
///
/// Thread contract: GUI thread only; the docks are the window's (this holds no ownership).
class ViewerDockStash
{
public:
    ViewerDockStash(QMainWindow* window, QList<QDockWidget*> docks);

    /// Records the window's layout and hides the docks (no-op while stashed).
    void stash();
    /// Puts the recorded layout back (no-op unless stashed).
    void restore();
    bool isStashed() const { return m_stashed; }

private:
    QMainWindow* m_window;
    QList<QDockWidget*> m_docks;
    QByteArray m_layout;
    bool m_stashed = false;
};

} // namespace chexview
