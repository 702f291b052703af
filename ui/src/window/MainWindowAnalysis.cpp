// CheXNet analysis in MainWindow: the findings dock and the Analysis menu around the
// AnalysisPresenter, which owns the workflow (model, gate, request, timing).
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/window/MainWindow.h"

#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace chexview {

void MainWindow::buildAnalysis()
{
    m_analysisFlow = new AnalysisPresenter(m_doc, m_view, this);
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setWidget(m_analysisFlow->panel());
    addDockWidget(Qt::RightDockWidgetArea, m_findingsDock);
    tabifyDockWidget(m_findingsDock, m_tagDock);
    if (auto* stored = findChild<QDockWidget*>(QStringLiteral("storedResultsDock")))
        tabifyDockWidget(m_findingsDock, stored);
    m_findingsDock->raise();

    // Before Help, which is the last menu.
    QMenu* menu = new QMenu(tr("&Analysis"), this);
    menuBar()->insertMenu(menuBar()->actions().last(), menu);
    m_analysisFlow->addActions(menu);
    menu->addAction(m_findingsDock->toggleViewAction());

    // Opened from the error browser: a result first shows the finding under review.
    m_analysisFlow->setFirstFinding(
        [this](const QString& file) { return m_errorFiles.contains(file) ? m_errorFinding : -1; });
    connect(m_analysisFlow, &AnalysisPresenter::modelReady, this,
            [this](const QString& name, bool trained, double ms) {
                m_untrainedBanner->setVisible(!trained);
                statusBar()->showMessage(
                    tr("Model %1 loaded in %2 ms").arg(name).arg(ms, 0, 'f', 0), 4000);
            });
    connect(m_analysisFlow, &AnalysisPresenter::modelFailed, m_untrainedBanner, &QLabel::hide);
    connect(m_analysisFlow, &AnalysisPresenter::stateChanged, this, &MainWindow::syncPresentation);
    connect(m_analysisFlow, &AnalysisPresenter::resultShown, this, [this](const AnalysisResult& r) {
        syncPresentation();
        Q_EMIT analysisShown(r.file);
    });
    connect(m_analysisFlow->panel(), &FindingsPanel::exportPngRequested, this,
            &MainWindow::exportPng);
    connect(m_analysisFlow->panel(), &FindingsPanel::exportCsvRequested, this,
            &MainWindow::exportCsv);
    // Everything that paints the heatmap takes the document's one rendering.
    connect(m_doc, &ViewerDocument::overlayChanged, this, [this] {
        m_view->setOverlayVisible(m_doc->heatmapSettings().visible);
        m_view->setOverlay(m_doc->overlay());
        m_view->setOverlayLabel(m_doc->overlayLabel());
        syncPresentation();
    });
    m_view->setOverlayVisible(m_doc->heatmapSettings().visible);
}

FindingsPanel* MainWindow::findingsPanel() const
{
    return m_analysisFlow->panel();
}

AnalysisController* MainWindow::analysis() const
{
    return m_analysisFlow->controller();
}

void MainWindow::analyzeCurrent()
{
    m_analysisFlow->analyzeCurrent();
}

void MainWindow::scoreAnyway()
{
    m_analysisFlow->scoreAnyway();
}

} // namespace chexview
