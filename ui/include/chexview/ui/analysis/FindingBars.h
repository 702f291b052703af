#pragma once

#include "chexview/model/Analysis.h"

#include <QWidget>

namespace chexview {

/// The 14 findings as horizontal bars sorted by score, each with its operating threshold
/// marked; findings at or above threshold are highlighted. Click a row to select it.
/// GUI thread only.
class FindingBars : public QWidget
{
    Q_OBJECT
public:
    explicit FindingBars(QWidget* parent = nullptr);
    void setResult(const AnalysisResult& result);
    void clear();
    int selected() const { return m_selected; }
    void select(int finding);
    /// Row (top to bottom) of a finding, -1 if none; for tests and keyboard navigation.
    int rowOf(int finding) const;
    QRect rowRect(int row) const;
    QSize sizeHint() const override;

Q_SIGNALS:
    void findingSelected(int finding);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    AnalysisResult m_result;
    std::vector<int> m_order;
    int m_selected = -1;
};

} // namespace chexview
