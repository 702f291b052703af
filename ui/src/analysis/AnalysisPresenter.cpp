#include "chexview/ui/analysis/AnalysisPresenter.h"

#include "chexview/gate/InputGate.h"
#include "chexview/model/TrainingProvenance.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QTimer>

namespace chexview {

namespace {

const QString kOnOpen = QStringLiteral("analysis/onOpen");
const QString kEngine = QStringLiteral("analysis/engine");
const QString kPython = QStringLiteral("analysis/python");
const QString kModel = QStringLiteral("analysis/model");

} // namespace

AnalysisPresenter::AnalysisPresenter(ViewerDocument* document, ImageView* view,
                                     QWidget* panelParent)
    : QObject(panelParent), m_doc(document), m_view(view),
      m_controller(new AnalysisController(this)), m_panel(new FindingsPanel(panelParent))
{
    const QSettings s;
    m_analyzeOnOpen = s.value(kOnOpen, true).toBool();
    // The engine and the worker's interpreter persist; an empty interpreter means the default.
    const QString python = s.value(kPython).toString();
    m_panel->setEngine(
        s.value(kEngine, toString(Engine::LibTorch)).toString(),
        python == qEnvironmentVariable("CHEXVIEW_PYTHON", QStringLiteral("/usr/bin/python3"))
            ? QString()
            : python);
    wireController();
    wirePanel();
    pushHeatmapSettings();
    // Loading LibTorch stalls the whole process for ~0.4 s (even from the worker thread, through
    // the dynamic loader): let the window appear first.
    QTimer::singleShot(0, this, &AnalysisPresenter::ensureModelRequested);
}

AnalysisPresenter::~AnalysisPresenter() = default;

void AnalysisPresenter::addActions(QMenu* menu)
{
    QAction* run = menu->addAction(tr("&Analyze"), this, &AnalysisPresenter::analyzeCurrent);
    run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    QAction* cancel = menu->addAction(tr("&Cancel"), m_controller, &AnalysisController::cancel);
    // Esc on the image cancels; Esc anywhere else in the window first brings the focus back to
    // the image (MainWindow's "focus image" action, disabled while the image has the focus).
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(cancel);
    QAction* heat = menu->addAction(tr("Show &Heatmap"));
    heat->setCheckable(true);
    heat->setChecked(true);
    heat->setShortcut(QKeySequence(Qt::Key_H));
    connect(heat, &QAction::toggled, m_panel, &FindingsPanel::setHeatmapVisible);
    QAction* onOpen = menu->addAction(tr("Analyze on &Open"));
    onOpen->setCheckable(true);
    onOpen->setChecked(m_analyzeOnOpen);
    connect(onOpen, &QAction::toggled, this, [this](bool on) {
        m_analyzeOnOpen = on;
        QSettings().setValue(kOnOpen, on);
    });
}

void AnalysisPresenter::wireController()
{
    connect(m_controller, &AnalysisController::modelLoaded, this,
            [this](const QString& name, bool trained, double ms, double warmUpMs) {
                m_modelName = name;
                m_modelTrained = trained;
                m_panel->setModel(name, trained, m_modelDir);
                // The manifest the engine loaded (never re-read from disk on this thread).
                const TrainingProvenance t =
                    TrainingProvenance::fromProvenance(m_controller->manifest().provenance);
                m_panel->setTrainingInfo(t.summary(), t.aurocTable());
                if (!m_controller->isBusy()) {
                    m_panel->setBusy(false);
                    m_panel->setStatus(tr("Model ready (loaded in %1 ms, warmed up in %2 ms)")
                                           .arg(ms, 0, 'f', 0)
                                           .arg(warmUpMs, 0, 'f', 0));
                }
                Q_EMIT modelReady(name, trained, ms);
                Q_EMIT stateChanged();
            });
    connect(m_controller, &AnalysisController::devicesChecked, m_panel,
            &FindingsPanel::setDeviceAvailability);
    connect(m_controller, &AnalysisController::workerDevicesChecked, m_panel,
            &FindingsPanel::setWorkerDeviceAvailability);
    connect(m_controller, &AnalysisController::modelFailed, this, [this](const QString& msg) {
        m_panel->setBusy(false);
        m_panel->setModelError(msg);
        Q_EMIT modelFailed();
    });
    connect(m_controller, &AnalysisController::progress, this,
            [this](quint64 id, const QString& stage) {
                if (id == m_request)
                    m_panel->setBusy(true, stage);
            });
    connect(m_controller, &AnalysisController::finished, this,
            [this](quint64 id, const AnalysisResult& r) {
                // A late answer for another file is dropped by the document.
                if (id != m_request || !m_doc->setResult(r, m_controller->manifest().provenance))
                    return;
                m_state = RequestState::Shown;
                m_panel->setResult(r, m_clock.isValid() ? double(m_clock.elapsed()) : r.inferenceMs,
                                   m_clockStart == ClockStart::Open, m_waitedForLoad);
                const int first = m_firstFinding ? m_firstFinding(r.file) : -1;
                m_panel->bars()->select(first >= 0 ? first : r.ranking().front());
                Q_EMIT resultShown(r);
            });
    connect(m_controller, &AnalysisController::failed, this,
            [this](quint64 id, const QString& msg) {
                if (id != m_request)
                    return;
                m_state = RequestState::Failed;
                m_panel->setError(msg);
            });
    connect(m_controller, &AnalysisController::cancelled, this, [this] {
        m_state = RequestState::Cancelled;
        m_panel->setError(tr("Analysis cancelled"));
    });
}

void AnalysisPresenter::wirePanel()
{
    connect(m_panel, &FindingsPanel::workerDevicesRequested, m_controller,
            &AnalysisController::checkWorkerDevices);
    connect(m_panel, &FindingsPanel::cancelRequested, m_controller, &AnalysisController::cancel);
    connect(m_panel, &FindingsPanel::analyzeRequested, this, &AnalysisPresenter::analyzeCurrent);
    connect(m_panel, &FindingsPanel::scoreAnywayRequested, this, &AnalysisPresenter::scoreAnyway);
    connect(m_panel, &FindingsPanel::engineOptionsChanged, this, [this] {
        const InferenceEngine::Options o = m_panel->engineOptions();
        QSettings().setValue(kEngine, toString(o.engine));
        QSettings().setValue(kPython, o.python);
        if (m_controller->modelState() != AnalysisController::ModelState::NotRequested)
            reloadModel(m_modelDir);
    });
    connect(m_panel, &FindingsPanel::modelDirRequested, this, &AnalysisPresenter::reloadModel);
    connect(m_panel->bars(), &FindingBars::findingSelected, m_doc, &ViewerDocument::setFinding);
    connect(m_panel, &FindingsPanel::overlayChanged, this, &AnalysisPresenter::pushHeatmapSettings);
}

void AnalysisPresenter::imageOpening()
{
    m_clock.start();
    m_openPending = true;
    clear(); // the previous image's scores must not sit beside the next image
    m_panel->setBusy(false);
    m_panel->setStatus(tr("loading image…"));
}

void AnalysisPresenter::imageShown()
{
    m_panel->clearGate(); // the last image's verdict; analyzeCurrent() gates this one
    if (m_analyzeOnOpen)
        analyzeCurrent();
}

void AnalysisPresenter::ensureModelRequested()
{
    if (m_controller->modelState() != AnalysisController::ModelState::NotRequested)
        return;
    m_controller->checkDevices();
    reloadModel(QSettings().value(kModel, ResourceLocator::defaultModel()).toString());
}

void AnalysisPresenter::reloadModel(const QString& dir)
{
    m_modelDir = dir;
    m_panel->setBusy(true, tr("loading model…"));
    QSettings().setValue(kModel, dir);
    m_controller->loadModel(dir, m_panel->engineOptions());
    if (m_view->image() && m_analyzeOnOpen)
        analyzeCurrent(); // queued behind the load on the worker thread
}

void AnalysisPresenter::analyzeCurrent()
{
    if (!m_view->image())
        return;
    ensureModelRequested(); // the load is queued ahead of this request on the worker
    const bool fromOpen = m_openPending && m_clock.isValid();
    m_clockStart = fromOpen ? ClockStart::Open : ClockStart::Request;
    if (!fromOpen)
        m_clock.start();
    m_openPending = false;
    m_waitedForLoad = !m_controller->hasModel();
    clear();
    // The input gate first: a refused image is not scored unless the user said "score anyway".
    const GateVerdict gate = InputGate::check(*m_view->image());
    const bool forced = gate.isRefused() && m_forceNext;
    m_forceNext = false;
    m_panel->setGate(gate, forced);
    m_doc->setGateVerdict(gate.recordedSummary(forced)); // what the exports say
    if (gate.isRefused() && !forced) {
        m_state = RequestState::Refused;
        m_panel->setStatus(tr("Not scored: %1").arg(gate.reasons.join(QStringLiteral("; "))));
        return;
    }
    m_panel->setBusy(true, m_controller->hasModel() ? tr("queued…") : tr("loading model…"));
    m_state = RequestState::Pending;
    Q_EMIT stateChanged();
    m_request = m_controller->analyze(m_view->image(), m_doc->file(), m_panel->tta());
}

void AnalysisPresenter::scoreAnyway()
{
    m_forceNext = true;
    analyzeCurrent();
}

void AnalysisPresenter::clear()
{
    m_state = RequestState::None;
    m_doc->clearResult();
    m_panel->clearResult();
}

void AnalysisPresenter::pushHeatmapSettings()
{
    ViewerDocument::HeatmapSettings s;
    s.visible = m_panel->heatmapVisible();
    s.colormap = m_panel->colormap();
    s.opacity = m_panel->opacity();
    m_doc->setHeatmapSettings(s);
}

} // namespace chexview
