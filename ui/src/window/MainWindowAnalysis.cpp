// CheXNet analysis in MainWindow: findings dock, worker, overlay and export.
#include "chexview/gate/InputGate.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/model/TrainingProvenance.h"
#include "chexview/report/AnnotatedImage.h"
#include "chexview/report/ReportBuilder.h"
#include "chexview/report/ReportWriter.h"
#include "chexview/report/ScoresCsv.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace chexview {

void MainWindow::buildAnalysis()
{
    m_analysis = new AnalysisController(this);
    m_findings = new FindingsPanel(this);
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setWidget(m_findings);
    addDockWidget(Qt::RightDockWidgetArea, m_findingsDock);
    tabifyDockWidget(m_findingsDock, m_tagDock);
    if (auto* stored = findChild<QDockWidget*>(QStringLiteral("storedResultsDock")))
        tabifyDockWidget(m_findingsDock, stored);
    m_findingsDock->raise();
    m_analyzeOnOpen = QSettings().value(QStringLiteral("analysis/onOpen"), true).toBool();

    // Before Help, which is the last menu.
    QMenu* menu = new QMenu(tr("&Analysis"), this);
    menuBar()->insertMenu(menuBar()->actions().last(), menu);
    QAction* run = menu->addAction(tr("&Analyze"), this, &MainWindow::analyzeCurrent);
    run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    QAction* cancel = menu->addAction(tr("&Cancel"), m_analysis, &AnalysisController::cancel);
    // Esc on the image cancels; Esc anywhere else in the window first brings the focus back to
    // the image (m_focusImageAction, disabled while the image has the focus: no ambiguity).
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(cancel);
    QAction* heat = menu->addAction(tr("Show &Heatmap"));
    heat->setCheckable(true);
    heat->setChecked(true);
    heat->setShortcut(QKeySequence(Qt::Key_H));
    connect(heat, &QAction::toggled, m_findings, &FindingsPanel::setHeatmapVisible);
    QAction* onOpen = menu->addAction(tr("Analyze on &Open"));
    onOpen->setCheckable(true);
    onOpen->setChecked(m_analyzeOnOpen);
    connect(onOpen, &QAction::toggled, this, [this](bool on) {
        m_analyzeOnOpen = on;
        QSettings().setValue(QStringLiteral("analysis/onOpen"), on);
    });
    menu->addAction(m_findingsDock->toggleViewAction());

    connect(m_analysis, &AnalysisController::modelLoaded, this,
            [this](const QString& name, bool trained, double ms, double warmUpMs) {
                m_modelName = name;
                m_modelTrained = trained;
                m_findings->setModel(name, trained, m_modelDir);
                // The manifest the engine loaded (never re-read from disk on this thread).
                const TrainingProvenance t =
                    TrainingProvenance::fromProvenance(m_analysis->manifest().provenance);
                m_findings->setTrainingInfo(t.summary(), t.aurocTable());
                m_untrainedBanner->setVisible(!trained);
                if (!m_analysis->isBusy()) {
                    m_findings->setBusy(false);
                    m_findings->setStatus(tr("Model ready (loaded in %1 ms, warmed up in %2 ms)")
                                              .arg(ms, 0, 'f', 0)
                                              .arg(warmUpMs, 0, 'f', 0));
                }
                syncPresentation();
                statusBar()->showMessage(
                    tr("Model %1 loaded in %2 ms").arg(name).arg(ms, 0, 'f', 0), 4000);
            });
    connect(m_analysis, &AnalysisController::devicesChecked, m_findings,
            &FindingsPanel::setDeviceAvailability);
    connect(m_analysis, &AnalysisController::workerDevicesChecked, m_findings,
            &FindingsPanel::setWorkerDeviceAvailability);
    connect(m_findings, &FindingsPanel::workerDevicesRequested, m_analysis,
            &AnalysisController::checkWorkerDevices);
    connect(m_analysis, &AnalysisController::modelFailed, this, [this](const QString& msg) {
        m_findings->setBusy(false);
        m_findings->setModelError(msg);
        m_untrainedBanner->hide();
    });
    connect(m_analysis, &AnalysisController::progress, this,
            [this](quint64 id, const QString& stage) {
                if (id == m_request)
                    m_findings->setBusy(true, stage);
            });
    connect(m_analysis, &AnalysisController::finished, this,
            [this](quint64 id, const AnalysisResult& r) {
                // A late answer for another file is dropped by the document.
                if (id != m_request || !m_doc->setResult(r, m_analysis->manifest().provenance))
                    return;
                m_findings->setResult(
                    r, m_openClock.isValid() ? double(m_openClock.elapsed()) : r.inferenceMs,
                    m_requestFromOpen, m_requestWaitedForLoad);
                // Opened from the error browser: show the finding under review.
                m_findings->bars()->select(m_errorFiles.contains(r.file) && m_errorFinding >= 0
                                               ? m_errorFinding
                                               : r.ranking().front());
                syncPresentation();
                Q_EMIT analysisShown(r.file);
            });
    connect(m_analysis, &AnalysisController::failed, this, [this](quint64 id, const QString& msg) {
        if (id == m_request)
            m_findings->setError(msg);
    });
    connect(m_analysis, &AnalysisController::cancelled, this,
            [this] { m_findings->setError(tr("Analysis cancelled")); });
    connect(m_findings, &FindingsPanel::cancelRequested, m_analysis, &AnalysisController::cancel);
    connect(m_findings, &FindingsPanel::analyzeRequested, this, &MainWindow::analyzeCurrent);
    connect(m_findings, &FindingsPanel::scoreAnywayRequested, this, &MainWindow::scoreAnyway);
    connect(m_findings, &FindingsPanel::engineOptionsChanged, this, [this] {
        const InferenceEngine::Options o = m_findings->engineOptions();
        QSettings().setValue(QStringLiteral("analysis/engine"), toString(o.engine));
        QSettings().setValue(QStringLiteral("analysis/python"), o.python);
        if (m_analysis->modelState() != AnalysisController::ModelState::NotRequested)
            reloadModel(m_modelDir);
    });
    connect(m_findings, &FindingsPanel::modelDirRequested, this, &MainWindow::reloadModel);
    connect(m_findings->bars(), &FindingBars::findingSelected, m_doc, &ViewerDocument::setFinding);
    connect(m_findings, &FindingsPanel::overlayChanged, this, &MainWindow::pushHeatmapSettings);
    // Everything that paints the heatmap takes the document's one rendering.
    connect(m_doc, &ViewerDocument::overlayChanged, this, [this] {
        m_view->setOverlayVisible(m_doc->heatmapSettings().visible);
        m_view->setOverlay(m_doc->overlay());
        m_view->setOverlayLabel(m_doc->overlayLabel());
        syncPresentation();
    });
    pushHeatmapSettings();
    connect(m_findings, &FindingsPanel::exportPngRequested, this, &MainWindow::exportPng);
    connect(m_findings, &FindingsPanel::exportCsvRequested, this, &MainWindow::exportCsv);
    // The engine and the worker's interpreter persist; an empty interpreter means the default.
    {
        const QSettings s;
        const QString python = s.value(QStringLiteral("analysis/python")).toString();
        m_findings->setEngine(
            s.value(QStringLiteral("analysis/engine"), toString(Engine::LibTorch)).toString(),
            python == qEnvironmentVariable("CHEXVIEW_PYTHON", QStringLiteral("/usr/bin/python3"))
                ? QString()
                : python);
    }
    // Loading LibTorch stalls the whole process for ~0.4 s (even from the worker thread, through
    // the dynamic loader): let the window appear first.
    QTimer::singleShot(0, this, &MainWindow::ensureModelRequested);
}

