#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

#include <QMainWindow>

class QLabel;
class QMenu;
class QAction;
class QActionGroup;
class QDockWidget;
class QTabWidget;

namespace chexview {

class AsyncImageLoader;
class DatasetPanel;
class EvaluationPanel;
class AnalysisController;
class FindingsPanel;
class ImageView;
class StudyList;
class TagPanel;

/// The viewer window: image view, study list and tag panel docks, menus, status bar, a
/// persistent "Not for clinical use" banner. Loading runs off the GUI thread through
/// AsyncImageLoader; closing the window while a load runs is safe.
/// Window geometry, dock state, recent files, anonymize and last folder live in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a file or, for a directory, the folder as a study.
    void openPath(const QString& path);
    ImageView* imageView() const { return m_view; }
    StudyList* studyList() const { return m_study; }
    TagPanel* tagPanel() const { return m_tags; }
    AsyncImageLoader* loader() const { return m_loader; }
    DatasetPanel* datasetPanel() const { return m_dataset; }
    EvaluationPanel* evaluationPanel() const { return m_evaluation; }
    FindingsPanel* findingsPanel() const { return m_findings; }
    AnalysisController* analysis() const { return m_analysis; }
    /// The latest analysis shown (empty before the first one).
    const AnalysisResult& analysisResult() const { return m_result; }
    /// Starts the analysis of the current image (no-op without one).
    void analyzeCurrent();
    /// The view as painted (image, overlay, heatmap) to a PNG; false if it cannot be written.
    bool exportPngTo(const QString& path);
    /// The current scores as CSV (finding, probability, threshold, positive); false without
    /// a result or when the file cannot be written.
    bool exportCsvTo(const QString& path) const;
    /// Switches to the Dataset tab (loading the bundled lists the first time).
    void showDatasetTab();
    /// Switches to the Evaluation tab and, given labels and predictions, runs the evaluation.
    void showEvaluationTab(const QString& labels = {}, const QString& predictions = {},
                           const QString& imagesDir = {});
    /// Opens paths[current] from the error browser: the list becomes the study (N / P step
    /// through it), each file shows its expert boxes and the heatmap of `finding`.
    void openEvaluationErrors(const QStringList& paths, int current, int finding,
                              const QHash<QString, QList<chexview::ExpertBox>>& boxes);
    QString currentFile() const { return m_currentFile; }
    QString statusMessage() const;

Q_SIGNALS:
    /// Emitted after an image is shown (or failed: image is null).
    void imageShown(const QString& path, bool ok);
    /// Scores for the current image are on screen.
    void analysisShown(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildDocks();
    void buildStatusBar();
    void restoreSettings();
    void rebuildRecentMenu();
    void rebuildPresetMenu();
    void showImage(const QString& path, XrayImagePtr image, qint64 elapsedMs);
    void showError(const QString& path, const QString& message);
    void openFileDialog();
    void openFolderDialog();
    void updateWindowReadout();
    void buildAnalysis();
    void reloadModel(const QString& dir);
    void ensureModelRequested();
    void updateOverlay();
    void exportPng();
    void exportCsv();
    void buildEvaluation();
    void showExpertBoxes(const QString& path);

    ImageView* m_view = nullptr;
    StudyList* m_study = nullptr;
    TagPanel* m_tags = nullptr;
    AsyncImageLoader* m_loader = nullptr;
    QTabWidget* m_tabs = nullptr;
    DatasetPanel* m_dataset = nullptr;
    EvaluationPanel* m_evaluation = nullptr;
    QSet<QString> m_errorFiles;                    ///< opened from the error browser
    QHash<QString, QList<ExpertBox>> m_errorBoxes; ///< by file name
    int m_errorFinding = -1;
    bool m_docksStashed = false; ///< viewer docks hidden while another tab is shown
    bool m_findingsShown = true;
    QDockWidget* m_studyDock = nullptr;
    QDockWidget* m_tagDock = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_presetMenu = nullptr;
    QLabel* m_fileLabel = nullptr;
    QLabel* m_windowLabel = nullptr;
    QLabel* m_pixelLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QAction* m_anonymizeAction = nullptr;
    QAction* m_invertAction = nullptr;
    QString m_currentFile;
    std::pair<bool, bool> m_docksShown{true, true};
    AnalysisController* m_analysis = nullptr;
    FindingsPanel* m_findings = nullptr;
    QDockWidget* m_findingsDock = nullptr;
    QLabel* m_untrainedBanner = nullptr;
    QString m_modelDir;
    quint64 m_request = 0;
    AnalysisResult m_result;
    QElapsedTimer m_openClock;
    bool m_analyzeOnOpen = true;
    bool m_modelRequested = false;
};

} // namespace chexview
