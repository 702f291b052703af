#pragma once

#include "chexview/dataset/DataEntryIndex.h"
#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/dataset/LabeledDataset.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"
#include "chexview/report/ReportBuilder.h"

#include <QHash>
#include <QKeySequence>
#include <QSet>

#include <memory>

#include <QMainWindow>

class QLabel;
class QMenu;
class QAction;
class QActionGroup;
class QDockWidget;
class QTabWidget;

namespace chexview {

class AsyncImageLoader;
class PresentationWindow;
class ViewerDockStash;
class ViewerStatusBar;
class DatasetPanel;
class EvaluationPanel;
class AnalysisController;
class AnalysisPresenter;
class FindingsPanel;
class ImageView;
class StoredResultsPanel;
class StudyList;
class StudyBrowser;
class WorklistPanel;
class PriorComparisonView;
class TagPanel;
class ViewerDocument;
struct PacsNode;

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
    /// Reads a folder tree into the Patients dock (in the background; MainWindowStudies.cpp).
    void openStudyTree(const QString& dir);
    ImageView* imageView() const { return m_view; }
    StudyList* studyList() const { return m_study; }
    TagPanel* tagPanel() const { return m_tags; }
    AsyncImageLoader* loader() const { return m_loader; }
    DatasetPanel* datasetPanel() const { return m_dataset; }
    EvaluationPanel* evaluationPanel() const { return m_evaluation; }
    FindingsPanel* findingsPanel() const;
    AnalysisController* analysis() const;
    /// The analysis workflow (model, gate, request, timing) the findings panel shows.
    AnalysisPresenter* analysisPresenter() const { return m_analysisFlow; }
    /// What the viewer shows (file, image, result, provenance, finding, heatmap).
    ViewerDocument* document() const { return m_doc; }
    /// The latest analysis shown (empty before the first one).
    const AnalysisResult& analysisResult() const;
    /// Starts the analysis of the current image (no-op without one). The input gate runs first:
    /// an image it refuses is not scored; the findings panel shows why and offers "Score anyway".
    void analyzeCurrent();
    /// Scores the current image although the input gate refuses it (the panel says so).
    void scoreAnyway();
    /// The image at full resolution in the current window, with the selected finding's heatmap
    /// and a legend strip (finding, score, colour scale, model, notice; the patient's name, ID
    /// and date only when not anonymized) to a PNG; false without an image or when it cannot be
    /// written.
    bool exportPngTo(const QString& path);
    /// The one-page PDF report (ReportWriter) of the current image, result and heatmap;
    /// anonymized when the view is. False (and `error`) without an image or a writable file.
    bool exportReportTo(const QString& path, QString* error = nullptr);
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
    QString currentFile() const;
    /// F11 / View > Presentation: full screen, dark, large type, keyboard stepping, anonymized
    /// (turning it on also turns "Anonymize" on for the window behind it).
    void togglePresentation();
    /// The presentation window while it exists (created on first use).
    PresentationWindow* presentation() const { return m_presentation; }
    QString statusMessage() const;
    /// Anonymization on or off without asking (settings, presentation mode, tests). From the
    /// keyboard, the menu or the toolbar, turning it off asks first (askToReveal).
    void setAnonymized(bool on);
    bool isAnonymized() const;
    /// The anonymize key: Ctrl+Shift+H ("hide"), not Ctrl+A (Select All).
    static QKeySequence anonymizeShortcut();
    enum class ExportKind
    {
        Png,
        Report,
        Csv,
        MeasurementSr ///< the measurements as a TID 1500 SR (exportMeasurementSrTo)
    };
    /// Writes an export to `path` as the File menu's dialogs do: on success the status bar says
    /// "Saved NAME in FOLDER" and the folder is where the next export dialog opens; on failure
    /// it says why. False when nothing was written.
    bool saveExport(ExportKind kind, const QString& path);
    /// Where the next export dialog opens: the last export's folder, else Documents.
    QString exportFolder() const;
    /// Writes the shown image's measurements as a TID 1500 SR with SCOORDs (MeasurementSrWriter)
    /// in its study, without patient data when anonymized. False (and why) when there is no
    /// measurement, the image is not DICOM or the file cannot be written.
    bool exportMeasurementSrTo(const QString& path, QString* error = nullptr);
    /// Writes the SR to a temporary folder and stores it on `node` (its protocol, off the GUI
    /// thread); measurementsStored says how it went, and so does the status bar.
    void storeMeasurementSrOn(const PacsNode& node);
    /// Reads a ChestX-ray14 Data_Entry file off the GUI thread; NIH PNGs are then calibrated
    /// from its OriginalImagePixelSpacing (scaled to the stored size) and get its View
    /// Position. Remembered for the next start. dataEntryLoaded when done.
    void loadDataEntry(const QString& csv);

Q_SIGNALS:
    /// Emitted after an image is shown (or failed: image is null).
    void imageShown(const QString& path, bool ok);
    /// Scores for the current image are on screen.
    void analysisShown(const QString& path);
    /// loadDataEntry finished: `rows` films with a known original spacing.
    void dataEntryLoaded(int rows);
    /// After storeMeasurementSrOn: stored or not, and the status bar's sentence.
    void measurementsStored(bool ok, const QString& message);

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
    /// Title, status text and tag panel from the current image, anonymized when asked.
    void refreshIdentity();
    void applyAnonymize(bool on);
    /// "Show patient identity?" (default: keep anonymized); yes turns anonymization off.
    void askToReveal();
    /// Pushes the current image, scores, heatmap and model state into presentation mode.
    void syncPresentation();
    /// What the exports show, from the current image, window, result and heatmap choice.
    ReportBuilder::Inputs exportInputs() const;
    void exportReport();
    QString askExportPath(const QString& title, const QString& name, const QString& filter);
    void openFileDialog();
    void openFolderDialog();
    void buildAnalysis();
    void exportPng();
    void exportCsv();
    void buildEvaluation();
    void showExpertBoxes(const QString& path);
    QString evaluatedSourceNote(const QString& path) const;
    void buildMeasureMenu();
    void buildMeasurementSrActions(QMenu* menu); // MainWindowMeasureSr.cpp
    void exportMeasurementSr();
    void storeMeasurementSr();
    /// The image's measurements from the store (keyed by SOP Instance UID or file hash) and
    /// its calibration into the view's layer.
    void loadMeasurements(const QString& path, const XrayImagePtr& image);
    static QString measurementFolder();
    /// Where PACS retrieves go (one folder per study): the Query PACS dialog's and the stored
    /// results panel's cache.
    static QString pacsCacheDir();
    void buildStudies(); // MainWindowStudies.cpp (issue 19)

