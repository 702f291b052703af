#pragma once

#include "chexview/eval/SubgroupAudit.h"
#include "chexview/ui/evaluation/EvaluationRunner.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace chexview {

class ForestPlot;

/// The Evaluation tab's Subgroups view: the attributes (sex, age, view or any column) and the
/// CSV they come from (default: the labels file when it has them, else NIH's Data_Entry in
/// ../meta beside the images), Compute, then for the selected finding a forest plot of AUROC
/// per group with its patient-bootstrap CI and a table (images, AUROC [CI], sensitivity,
/// specificity, FPR, underdiagnosis rate [CI], AUROC gap to the largest group [paired CI]).
/// The audit runs on the thread pool; GUI thread only otherwise.
class SubgroupView : public QWidget
{
    Q_OBJECT
public:
    explicit SubgroupView(QWidget* parent = nullptr);
    ~SubgroupView() override;
    /// A new evaluation: clears the old audit; `labels` is the labels file used.
    void setOutcome(std::shared_ptr<const EvaluationOutcome> outcome, const QString& labels);
    void selectFinding(int finding);
    /// Starts the audit of the current outcome (Compute).
    void compute();
    bool isComputing() const;
    /// The CSV that sex/age/view are read from when none is chosen.
    static QString defaultDemographics(const QString& labels, const QString& imagesDir);

    QLineEdit* demographicsEdit() const { return m_file; }
    QLineEdit* attributesEdit() const { return m_attributes; }
    QTableWidget* table() const { return m_table; }
    ForestPlot* forestPlot() const { return m_plot; }
    const SubgroupReport& report() const { return m_report; }
    QString statusText() const;

Q_SIGNALS:
    void computed();

private:
    void show(int finding);
    std::shared_ptr<const EvaluationOutcome> m_outcome;
    SubgroupReport m_report;
    bool m_hasReport = false;
    QString m_error;
    QFutureWatcher<SubgroupReport>* m_watcher;
    QLineEdit* m_file;
    QLineEdit* m_attributes;
    QPushButton* m_compute;
    QPushButton* m_export;
    QLabel* m_status;
    QTableWidget* m_table;
    ForestPlot* m_plot;
    int m_finding = 0;
};

} // namespace chexview
