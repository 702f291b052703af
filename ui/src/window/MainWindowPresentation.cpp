// Presentation mode of MainWindow: a PresentationWindow fed with the current image and scores.
#include "chexview/report/ReportBuilder.h"
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/presentation/PresentationWindow.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAction>
#include <QScreen>

namespace chexview {

void MainWindow::togglePresentation()
{
    if (m_presentation && m_presentation->isVisible()) {
        m_presentation->close();
        return;
    }
    if (!m_presentation) {
        m_presentation = new PresentationWindow(this);
        connect(m_presentation, &PresentationWindow::nextRequested, m_study, &StudyList::next);
        connect(m_presentation, &PresentationWindow::previousRequested, m_study,
                &StudyList::previous);
        connect(m_presentation, &PresentationWindow::heatmapToggled, this, [this] {
            m_analysisFlow->panel()->setHeatmapVisible(!m_analysisFlow->panel()->heatmapVisible());
        });
        connect(m_presentation, &PresentationWindow::closed, this, [this] { activateWindow(); });
    }
    // On stage nothing identifying: the window behind goes anonymized too, and stays so.
    setAnonymized(true);
    m_presentation->setImage(m_view->image());
    // The whole screen the viewer is on, also where the window manager ignores the
    // full-screen request.
    if (const QScreen* s = screen())
        m_presentation->setGeometry(s->geometry());
    m_presentation->showFullScreen();
    m_presentation->raise();
    m_presentation->activateWindow();
    syncPresentation();
}

void MainWindow::syncPresentation()
{
    if (!m_presentation || !m_presentation->isVisible())
        return;
    if (m_presentation->imageView()->image() != m_view->image())
        m_presentation->setImage(m_view->image());
    // The same measurements on stage (read-only there: the tools stay in the viewer).
    const MeasurementLayer* layer = m_view->measurements();
    m_presentation->imageView()->measurements()->setImage(
        layer->image(), layer->calibration(), layer->viewPosition(), layer->measurements());
    m_presentation->setPosition(m_study->currentRow() + 1, m_study->count());
    m_presentation->setModel(m_analysisFlow->modelName(),
                             m_analysisFlow->modelTrained() ||
                                 m_analysisFlow->modelName().isEmpty());
    if (!m_doc->hasResult()) {
        m_presentation->setResult({}, -1, {}, m_doc->heatmapSettings().colormap, {});
        m_presentation->setStatus(!m_view->image()         ? tr("Open a study (Escape to leave)")
                                  : analysis()->hasModel() ? tr("analysing…")
                                                           : tr("loading model…"));
        return;
    }
    // The document's rendering of the heatmap: nothing is rendered again for the stage.
    m_presentation->setResult(m_doc->result(), m_doc->shownFinding(), m_doc->overlay(),
                              m_doc->heatmapSettings().colormap, m_doc->overlayLabel());
}

} // namespace chexview
