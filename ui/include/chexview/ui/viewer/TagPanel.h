#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QWidget>

class QKeyEvent;
class QLineEdit;
class QTableView;
class QStandardItemModel;
class QSortFilterProxyModel;

namespace chexview {

/// Searchable list of every DICOM attribute of the current image (tag, keyword, VR, value).
/// The filter matches any column, case-insensitively. While the search field has focus it keeps
/// plain typing and the text-editing keys (select all, copy, paste, undo…); other chords,
/// function keys and Page Up/Down reach the application's shortcuts. GUI thread only.
class TagPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TagPanel(QWidget* parent = nullptr);
    void setMetadata(const ImageMetadata& meta);
    void setFilterText(const QString& text);
    QString filterText() const;
    int visibleRowCount() const;
    /// Width of a column in pixels (the Value column is 3), for layout tests.
    int columnWidth(int column) const;
    QString visibleValue(int row, int column) const;
    /// The search field (for focus handling and tests).
    QLineEdit* searchField() const { return m_filter; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    static bool isTextEditingKey(const QKeyEvent* key);

    QLineEdit* m_filter;
    QTableView* m_table;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
};

} // namespace chexview
