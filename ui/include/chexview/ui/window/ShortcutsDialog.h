#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;

namespace chexview {

/// Help ▸ Keyboard Shortcuts: every action of a window that has a key, read from the actions
/// themselves when the dialog opens (so it cannot go stale), grouped by the menu that holds
/// them. GUI thread only.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Row
    {
        QString group;   ///< the menu's title without '&' ("View"); "Window" when in no menu
        QString command; ///< the action's text without '&' and '…'
        QString keys;    ///< all its shortcuts, native text, ", "-separated
    };

    explicit ShortcutsDialog(QWidget* window, QWidget* parent = nullptr);
    /// The rows for `window`'s actions (menu order, then the rest), for the dialog and tests.
    static QList<Row> rows(const QWidget* window);
};

} // namespace chexview
