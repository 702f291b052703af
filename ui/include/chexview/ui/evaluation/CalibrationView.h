#pragma once

#include "chexview/eval/Evaluator.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace chexview {

class ReliabilityDiagram;

/// The Evaluation tab's Calibration view: per finding ECE (15 bins, L1) and Brier score in a
/// table, the selected finding's reliability diagram, and Export (PNG or SVG). Selecting a row
/// asks the panel to select that finding. GUI thread only.
class CalibrationView : public QWidget
{
    Q_OBJECT
public:
    explicit CalibrationView(QWidget* parent = nullptr);
    void setReport(const EvaluationReport& report);
    void selectFinding(int finding);
    void clear();
    QTableWidget* table() const { return m_table; }
    ReliabilityDiagram* diagram() const { return m_diagram; }

Q_SIGNALS:
    void findingSelected(int finding);

private:
    EvaluationReport m_report;
    QLabel* m_summary;
    QTableWidget* m_table;
    ReliabilityDiagram* m_diagram;
    QPushButton* m_export;
    int m_finding = -1;
};

} // namespace chexview
