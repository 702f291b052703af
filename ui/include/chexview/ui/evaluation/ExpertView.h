#pragma once

#include "chexview/eval/ExpertEvaluation.h"
#include "chexview/ui/evaluation/EvaluationRunner.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace chexview {

/// The Evaluation tab's Expert view: the evaluated images against radiologists' labels (Google's
/// relabels of ChestX-ray14; default: google2019_nih-chest-xray-labels.csv.gz in ../meta beside
/// the images): per expert finding the score used, images, positives, AUROC [CI], sensitivity
/// and specificity at the thresholds, and how NIH's labels agree with the radiologists
/// (agreement, kappa). Once loaded, the labels also go to the error browser. GUI thread only
/// (reading the file and the bootstrap over its few thousand images take a fraction of a
/// second).
class ExpertView : public QWidget
{
    Q_OBJECT
public:
    explicit ExpertView(QWidget* parent = nullptr);
    void setOutcome(std::shared_ptr<const EvaluationOutcome> outcome);
    /// Reads the file and evaluates (Compute). False, with the reason shown, on a bad file.
    bool compute();
    static QString defaultFile(const QString& imagesDir);

    QLineEdit* fileEdit() const { return m_file; }
    QTableWidget* table() const { return m_table; }
    const ExpertReport& report() const { return m_report; }
    QString statusText() const;

Q_SIGNALS:
    void labelsLoaded(std::shared_ptr<const chexview::ExpertLabelTable> labels);

private:
    std::shared_ptr<const EvaluationOutcome> m_outcome;
    ExpertReport m_report;
    QLineEdit* m_file;
    QPushButton* m_compute;
    QLabel* m_status;
    QTableWidget* m_table;
};

} // namespace chexview
