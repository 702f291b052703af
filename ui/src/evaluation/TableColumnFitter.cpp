#include "TableColumnFitter.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace chexview {

TableColumnFitter::TableColumnFitter(QTableView* table, QList<int> hideOrder)
    : QObject(table), m_table(table), m_hideOrder(std::move(hideOrder))
{
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->installEventFilter(this);
    auto later = [this] { QTimer::singleShot(0, this, &TableColumnFitter::fit); };
    if (QAbstractItemModel* model = m_table->model()) {
        connect(model, &QAbstractItemModel::modelReset, this, later);
        connect(model, &QAbstractItemModel::layoutChanged, this, later);
        connect(model, &QAbstractItemModel::rowsInserted, this, later);
        connect(model, &QAbstractItemModel::columnsInserted, this, later);
        connect(model, &QAbstractItemModel::dataChanged, this, later);
    }
}

bool TableColumnFitter::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fit();
    return QObject::eventFilter(watched, event);
}

void TableColumnFitter::fit()
{
    QAbstractItemModel* model = m_table->model();
    if (m_fitting || !model)
        return;
    m_fitting = true;
    QHeaderView* header = m_table->horizontalHeader();
    // The room: the table minus its frame and a vertical scroll bar when there are rows to
    // scroll (counted always, so showing the bar never pushes a column out).
    const int room =
        m_table->width() - 2 * m_table->frameWidth() -
        m_table->verticalScrollBar()->sizeHint().width() -
        (m_table->verticalHeader()->isVisible() ? m_table->verticalHeader()->width() : 0);
    for (int c = 0; c < model->columnCount(); ++c)
        header->setSectionHidden(c, false);
    header->resizeSections(QHeaderView::ResizeToContents);
    QList<int> widths;
    int total = 0;
    for (int c = 0; c < model->columnCount(); ++c) {
        widths << header->sectionSize(c);
        total += widths.last();
    }
    QStringList hidden;
    for (int c : m_hideOrder) {
        if (total <= room)
            break;
        if (c >= model->columnCount())
            continue;
        header->setSectionHidden(c, true);
        total -= widths[c];
        hidden << model->headerData(c, Qt::Horizontal).toString();
    }
    header->setToolTip(hidden.isEmpty()
                           ? QString()
                           : tr("Hidden to fit the panel: %1 (widen it to see them; Ctrl+C copies "
                                "every column)")
                                 .arg(hidden.join(QStringLiteral(", "))));
    m_fitting = false;
}

} // namespace chexview
