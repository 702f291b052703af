// Researcher mode in MainWindow: the Evaluation tab, and opening its errors in the viewer with
// the expert boxes drawn.
#include "chexview/dataset/ChestXray14.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/evaluation/EvaluationPanel.h"
#include "chexview/ui/evaluation/EvaluationRunner.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/window/MainWindow.h"

#include <QFileInfo>
#include <QTabWidget>

namespace chexview {

void MainWindow::buildEvaluation()
{
    m_evaluation = new EvaluationPanel(m_tabs);
    m_tabs->addTab(m_evaluation, tr("Evaluation"));
    connect(m_evaluation, &EvaluationPanel::openInViewer, this, &MainWindow::openEvaluationErrors);
    connect(this, &MainWindow::imageShown, this,
            [this](const QString& path, bool) { showExpertBoxes(path); });
}

void MainWindow::showEvaluationTab(const QString& labels, const QString& predictions,
                                   const QString& imagesDir)
{
    m_tabs->setCurrentWidget(m_evaluation);
    if (labels.isEmpty() || predictions.isEmpty())
        return;
    m_evaluation->setInputs(labels, predictions, imagesDir);
    m_evaluation->run();
}

void MainWindow::openEvaluationErrors(const QStringList& paths, int current, int finding,
                                      const QHash<QString, QList<ExpertBox>>& boxes)
{
    if (current < 0 || current >= paths.size())
        return;
    QStringList absolute;
    for (const QString& p : paths)
        absolute << QFileInfo(p).absoluteFilePath();
    m_errorFiles = QSet<QString>(absolute.begin(), absolute.end());
    m_errorBoxes = boxes;
    m_errorFinding = finding;
    m_study->setFiles(absolute);
    openPath(absolute[current]);
}

void MainWindow::showExpertBoxes(const QString& path)
{
    const XrayImagePtr image = m_view->image();
    QList<LabelledBox> shown;
    if (image && m_errorFiles.contains(path)) {
        for (const ExpertBox& b : m_errorBoxes.value(QFileInfo(path).fileName()))
            shown << LabelledBox{b.scaledTo(image->width(), image->height()),
                                 tr("%1 (expert)").arg(chestXray14Findings()[b.finding])};
    }
    m_view->setExpertBoxes(shown);
    m_view->setSourceNote(evaluatedSourceNote(path));
}

QString MainWindow::evaluatedSourceNote(const QString& path) const
{
    // An image opened from the error browser: the evaluated source's score and threshold,
    // with the live model's scores in the Findings panel named as another source.
    if (!m_view->image() || !m_errorFiles.contains(path) || m_errorFinding < 0 ||
        m_errorFinding >= kFindingCount)
        return {};
    const EvaluationSet& set = m_evaluation->evaluationSet();
    const int i = int(set.images.indexOf(QFileInfo(path).fileName()));
    if (i < 0 || size_t(m_errorFinding) >= set.scores.size() ||
        size_t(i) >= set.scores[size_t(m_errorFinding)].size())
        return {};
    const double score = set.scores[size_t(m_errorFinding)][size_t(i)];
    const double t = m_evaluation->threshold();
    const QString source = m_evaluation->outcome().sourceName;
    return tr("Evaluated %1: %2 %3, threshold %4 (%5, expert: %6) — Findings panel: live "
              "model%7, another source")
        .arg(source.isEmpty() ? tr("source") : source, chestXray14Findings()[m_errorFinding])
        .arg(score, 0, 'f', 3)
        .arg(t, 0, 'f', 3)
        .arg(score >= t ? tr("positive") : tr("negative"),
             set.positive(i, m_errorFinding) ? tr("positive") : tr("negative"),
             m_analysisFlow->modelName().isEmpty()
                 ? QString()
                 : QLatin1Char(' ') + m_analysisFlow->modelName());
}

} // namespace chexview
