#include "chexview/ui/viewer/TagPanel.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace chexview {

TagPanel::TagPanel(QWidget* parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_table(new QTableView(this)),
      m_model(new QStandardItemModel(0, 4, this)), m_proxy(new QSortFilterProxyModel(this))
{
    m_model->setHorizontalHeaderLabels({tr("Tag"), tr("Keyword"), tr("VR"), tr("Value")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_filter->setPlaceholderText(tr("Search tags (number, keyword or value)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &TagPanel::setFilterText);
    m_filter->installEventFilter(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

bool TagPanel::isTextEditingKey(const QKeyEvent* key)
{
    for (const QKeySequence::StandardKey k :
         {QKeySequence::SelectAll, QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste,
          QKeySequence::Undo, QKeySequence::Redo, QKeySequence::Delete,
          QKeySequence::DeleteStartOfWord, QKeySequence::DeleteEndOfWord,
          QKeySequence::MoveToNextWord, QKeySequence::MoveToPreviousWord,
          QKeySequence::SelectNextWord, QKeySequence::SelectPreviousWord})
        if (key->matches(k))
            return true;
    return false;
}

bool TagPanel::eventFilter(QObject* watched, QEvent* event)
{
    // The search field takes plain typing (letters are search text) and the usual editing
    // keys; every other chord with Ctrl/Alt/Meta, the function keys and Page Up/Down go to the
    // application's shortcuts (QLineEdit would swallow Ctrl+E as "end of line", for example).
    if (watched == m_filter && event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const Qt::KeyboardModifiers chord =
            key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
        const bool functionKey = key->key() >= Qt::Key_F1 && key->key() <= Qt::Key_F35;
        const bool paging = key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown;
        if ((chord != Qt::NoModifier || functionKey || paging) && !isTextEditingKey(key)) {
            event->ignore(); // not the field's: the shortcut map may use it
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TagPanel::setMetadata(const ImageMetadata& meta)
{
    m_model->removeRows(0, m_model->rowCount());
    m_model->setRowCount(int(meta.tags.size()));
    int row = 0;
    for (const DicomTagEntry& e : meta.tags) {
        const QString indent(e.depth * 2, QLatin1Char(' '));
        m_model->setItem(row, 0, new QStandardItem(indent + e.tag));
        auto* keyword = new QStandardItem(e.keyword);
        keyword->setToolTip(e.keyword);
        m_model->setItem(row, 1, keyword);
        m_model->setItem(row, 2, new QStandardItem(e.vr));
        auto* value = new QStandardItem(e.value);
        value->setToolTip(e.value);
        m_model->setItem(row, 3, value);
        ++row;
    }
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(1);
    m_table->resizeColumnToContents(2);
    // Long keywords ("ReferencedPerformedProcedureStepSequence") would squeeze the value to a
    // few pixels: the keyword column is capped (its full text is the cell's tooltip) so the
    // value keeps at least half of the table.
    const int cap = std::max(90, m_table->viewport()->width() / 4);
    if (m_table->columnWidth(1) > cap)
        m_table->setColumnWidth(1, cap);
}

void TagPanel::setFilterText(const QString& text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
}

QString TagPanel::filterText() const
{
    return m_filter->text();
}

int TagPanel::columnWidth(int column) const
{
    return m_table->columnWidth(column);
}

int TagPanel::visibleRowCount() const
{
    return m_proxy->rowCount();
}

QString TagPanel::visibleValue(int row, int column) const
{
    return m_proxy->index(row, column).data().toString();
}

} // namespace chexview
