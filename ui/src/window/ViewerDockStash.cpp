#include "chexview/ui/window/ViewerDockStash.h"

#include <QDockWidget>
#include <QMainWindow>

namespace chexview {

namespace {
constexpr int kLayoutVersion = 0x5354; // "ST": a stash, never read from the settings
}

ViewerDockStash::ViewerDockStash(QMainWindow* window, QList<QDockWidget*> docks)
    : m_window(window), m_docks(std::move(docks))
{
}

void ViewerDockStash::stash()
{
    if (m_stashed)
        return;
    m_layout = m_window->saveState(kLayoutVersion);
    for (QDockWidget* d : m_docks)
        d->hide();
    m_stashed = true;
}

void ViewerDockStash::restore()
{
    if (!m_stashed)
        return;
    m_stashed = false;
    if (m_window->restoreState(m_layout, kLayoutVersion))
        return;
    for (QDockWidget* d : m_docks) // not expected: the state came from this window
        d->show();
}

} // namespace chexview