void MainWindow::ensureModelRequested()
{
    if (m_analysis->modelState() != AnalysisController::ModelState::NotRequested)
        return;
    m_analysis->checkDevices();
    reloadModel(QSettings()
                    .value(QStringLiteral("analysis/model"), ResourceLocator::defaultModel())
                    .toString());
}

void MainWindow::reloadModel(const QString& dir)
{
    m_modelDir = dir;
    m_findings->setBusy(true, tr("loading model…"));
    QSettings().setValue(QStringLiteral("analysis/model"), dir);
    m_analysis->loadModel(dir, m_findings->engineOptions());
    if (m_view->image() && m_analyzeOnOpen)
        analyzeCurrent(); // queued behind the load on the worker thread
}

void MainWindow::analyzeCurrent()
{
    if (!m_view->image())
        return;
    ensureModelRequested(); // the load is queued ahead of this request on the worker
    // The clock runs from the open for the analysis an open starts, otherwise from this request
    // (a re-run after a precision or model change must not count from the open).
    m_requestFromOpen = m_clockFromOpen && m_openClock.isValid();
    if (!m_requestFromOpen)
        m_openClock.start();
    m_clockFromOpen = false;
    m_requestWaitedForLoad = !m_analysis->hasModel();
    clearAnalysis();
    // The input gate first: a refused image is not scored unless the user said "score anyway".
    const GateVerdict gate = InputGate::check(*m_view->image());
    const bool forced = gate.isRefused() && m_forceGate;
    m_forceGate = false;
    m_findings->setGate(gate, forced);
    m_doc->setGateVerdict(gate.recordedSummary(forced)); // what the exports say
    if (gate.isRefused() && !forced) {
        m_findings->setStatus(tr("Not scored: %1").arg(gate.reasons.join(QStringLiteral("; "))));
        return;
    }
    m_findings->setBusy(true, m_analysis->hasModel() ? tr("queued…") : tr("loading model…"));
    syncPresentation();
    m_request = m_analysis->analyze(m_view->image(), m_doc->file(), m_findings->tta());
}

