#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/ui/evaluation/EvaluationRunner.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QDoubleSpinBox;
class QSlider;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace chexview {

class CalibrationView;
class ComparisonView;
class ErrorBrowser;
class ExpertView;
class SubgroupView;
class EvaluationInputs;
class LocalizationView;
class MetricsTableModel;
class RocChart;

/// Researcher mode: evaluate a model against labels (split lists, Data_Entry or a labels CSV),
/// from a predictions CSV or by running a model package over the images (progress bar,
/// Cancel). A sortable per-finding table with bootstrap CIs (Ctrl+C copies), the selected
/// finding's ROC curve with its operating point, a threshold slider that updates sensitivity,
/// specificity and the confusion counts live, the error browser, localization against NIH's
/// expert boxes, the comparison of two sources, calibration (reliability diagram), subgroups
/// (forest plot) and the radiologists' labels (Expert).
/// The work runs on EvaluationRunner's thread and comes back as queued signals; GUI thread
/// only otherwise. Destroying the panel while an evaluation runs cancels and joins it.
class EvaluationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluationPanel(QWidget* parent = nullptr);
    ~EvaluationPanel() override;

    /// Inputs: labels (file or folder), predictions CSV, the folder holding the images (for
    /// thumbnails and opening; default: the labels file's folder), and NIH's BBox_List file
    /// (default: looked for in ../meta beside the images folder).
    void setInputs(const QString& labels, const QString& predictions, const QString& imagesDir = {},
                   const QString& boxesFile = {});
    EvaluationInputs* inputs() const { return m_inputs; }
    void run();
    void cancel();
    bool isBusy() const;

    void selectFinding(int finding);
    int selectedFinding() const { return m_finding; }
    void setThreshold(double threshold);
    double threshold() const;
    ConfusionCounts currentCounts() const { return m_counts; }

    const EvaluationReport& report() const { return m_state->report; }
    const EvaluationSet& evaluationSet() const { return m_state->set; }
    const EvaluationOutcome& outcome() const { return *m_state; }
    QProgressBar* progressBar() const { return m_progress; }
    ComparisonView* comparisonView() const { return m_compare; }
    LocalizationView* localizationView() const { return m_localization; }
    CalibrationView* calibrationView() const { return m_calibration; }
    SubgroupView* subgroupView() const { return m_subgroups; }
    ExpertView* expertView() const { return m_expert; }
    QTableView* table() const { return m_table; }
    RocChart* rocChart() const { return m_roc; }
    QSlider* thresholdSlider() const { return m_slider; }
    /// The number box beside the slider (4 decimals: Youden thresholds can be 0.002).
    QDoubleSpinBox* thresholdBox() const { return m_thresholdBox; }
    ErrorBrowser* errorBrowser() const { return m_errors; }
    QString statusText() const;
    /// The evaluation report PDF (tables, ROC, reliability, forest plot, expert table).
    bool writeReportPdf(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    void evaluated();
    void failed(const QString& message);
    void cancelled();
    /// Open `paths[current]` in the viewer with finding's heatmap; the other paths are the
    /// error list to step through (N / P), boxes (1024x1024 frame) keyed by file name.
    void openInViewer(const QStringList& paths, int current, int finding,
                      const QHash<QString, QList<chexview::ExpertBox>>& boxes);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void display(std::shared_ptr<const EvaluationOutcome> state);
    void fillTable();
    /// Greys the previous run's results (tables, curve, errors) while a run goes.
    void setResultsStale(bool stale);
    QList<QWidget*> resultWidgets() const;
    void updateThresholdRow();
    void openError(int row);
    void openImage(const QString& image, int finding);

    std::shared_ptr<const EvaluationOutcome> m_state;
    EvaluationRunner* m_runner;
    EvaluationInputs* m_inputs;
    LocalizationView* m_localization;
    ComparisonView* m_compare;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableView* m_table;
    MetricsTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    RocChart* m_roc;
    QSlider* m_slider;
    QDoubleSpinBox* m_thresholdBox;
    double m_threshold = 0.5;
    QLabel* m_thresholdText;
    ErrorBrowser* m_errors;
    QTimer* m_errorsRefresh;
    int m_finding = -1;
    ConfusionCounts m_counts;
    CalibrationView* m_calibration;
    SubgroupView* m_subgroups;
    ExpertView* m_expert;
};

} // namespace chexview
