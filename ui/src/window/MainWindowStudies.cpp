// The main window's study parts (issue 19): the Patients dock (StudyBrowser), the Worklist tab
// (WorklistPanel) and the Compare tab (PriorComparisonView laid out by the hanging protocol);
// File ▸ Open Study Tree… and File ▸ Build Worklist. Opening a study with a prior (from either
// list) shows it against the prior; one without shows its frontal image in the viewer. Kept out
// of MainWindow.cpp so the window's other work merges apart from this.
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/study/HangingProtocol.h"
#include "chexview/study/StudyError.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/study/PriorComparisonView.h"
#include "chexview/ui/study/StudyBrowser.h"
#include "chexview/ui/study/WorklistPanel.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/workflow/StudyScoring.h"

#include <QDate>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent>

#include <memory>
#include <optional>

namespace chexview {

namespace {

struct LoadedCells
{
    std::vector<PriorComparisonView::Cell> cells;
    int rows = 1;
    int columns = 2;
};

QString when(const Study& s)
{
    if (!s.date.isEmpty())
        return QDate::fromString(s.date, QStringLiteral("yyyyMMdd"))
            .toString(QStringLiteral("yyyy-MM-dd"));
    return s.followUp >= 0 ? MainWindow::tr("follow-up %1").arg(s.followUp)
                           : MainWindow::tr("no date");
}

// Runs on the thread pool: decodes the images the arrangement names.
LoadedCells loadCells(const HangingProtocol::Arrangement& a, const Study& current,
                      const std::optional<Study>& prior)
{
    LoadedCells out;
    out.rows = a.rows;
    out.columns = a.columns;
    for (size_t i = 0; i < a.cells.size(); ++i) {
        const bool isPrior = a.cells[i].study == QLatin1String("prior");
        const Study* s = isPrior ? (prior ? &*prior : nullptr) : &current;
        PriorComparisonView::Cell cell;
        const QString who = isPrior ? MainWindow::tr("Prior") : MainWindow::tr("Current");
        const StudyInstance& inst = a.instances[i];
        if (!s || inst.path.isEmpty()) {
            cell.caption = MainWindow::tr("%1: no %2 image").arg(who, a.cells[i].view);
        } else {
            cell.caption = MainWindow::tr("%1 %2 %3").arg(who, when(*s), inst.viewPosition);
            try {
                cell.image = ImageLoader::load(inst.path);
            } catch (const ImageError& e) {
                cell.caption += MainWindow::tr(" — cannot open: %1").arg(e.message());
            }
        }
        out.cells.push_back(cell);
    }
    return out;
}

// The comparison's scores and heatmaps: one engine over the frontal images of both studies,
// so both are scored by the same package at the same precision.
struct CompareAnalysis
{
    ScoredStudy current;
    ScoredStudy prior;
    std::vector<CamOverlay> overlays; ///< per cell
    QStringList labels;               ///< per cell
    QString error;
};

CompareAnalysis analyzeCells(const std::vector<PriorComparisonView::Cell>& cells,
                             const std::vector<HangingProtocol::Cell>& roles,
                             const QString& modelDir, const QString& currentUid,
                             const QString& priorUid)
{
    CompareAnalysis out;
    out.overlays.resize(cells.size());
    out.labels = QStringList(QList<QString>(qsizetype(cells.size())));
    out.current.studyUid = currentUid;
    out.prior.studyUid = priorUid;
    try {
        const InferenceEnginePtr engine =
            InferenceEngine::load(ModelManifest::load(modelDir), InferenceEngine::Options{});
        const ModelManifest& m = engine->manifest();
        std::vector<const XrayImage*> images;
        std::vector<size_t> which;
        for (size_t i = 0; i < cells.size() && i < roles.size(); ++i)
            if (cells[i].image && roles[i].view != QLatin1String("lateral")) {
                images.push_back(cells[i].image.get());
                which.push_back(i);
            }
        const std::vector<AnalysisResult> results = Analyzer::analyzeBatch(*engine, images);
        const QString sha = ScoreComparison::packageSha256(m.dir);
        int finding = -1; // the current study's top finding, shown on both
        for (size_t k = 0; k < results.size(); ++k) {
            const bool isPrior = roles[which[k]].study == QLatin1String("prior");
            ScoredStudy& target = isPrior ? out.prior : out.current;
            target.modelName = m.name;
            target.packageSha256 = sha;
            target.precision = toString(engine->precision());
            target.findings = m.labels;
            target.scores.assign(results[k].probabilities.begin(), results[k].probabilities.end());
            if (!isPrior && finding < 0 && !results[k].isEmpty())
                finding = results[k].ranking().front();
        }
        for (size_t k = 0; k < results.size() && finding >= 0; ++k) {
            out.overlays[which[k]] =
                CamRenderer::render(results[k], finding, CamRenderer::Colormap::Jet, 0.5);
            out.labels[qsizetype(which[k])] =
                QStringLiteral("%1 %2")
                    .arg(m.labels.value(finding))
                    .arg(results[k].probabilities[size_t(finding)], 0, 'f', 2);
        }
    } catch (const EngineError& e) {
        out.error = e.message();
    }
    return out;
}

} // namespace

void MainWindow::buildStudies()
{
    m_studyBrowser = new StudyBrowser(this);
    m_studyBrowserDock = new QDockWidget(tr("Patients"), this);
    m_studyBrowserDock->setObjectName(QStringLiteral("studyBrowserDock"));
    m_studyBrowserDock->setWidget(m_studyBrowser);
    addDockWidget(Qt::LeftDockWidgetArea, m_studyBrowserDock);
    tabifyDockWidget(m_studyDock, m_studyBrowserDock);
    m_studyDock->raise();

    m_worklist = new WorklistPanel(m_tabs);
    m_tabs->addTab(m_worklist, tr("Worklist"));

    m_comparison = new PriorComparisonView(m_tabs);
    m_tabs->addTab(m_comparison, tr("Compare"));

    // The layouts come from the declarative file; without it, studies open in the viewer.
    auto protocols = std::make_shared<std::vector<HangingProtocol::Protocol>>();
    try {
        *protocols = HangingProtocol::load(ResourceLocator::resourcesDir() +
                                           QStringLiteral("/hanging/chest-cr-dx.json"));
    } catch (const StudyError& e) {
        statusBar()->showMessage(e.message(), 8000);
    }

    auto openInViewer = [this](const Study& s) {
        QString first;
        for (const StudySeries& se : s.series)
            for (const StudyInstance& i : se.instances) {
                if (first.isEmpty())
                    first = i.path;
                if (StudyScoring::isFrontal(i.viewPosition)) {
                    openPath(i.path);
                    return;
                }
            }
        if (!first.isEmpty())
            openPath(first);
    };
    auto openStudy = [this, protocols, openInViewer](const QString& studyUid) {
        const Study* s = m_studyBrowser->study(studyUid);
        if (!s)
            return;
        const Study* prior = m_studyBrowser->prior(studyUid);
        const HangingProtocol::Arrangement a = HangingProtocol::arrange(*protocols, *s, prior);
        if (a.cells.size() < 2) {
            openInViewer(*s);
            return;
        }
        const QString priorUid = prior ? prior->studyUid : QString();
        const QString modelDir = m_analysisFlow->modelDir().isEmpty()
                                     ? ResourceLocator::defaultModel()
                                     : m_analysisFlow->modelDir();
        auto* watcher = new QFutureWatcher<LoadedCells>(this);
        connect(watcher, &QFutureWatcher<LoadedCells>::finished, this,
                [this, watcher, a, studyUid, priorUid, modelDir] {
                    const LoadedCells loaded = watcher->result();
                    watcher->deleteLater();
                    m_comparison->setCells(loaded.cells, loaded.rows, loaded.columns);
                    m_comparison->setScoreMessage(tr("Analyzing current and prior…"));
                    m_tabs->setCurrentWidget(m_comparison);
                    statusBar()->showMessage(tr("Hanging protocol: %1").arg(a.protocol), 5000);
                    // Second step: scores and heatmaps of both, from one engine.
                    auto* analysis = new QFutureWatcher<CompareAnalysis>(this);
                    connect(analysis, &QFutureWatcher<CompareAnalysis>::finished, this,
                            [this, analysis] {
                                const CompareAnalysis r = analysis->result();
                                analysis->deleteLater();
                                if (!r.error.isEmpty()) {
                                    m_comparison->setScoreMessage(
                                        tr("Not analyzed: %1").arg(r.error));
                                    return;
                                }
                                for (size_t i = 0; i < r.overlays.size(); ++i)
                                    m_comparison->setCellOverlay(int(i), r.overlays[i],
                                                                 r.labels.value(qsizetype(i)));
                                m_comparison->setScores(r.current, r.prior);
                            });
                    analysis->setFuture(QtConcurrent::run(analyzeCells, loaded.cells, a.cells,
                                                          modelDir, studyUid, priorUid));
                });
        const std::optional<Study> priorCopy = prior ? std::optional<Study>(*prior) : std::nullopt;
        watcher->setFuture(QtConcurrent::run(loadCells, a, *s, priorCopy));
    };

    auto* open = new QAction(tr("Open Study &Tree…"), this);
    open->setObjectName(QStringLiteral("openStudyTree"));
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    open->setToolTip(tr("Read a folder tree (DICOM with or without extension, NIH PNGs) into "
                        "patients and their studies"));
    connect(open, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Study Tree"));
        if (dir.isEmpty())
            return;
        openStudyTree(dir);
    });
    auto* worklist = new QAction(tr("Build &Worklist"), this);
    worklist->setObjectName(QStringLiteral("buildWorklist"));
    worklist->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    worklist->setToolTip(tr("Analyze every study of the Patients list and order them by urgency"));
    connect(worklist, &QAction::triggered, this, [this] {
        if (m_studyBrowser->patients().isEmpty()) {
            statusBar()->showMessage(tr("Open a study tree first (File ▸ Open Study Tree…)"), 6000);
            return;
        }
        m_tabs->setCurrentWidget(m_worklist);
        m_worklist->analyze(m_studyBrowser->patients(), m_analysisFlow->modelDir().isEmpty()
                                                            ? ResourceLocator::defaultModel()
                                                            : m_analysisFlow->modelDir());
    });
    // The File menu is the first one; the actions go after Open Folder….
    if (QMenu* file =
            menuBar()->actions().isEmpty() ? nullptr : menuBar()->actions().first()->menu()) {
        const QList<QAction*> items = file->actions();
        QAction* before = items.size() > 2 ? items.at(2) : nullptr;
        file->insertAction(before, open);
        file->insertAction(before, worklist);
    }
    // Wide enough for date, description and flag once there is something to show.
    connect(m_studyBrowser, &StudyBrowser::loaded, this, [this] {
        if (m_studyBrowserDock->width() < 340)
            resizeDocks({m_studyBrowserDock}, {std::min(420, width() / 3)}, Qt::Horizontal);
    });
    connect(m_studyBrowser, &StudyBrowser::loadFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_studyBrowser, &StudyBrowser::studyActivated, this,
            [openStudy](const QString&, const QString& studyUid) { openStudy(studyUid); });
    connect(m_worklist, &WorklistPanel::studyOpened, this,
            [openStudy](const QString&, const QString& studyUid) { openStudy(studyUid); });
    connect(m_worklist, &WorklistPanel::studyScored, m_studyBrowser, &StudyBrowser::setStudyFlag);
    connect(m_worklist, &WorklistPanel::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
}

void MainWindow::openStudyTree(const QString& dir)
{
    m_studyBrowserDock->show();
    m_studyBrowserDock->raise();
    m_studyBrowser->openPaths({dir});
}

} // namespace chexview