void MainWindow::scoreAnyway()
{
    m_forceGate = true;
    analyzeCurrent();
}

void MainWindow::clearAnalysis()
{
    m_doc->clearResult();
    m_findings->clearResult();
}

void MainWindow::pushHeatmapSettings()
{
    ViewerDocument::HeatmapSettings s;
    s.visible = m_findings->heatmapVisible();
    s.colormap = m_findings->colormap();
    s.opacity = m_findings->opacity();
    m_doc->setHeatmapSettings(s);
}

ReportBuilder::Inputs MainWindow::exportInputs() const
{
    ReportBuilder::Inputs in;
    in.image = m_doc->image();
    in.file = m_doc->file();
    in.display = m_view->displayImage();
    in.result = m_doc->result();
    in.finding = m_doc->shownFinding();
    in.colormap = m_doc->heatmapSettings().colormap;
    in.opacity = m_doc->heatmapSettings().opacity;
    in.anonymize = m_anonymizeAction->isChecked();
    in.measurements = m_view->measurements()->measurements();
    in.calibration = m_view->measurements()->calibration();
    in.provenance = m_doc->provenance(); // of the engine that computed the result
    in.gate = m_doc->gateVerdict();
    return in;
}

bool MainWindow::exportPngTo(const QString& path)
{
    if (!m_view->image())
        return false;
    return AnnotatedImage::render(ReportBuilder::annotatedImage(exportInputs())).save(path, "PNG");
}

bool MainWindow::exportReportTo(const QString& path, QString* error)
{
    if (!m_view->image()) {
        if (error)
            *error = tr("no image open");
        return false;
    }
    return ReportWriter::writePdf(ReportBuilder::report(exportInputs()), path, error);
}

bool MainWindow::exportCsvTo(const QString& path) const
{
    QFile f(path);
    if (!m_doc->hasResult() || !f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    return f.write(ScoresCsv::format(m_doc->result(), m_anonymizeAction->isChecked()).toUtf8()) >=
           0;
}

} // namespace chexview
