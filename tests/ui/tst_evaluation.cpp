// Evaluation tab: the table fills from the real predictions, the slider changes the counts,
// and clicking an error opens it in the viewer with the NIH expert box painted.
#include "TestData.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/evaluation/ComparisonView.h"
#include "chexview/ui/evaluation/ErrorBrowser.h"
#include "chexview/ui/evaluation/EvaluationInputs.h"
#include "chexview/ui/evaluation/EvaluationPanel.h"
#include "chexview/ui/evaluation/LocalizationView.h"
#include "chexview/ui/evaluation/RocChart.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/window/MainWindow.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

QString labelsCsv()
{
    return sharedData(QStringLiteral("nih/images-256/labels.csv"));
}
QString predictionsCsv()
{
    return sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv"));
}

bool runAndWait(EvaluationPanel* panel)
{
    QSignalSpy done(panel, &EvaluationPanel::evaluated);
    panel->run();
    return done.wait(60000) || done.count() == 1;
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_evaluation"));
        QSettings().clear();
        // The predictions cache goes to the test location, emptied: runs compute for real.
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                      QStringLiteral("/chexview/evaluate-predictions.csv"));
    }

    void tableFillsAndSliderChangesCounts()
    {
        EvaluationPanel panel;
        panel.resize(1400, 800);
        panel.show();
        panel.setInputs(labelsCsv(), predictionsCsv());
        QVERIFY(runAndWait(&panel));
        QCOMPARE(panel.report().images, 496);
        QAbstractItemModel* m = panel.table()->model();
        QCOMPARE(m->rowCount(), 14);
        const FindingMetrics& cardio = panel.report().findings[1];
        QCOMPARE(m->index(1, 0).data().toString(), QStringLiteral("Cardiomegaly"));
        QCOMPARE(m->index(1, 1).data().toString(), QString::number(cardio.auroc, 'f', 4));
        QVERIFY(cardio.auroc > 0.8 && cardio.auroc < 1.0); // a trained CheXNet on real images
        QVERIFY(m->index(1, 2).data().toString().contains(QChar(0x2013))); // "lo–hi"
        QVERIFY(panel.statusText().contains(QStringLiteral("496 images")));

        panel.selectFinding(1);
        QCOMPARE(panel.selectedFinding(), 1);
        QVERIFY(panel.rocChart()->pointCount() > 100);
        // Threshold 0: everything called positive.
        panel.thresholdSlider()->setValue(0);
        QCOMPARE(panel.currentCounts().tp, int64_t(cardio.positives));
        QCOMPARE(panel.currentCounts().fp, int64_t(cardio.negatives));
        QCOMPARE(panel.currentCounts().tn, int64_t(0));
        QCOMPARE(panel.rocChart()->operatingPoint(), QPointF(1.0, 1.0));
        QCOMPARE(m->index(1, 10).data().toString(), QString::number(cardio.negatives)); // FP cell
        // Threshold 0.5: the counts are those of the scores themselves.
        panel.thresholdSlider()->setValue(500);
        const auto& s = panel.evaluationSet().scores[1];
        int64_t tp = 0, fp = 0;
        for (int i = 0; i < panel.evaluationSet().size(); ++i)
            if (s[size_t(i)] >= 0.5)
                (panel.evaluationSet().positive(i, 1) ? tp : fp) += 1;
        QCOMPARE(panel.currentCounts().tp, tp);
        QCOMPARE(panel.currentCounts().fp, fp);
        QVERIFY(tp > 0 && tp < cardio.positives);
        QCOMPARE(m->index(1, 9).data().toString(), QString::number(tp));
        // The error list follows (after its short debounce).
        panel.errorBrowser()->showFalsePositives(true);
        QTRY_COMPARE(int64_t(panel.errorBrowser()->count()), fp);

        panel.table()->setFocus();
        QTest::keySequence(&panel, QKeySequence::Copy);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.startsWith(QStringLiteral("Finding\tAUROC\t95% CI")));
        QVERIFY(copied.contains(QStringLiteral("Cardiomegaly\t") +
                                QString::number(cardio.auroc, 'f', 4)));
    }

    // The number box beside the slider sets thresholds finer than the slider's 0.001 steps; a
    // second run greys the first run's results while it goes; "Compare with" a precision
    // after a CSV evaluation says why nothing was compared.
    void thresholdBoxStaleResultsAndCompareNote()
    {
        EvaluationPanel panel;
        panel.resize(1400, 800);
        panel.show();
        panel.setInputs(labelsCsv(), predictionsCsv());
        QVERIFY(runAndWait(&panel));
        panel.selectFinding(1);
        panel.thresholdBox()->setValue(0.0025);
        QCOMPARE(panel.threshold(), 0.0025);
        QCOMPARE(panel.thresholdSlider()->value(), 3);
        const auto& s = panel.evaluationSet().scores[1];
        int64_t tp = 0, fp = 0;
        for (int i = 0; i < panel.evaluationSet().size(); ++i)
            if (s[size_t(i)] >= 0.0025)
                (panel.evaluationSet().positive(i, 1) ? tp : fp) += 1;
        QCOMPARE(panel.currentCounts().tp, tp);
        QCOMPARE(panel.currentCounts().fp, fp);
        // The slider moves the box.
        panel.thresholdSlider()->setValue(250);
        QCOMPARE(panel.thresholdBox()->value(), 0.25);

        QCOMPARE(panel.report().options.threshold.kind, ThresholdRule::Kind::Youden); // auto, CSV
        panel.inputs()->setCompare(QString(), QStringLiteral("fp32-opt"));
        panel.inputs()->setThresholdRule(QStringLiteral("fixed"), 0.3); // chosen, not silent
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.run();
        QVERIFY(!panel.table()->isEnabled()); // the previous results, greyed
        QVERIFY(!panel.errorBrowser()->isEnabled());
        QVERIFY(!panel.thresholdBox()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        QVERIFY(panel.table()->isEnabled());
        QVERIFY(panel.thresholdBox()->isEnabled());
        QVERIFY2(panel.comparisonView()->summaryText().startsWith(
                     QStringLiteral("No comparison with fp32-opt")),
                 qPrintable(panel.comparisonView()->summaryText()));
        QVERIFY(panel.statusText().contains(QStringLiteral("No comparison with fp32-opt")));
        QCOMPARE(panel.report().options.threshold.kind, ThresholdRule::Kind::Fixed);
        QCOMPARE(panel.report().findings[1].threshold, 0.3);
    }

    void errorOpensViewerWithItsFindingsHeatmap()
    {
        // With the bundled demo model: the opened error shows the heatmap of the finding under
        // review (Cardiomegaly), painted over the model's crop.
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        EvaluationPanel* panel = w.evaluationPanel();
        panel->setInputs(labelsCsv(), predictionsCsv(),
                         sharedData(QStringLiteral("nih/images-256")),
                         sharedData(QStringLiteral("nih/meta/BBox_List_2017.csv.gz")));
        QVERIFY(runAndWait(panel));
        panel->selectFinding(1);
        panel->setThreshold(1.0);
        ErrorBrowser* errors = panel->errorBrowser();
        errors->showFalsePositives(false);
        int row = -1;
        for (int i = 0; i < errors->paths().size(); ++i)
            if (errors->paths()[i].endsWith(QStringLiteral("00001369_000.png")))
                row = i;
        QVERIFY(row >= 0);
        QSignalSpy analysed(&w, &MainWindow::analysisShown);
        errors->activate(row);
        QTRY_VERIFY_WITH_TIMEOUT(!analysed.isEmpty(), 120000);
        QVERIFY(analysed.last().at(0).toString().endsWith(QStringLiteral("00001369_000.png")));
        QCOMPARE(w.findingsPanel()->bars()->selected(), 1);
        ImageView* view = w.imageView();
        QVERIFY(view->overlayVisible());
        QVERIFY(view->hasOverlay());
        QVERIFY(view->overlayLabel().contains(QStringLiteral("Cardiomegaly")));
        // The bundled demo model's Cardiomegaly CAM has no positive value on this image (score
        // 0.005): Grad-CAM's ReLU map was empty and painted nothing. Now the relative map is
        // painted and named (tst_camrenderer checks the rendering itself; under ctest the
        // fixture package runs, whose map may be positive).
        QCOMPARE(view->overlayLabel().contains(QStringLiteral("relative map")),
                 !w.analysisResult().cams.hasPositiveActivation(1));
        // Pixels: with the heatmap on, the crop's pixels differ from the same view without it.
        const QImage with = view->grab().toImage();
        w.findingsPanel()->setHeatmapVisible(false);
        const QImage without = view->grab().toImage();
        w.findingsPanel()->setHeatmapVisible(true);
        if (qEnvironmentVariableIsSet("CHEXVIEW_TEST_SHOTS")) {
            with.save(qEnvironmentVariable("CHEXVIEW_TEST_SHOTS") + QStringLiteral("/with.png"));
            w.grab().save(qEnvironmentVariable("CHEXVIEW_TEST_SHOTS") + QStringLiteral("/win.png"));
        }
        int changed = 0, coloured = 0;
        for (int y = 0; y < with.height(); y += 4)
            for (int x = 0; x < with.width(); x += 4) {
                const QColor a = with.pixelColor(x, y), b = without.pixelColor(x, y);
                changed += a != b;
                coloured += a != b && (a.red() != a.blue() || a.green() != a.blue());
            }
        QVERIFY2(coloured > 200,
                 qPrintable(QStringLiteral("%1 changed, %2 coloured").arg(changed).arg(coloured)));
        QThreadPool::globalInstance()->waitForDone(30000);
    }

    void guiRunsTheModelOverImages()
    {
        // The demo model over 6 images-256 images, on the runner's thread: progress, then the
        // table; the scores equal a one-image analysis of the same file.
        QTemporaryDir dir;
        const QString src = sharedData(QStringLiteral("nih/images-256"));
        // Five images, and one with an expert Cardiomegaly box (for localization).
        const QStringList names =
            QDir(src).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name).mid(0, 5) +
            QStringList{QStringLiteral("00001369_000.png")};
        for (const QString& n : names)
            QVERIFY(QFile::copy(QDir(src).filePath(n), dir.filePath(n)));
        EvaluationPanel panel;
        panel.resize(1400, 800);
        panel.show();
        panel.setInputs(labelsCsv(), QString(), dir.path(),
                        sharedData(QStringLiteral("nih/meta/BBox_List_2017.csv.gz")));
        QSignalSpy progress(panel.progressBar(), &QProgressBar::valueChanged);
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.run();
        QVERIFY(panel.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 180000);
        QVERIFY(!progress.isEmpty());
        QVERIFY(!panel.isBusy());
        QCOMPARE(panel.report().images, 6);
        QCOMPARE(panel.table()->model()->rowCount(), 14);
        QVERIFY(panel.statusText().contains(QStringLiteral("int8")));
        QVERIFY(panel.statusText().contains(QStringLiteral("6 images")));
        // Threshold from the package (0.5 in the demo), every score in [0, 1].
        QCOMPARE(panel.report().findings[0].threshold, 0.5);
        const auto& scores = panel.evaluationSet().scores[0];
        QCOMPARE(int(scores.size()), 6);
        for (double v : scores)
            QVERIFY(v > 0.0 && v < 1.0);
        QCOMPARE(panel.evaluationSet().images, names);
        // Localization of the boxed image's Cardiomegaly heatmap, in the Localization view.
        const auto& cases = panel.outcome().localizationCases;
        QCOMPARE(int(cases.size()), 1);
        QCOMPARE(cases[0].image, QStringLiteral("00001369_000.png"));
        QCOMPARE(cases[0].finding, 1);
        QCOMPARE(panel.localizationView()->table()->rowCount(), 1);
        QCOMPARE(panel.localizationView()->table()->item(0, 0)->text(),
                 QStringLiteral("Cardiomegaly"));
        QCOMPARE(panel.localizationView()->table()->item(0, 2)->text(), QStringLiteral("1"));
        // Compare int8 with fp32-opt: the same images, near-identical AUROC.
        panel.inputs()->setCompare(QString(), QStringLiteral("fp32-opt"));
        done.clear();
        panel.run();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 180000);
        QVERIFY(panel.outcome().compared);
        QCOMPARE(panel.outcome().comparison.images.size(), 6);
        QCOMPARE(panel.comparisonView()->table()->rowCount(), 14);
        QVERIFY(panel.outcome().comparison.findings[0].maxAbsDelta < 0.05);
        QVERIFY(panel.comparisonView()->summaryText().contains(QStringLiteral("fp32-opt")));
    }

    void cancelStopsTheModelRun()
    {
        EvaluationPanel panel;
        panel.setInputs(labelsCsv(), QString(), sharedData(QStringLiteral("nih/images-256")));
        QSignalSpy cancelled(&panel, &EvaluationPanel::cancelled);
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        bool asked = false;
        connect(panel.progressBar(), &QProgressBar::valueChanged, &panel, [&](int v) {
            if (v > 0 && !asked) {
                asked = true;
                panel.cancel();
            }
        });
        panel.run();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 180000);
        QCOMPARE(done.count(), 0);
        QVERIFY(!panel.isBusy());
        QCOMPARE(panel.report().images, 0); // nothing half-done is shown
        QVERIFY(panel.progressBar()->value() < 496);
        QVERIFY(panel.statusText().contains(QStringLiteral("Cancelled")));
    }

    void badInputReportsError()
    {
        EvaluationPanel panel;
        QSignalSpy failed(&panel, &EvaluationPanel::failed);
        panel.setInputs(QStringLiteral("/nonexistent/labels.csv"), predictionsCsv());
        panel.run();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(panel.statusText().contains(QStringLiteral("no such file")));
    }

    void errorOpensViewerWithExpertBox()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        EvaluationPanel* panel = w.evaluationPanel();
        panel->setInputs(labelsCsv(), predictionsCsv(),
                         sharedData(QStringLiteral("nih/images-256")),
                         sharedData(QStringLiteral("nih/meta/BBox_List_2017.csv.gz")));
        QVERIFY(runAndWait(panel));
        panel->selectFinding(1);  // Cardiomegaly
        panel->setThreshold(1.0); // every positive is a false negative
        ErrorBrowser* errors = panel->errorBrowser();
        errors->showFalsePositives(false);
        QCOMPARE(errors->count(), panel->report().findings[1].positives);
        int row = -1;
        for (int i = 0; i < errors->paths().size(); ++i)
            if (errors->paths()[i].endsWith(QStringLiteral("00001369_000.png")))
                row = i;
        QVERIFY(row >= 0);
        QSignalSpy shown(&w, &MainWindow::imageShown);
        errors->activate(row);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
        QVERIFY(shown.last().at(0).toString().endsWith(QStringLiteral("00001369_000.png")));
        QCOMPARE(w.studyList()->files().size(), errors->count()); // N / P step through errors

        ImageView* view = w.imageView();
        const QList<LabelledBox> boxes = view->expertBoxes();
        QCOMPARE(boxes.size(), 1);
        QVERIFY(boxes[0].label.startsWith(QStringLiteral("Cardiomegaly")));
        // BBox_List: 336.99, 276.32, 553.72 x 386.84 in the 1024 frame -> a quarter at 256.
        QVERIFY(std::abs(boxes[0].rect.x() - 336.998941798942 / 4) < 1e-6);
        QVERIFY(std::abs(boxes[0].rect.width() - 553.718518518519 / 4) < 1e-6);
        // The evaluated source's score and threshold are on the image, the live model's scores
        // in the panel are named as another source.
        const EvaluationSet& set = panel->evaluationSet();
        const double score =
            set.scores[1][size_t(set.images.indexOf(QStringLiteral("00001369_000.png")))];
        const QString note = view->sourceNote();
        QVERIFY2(note.startsWith(QStringLiteral("Evaluated %1: Cardiomegaly %2, threshold 1.000 "
                                                "(negative, expert: positive)")
                                     .arg(QFileInfo(predictionsCsv()).fileName())
                                     .arg(score, 0, 'f', 3)),
                 qPrintable(note));
        QVERIFY(note.contains(QStringLiteral("another source")));
        QVERIFY(view->overlayCorners().bottomLeft.contains(note));

        // The outline is painted: the box's left edge, halfway down, has the outline colour;
        // the box centre does not.
        const QImage shot = view->grab().toImage();
        const QTransform t = view->transform().imageToWidget();
        const QPointF edge = t.map(QPointF(boxes[0].rect.left(), boxes[0].rect.center().y()));
        const QPointF centre = t.map(boxes[0].rect.center());
        int hits = 0;
        for (int dx = -2; dx <= 2; ++dx)
            hits += shot.pixelColor(int(edge.x()) + dx, int(edge.y())) == ExpertBoxOverlay::color();
        QVERIFY2(hits >= 1, "no outline pixel at the box's left edge");
        QVERIFY(shot.pixelColor(centre.toPoint()) != ExpertBoxOverlay::color());
        // Another image of the study shows its own boxes (none for most).
        QSignalSpy next(&w, &MainWindow::imageShown);
        w.studyList()->setCurrentRow(row == 0 ? 1 : 0);
        QTRY_VERIFY_WITH_TIMEOUT(!next.isEmpty(), 20000);
        const bool hasBox =
            next.last().at(0).toString().endsWith(QStringLiteral("00001369_000.png"));
        QCOMPARE(view->expertBoxes().isEmpty(), !hasBox);
        QThreadPool::globalInstance()->waitForDone(30000);
    }
};

QTEST_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
