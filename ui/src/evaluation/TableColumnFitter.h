#pragma once

#include <QList>
#include <QObject>

class QTableView;

namespace chexview {

/// Keeps a table from scrolling sideways: its horizontal scroll bar is off, and whenever the
/// table is resized or its model changes, columns are hidden in the given order (the least
/// needed first) until the rest fit the viewport at their content width, and shown again when
/// there is room. The header's tooltip names the hidden columns. Private to chexview_ui;
/// GUI thread only (the fitter is a child of the table).
class TableColumnFitter : public QObject
{
    Q_OBJECT
public:
    /// `hideOrder`: column indices, first hidden first; columns not listed always stay.
    TableColumnFitter(QTableView* table, QList<int> hideOrder);
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTableView* m_table;
    QList<int> m_hideOrder;
    bool m_fitting = false;
};

} // namespace chexview
