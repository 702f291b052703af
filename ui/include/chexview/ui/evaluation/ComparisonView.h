#pragma once

#include "chexview/eval/SourceComparison.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace chexview {

/// Compare two sources: per finding AUROC of A and B, B - A with its paired bootstrap CI,
/// max |dp| and the flips; below, the images whose verdict flips (finding, image, pA, pB,
/// truth), largest change first. Double-clicking a flip asks to open its image. GUI thread.
class ComparisonView : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);
    void setReport(const ComparisonReport& report);
    /// No comparison; `why` (when given) says why the one asked for was not made.
    void clear(const QString& why = {});
    QTableWidget* table() const { return m_table; }
    QTableWidget* flips() const { return m_flips; }
    QString summaryText() const;

Q_SIGNALS:
    void flipActivated(const QString& image, int finding);

private:
    QLabel* m_summary;
    QTableWidget* m_table;
    QTableWidget* m_flips;
};

} // namespace chexview