    ViewerDocument* m_doc = nullptr;
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
    QDockWidget* m_studyDock = nullptr;
    QDockWidget* m_tagDock = nullptr;
    StoredResultsPanel* m_storedResults = nullptr; ///< AI results stored with the study
    QMenu* m_recentMenu = nullptr;
    QMenu* m_presetMenu = nullptr;
    ViewerStatusBar* m_status = nullptr;
    std::unique_ptr<ViewerDockStash> m_dockStash; ///< the viewer's docks on the other tabs
    QString m_measureKey;       ///< the store key of the shown image's measurements
    DataEntryIndex m_dataEntry; ///< empty until a Data_Entry is loaded
    QAction* m_anonymizeAction = nullptr;
    QAction* m_invertAction = nullptr;
    QAction* m_focusImageAction = nullptr; ///< Esc: keyboard focus back on the image
    bool m_revealConfirmed = false;        ///< setAnonymized(false) is under way: no question
    AnalysisPresenter* m_analysisFlow = nullptr;
    QDockWidget* m_findingsDock = nullptr;
    QLabel* m_untrainedBanner = nullptr;
    qint64 m_loadMs = 0;
    PresentationWindow* m_presentation = nullptr;
    StudyBrowser* m_studyBrowser = nullptr;
    QDockWidget* m_studyBrowserDock = nullptr;
    WorklistPanel* m_worklist = nullptr;
    PriorComparisonView* m_comparison = nullptr;
};

} // namespace chexview
