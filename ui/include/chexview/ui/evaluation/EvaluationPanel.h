#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/eval/Evaluator.h"

#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QStandardItemModel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace chexview {

class ErrorBrowser;
class RocChart;

/// Researcher mode: evaluate a model's scores (a predictions CSV) against labels (split lists,
/// Data_Entry or a labels CSV). A sortable per-finding table with bootstrap CIs (Ctrl+C copies),
/// the selected finding's ROC curve with its operating point, a threshold slider that updates
/// sensitivity, specificity and the confusion counts live, and the error browser.
/// Reading and computing run on the thread pool; Cancel drops a running evaluation; GUI thread
/// only otherwise. Destroying the panel while an evaluation runs is safe.
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
    QTableView* table() const { return m_table; }
    RocChart* rocChart() const { return m_roc; }
    QSlider* thresholdSlider() const { return m_slider; }
    ErrorBrowser* errorBrowser() const { return m_errors; }
    QString statusText() const;

Q_SIGNALS:
    void evaluated();
    void failed(const QString& message);
    /// Open `paths[current]` in the viewer with finding's heatmap; the other paths are the
    /// error list to step through (N / P), boxes (1024x1024 frame) keyed by file name.
    void openInViewer(const QStringList& paths, int current, int finding,
                      const QHash<QString, QList<chexview::ExpertBox>>& boxes);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct State
    {
        EvaluationSet set;
        EvaluationReport report;
        ExpertBoxes boxes;
        QString imagesDir;
        QString error;
    };
    void display(std::shared_ptr<State> state);
    void fillTable();
    void updateThresholdRow();
    void choose(QLineEdit* edit, bool folder, const QString& filter);
    void openError(int row);

    std::shared_ptr<State> m_state;
    QFutureWatcher<std::shared_ptr<State>>* m_watcher = nullptr;
    QLineEdit* m_labels;
    QLineEdit* m_predictions;
    QLineEdit* m_images;
    QLineEdit* m_boxes;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableView* m_table;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    RocChart* m_roc;
    QSlider* m_slider;
    QLabel* m_thresholdText;
    ErrorBrowser* m_errors;
    QTimer* m_errorsRefresh;
    int m_finding = -1;
    ConfusionCounts m_counts;
};

} // namespace chexview
