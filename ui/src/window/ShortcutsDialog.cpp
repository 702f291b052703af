#include "chexview/ui/window/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace chexview {

namespace {

QString plain(QString text)
{
    text.remove(QLatin1Char('&'));
    text.remove(QStringLiteral("…"));
    return text.trimmed();
}

QString keysOf(const QAction* a)
{
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts())
        keys << k.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

void collect(const QMenu* menu, const QString& group, QList<ShortcutsDialog::Row>& out,
             QSet<const QAction*>& seen)
{
    for (QAction* a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), group, out, seen);
            continue;
        }
        if (a->shortcuts().isEmpty() || seen.contains(a))
            continue;
        seen.insert(a);
        out.append({group, plain(a->text()), keysOf(a)});
    }
}

} // namespace

QList<ShortcutsDialog::Row> ShortcutsDialog::rows(const QWidget* window)
{
    QList<Row> out;
    QSet<const QAction*> seen;
    if (const QMenuBar* bar = window->findChild<QMenuBar*>())
        for (QAction* top : bar->actions())
            if (top->menu())
                collect(top->menu(), plain(top->text()), out, seen);
    // Actions with keys outside the menus (added to the window or a widget).
    for (const QAction* a : window->findChildren<QAction*>()) {
        if (a->shortcuts().isEmpty() || seen.contains(a) || a->text().isEmpty())
            continue;
        seen.insert(a);
        out.append({QObject::tr("Window"), plain(a->text()), keysOf(a)});
    }
    return out;
}

ShortcutsDialog::ShortcutsDialog(QWidget* window, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    setObjectName(QStringLiteral("shortcutsDialog"));
    const QList<Row> list = rows(window);
    auto* table = new QTableWidget(int(list.size()), 3, this);
    table->setHorizontalHeaderLabels({tr("Menu"), tr("Command"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int i = 0; i < list.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(list[i].group));
        table->setItem(i, 1, new QTableWidgetItem(list[i].command));
        table->setItem(i, 2, new QTableWidgetItem(list[i].keys));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(620, 560);
}

} // namespace chexview
