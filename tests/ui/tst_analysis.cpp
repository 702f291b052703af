// Analysis in the viewer: open -> findings appear; a finding's heatmap is painted; cancel;
// closing the window while inference runs.
#include "TestData.h"
#include "chexview/report/AnnotatedImage.h"
#include "chexview/ui/analysis/AnalysisController.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/window/MainWindow.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {
const QString kImage = QStringLiteral("nih/images-1024/00000129_000.png");
}

class TestAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_analysis"));
        QSettings().clear();
    }

    void openShowsFindingsAndHeatmap()
    {
        MainWindow w;
        w.resize(1300, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        const AnalysisResult& r = w.analysisResult();
        QCOMPARE(int(r.probabilities.size()), 14);
        QCOMPARE(r.precision, QStringLiteral("int8"));
        QCOMPARE(r.device, QStringLiteral("cpu"));
        QVERIFY(!r.trained);
        QVERIFY(w.findingsPanel()->badgeVisible());
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("untrainedBanner"))->isVisible());
        QVERIFY(w.findingsPanel()->statusText().contains(QStringLiteral("Ran int8 on CPU")));
        // Opened while the start-up load ran (a 1024² PNG decodes in ~10 ms, the load takes
        // far longer): the first figure says that it includes the load.
        QVERIFY2(w.findingsPanel()->statusText().endsWith(QStringLiteral("(model load included)")),
                 qPrintable(w.findingsPanel()->statusText()));
        // Device availability comes from the worker thread: hpu is listed, disabled, with why.
        auto* devices = w.findingsPanel()->findChild<QComboBox*>(QStringLiteral("deviceCombo"));
        QCOMPARE(devices->itemText(2), QStringLiteral("hpu"));
        QTRY_VERIFY(
            devices->itemData(2, Qt::ToolTipRole).toString().contains(QStringLiteral("Gaudi")));
        QVERIFY(devices->itemData(0, Qt::ToolTipRole).toString().isEmpty()); // cpu runs
        // Top finding is selected and its heatmap is painted over the image.
        FindingBars* bars = w.findingsPanel()->bars();
        QCOMPARE(bars->selected(), r.ranking().front());
        QVERIFY(w.imageView()->hasOverlay());
        const QImage withHeat = w.imageView()->grab().toImage();
        w.findingsPanel()->setHeatmapVisible(false);
        const QImage without = w.imageView()->grab().toImage();
        QVERIFY(withHeat != without);
        w.findingsPanel()->setHeatmapVisible(true);
        // Clicking another finding (the lowest) repaints a different map.
        const int last = r.ranking().back();
        QTest::mouseClick(bars, Qt::LeftButton, {}, bars->rowRect(bars->rowOf(last)).center());
        QCOMPARE(bars->selected(), last);
        QVERIFY(w.imageView()->grab().toImage() != withHeat);

        // Export: the full-resolution image with the heatmap and a legend strip as PNG, the
        // scores as CSV in the manifest's order.
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("view.png")),
                      csv = dir.filePath(QStringLiteral("s.csv"));
        bars->select(r.ranking().front()); // the lowest finding's map may be empty
        QVERIFY(w.exportPngTo(png));
        const QImage exported(png);
        QCOMPARE(exported.size(), QSize(1024, 1024 + AnnotatedImage::legendHeight(1024)));
        // The heatmap is blended into the picture: it differs from the plain display image
        // inside the model's crop, and not at the very corner outside it.
        const QImage plain = w.imageView()->displayImage();
        const QRect crop =
            CamRenderer::render(r, r.ranking().front(), CamRenderer::Colormap::Jet, 0.5)
                .rect.toAlignedRect()
                .intersected(QRect(0, 0, 1024, 1024));
        int changed = 0;
        for (int y = crop.top(); y <= crop.bottom(); y += 8)
            for (int x = crop.left(); x <= crop.right(); x += 8)
                changed += qGray(exported.pixel(x, y)) != qGray(plain.pixel(x, y)) ||
                           qRed(exported.pixel(x, y)) != qBlue(exported.pixel(x, y));
        QVERIFY2(changed > 100, qPrintable(QString::number(changed)));
        QCOMPARE(exported.text(QStringLiteral("Anonymized")), QStringLiteral("no"));
        QVERIFY(w.exportCsvTo(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines[1].contains(QStringLiteral("untrained demo weights")));
        QCOMPARE(lines[4], QStringLiteral("finding,probability,threshold,positive"));
        QCOMPARE(lines.size(), 5 + 14);
        const QStringList first = lines[5].split(QLatin1Char(','));
        QCOMPARE(first[0], QStringLiteral("Atelectasis"));
        QVERIFY(std::abs(first[1].toDouble() - r.probabilities[0]) < 1e-5);
        QCOMPARE(first[3].toInt(), r.isPositive(0) ? 1 : 0);
    }

    void cancelDropsTheResult()
    {
        MainWindow w;
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        QSignalSpy imageShown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000); // model loaded, first result in
        w.analyzeCurrent();
        QVERIFY(w.analysis()->isBusy());
        w.analysis()->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!w.analysis()->isBusy(), 30000);
        QCoreApplication::processEvents();
        QCOMPARE(shown.count(), 1);
        QVERIFY(w.findingsPanel()->statusText().contains(QStringLiteral("cancelled")));
        QVERIFY(w.analysisResult().isEmpty());
    }

    void requestStateAndClock()
    {
        // The presenter's request (issue 17): an open's analysis is timed from the open, a re-run
        // from its own request; an image the gate refuses stays Refused, unscored, until "Score
        // anyway" sends it.
        using State = AnalysisPresenter::RequestState;
        using Clock = AnalysisPresenter::ClockStart;
        MainWindow w;
        AnalysisPresenter* p = w.analysisPresenter();
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        QCOMPARE(p->requestState(), State::None);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(p->requestState(), State::Shown);
        QCOMPARE(p->clockStart(), Clock::Open);
        w.analyzeCurrent();
        QCOMPARE(p->requestState(), State::Pending);
        QCOMPARE(p->clockStart(), Clock::Request);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 60000);
        QCOMPARE(p->requestState(), State::Shown);
        QVERIFY2(!w.findingsPanel()->statusText().contains(QStringLiteral("model load")),
                 qPrintable(w.findingsPanel()->statusText()));

        QTemporaryDir dir;
        QImage tiny(40, 40, QImage::Format_Grayscale8); // under the gate's 64-pixel side
        for (int y = 0; y < tiny.height(); ++y)
            for (int x = 0; x < tiny.width(); ++x)
                tiny.setPixel(x, y, qRgb(x * 6, x * 6, x * 6));
        const QString small = dir.filePath(QStringLiteral("tiny.png"));
        QVERIFY(tiny.save(small));
        w.openPath(small);
        QTRY_COMPARE_WITH_TIMEOUT(p->requestState(), State::Refused, 30000);
        QVERIFY(w.analysisResult().isEmpty());
        QVERIFY2(w.findingsPanel()->statusText().startsWith(QStringLiteral("Not scored")),
                 qPrintable(w.findingsPanel()->statusText()));
        w.scoreAnyway();
        QCOMPARE(p->requestState(), State::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 60000);
        QCOMPARE(p->requestState(), State::Shown);
        QCOMPARE(w.analysisResult().file, QFileInfo(small).absoluteFilePath());
    }

    void startUpLoadsAndWarmsTheModel()
    {
        // At start-up the default model is loaded and run once on a synthetic film before any
        // image is open; the panel says "loading model…" until then, and the first real image
        // needs no load of its own.
        MainWindow w;
        QSignalSpy loaded(w.analysis(), &AnalysisController::modelLoaded);
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QVERIFY(loaded[0][3].toDouble() > 0.0); // the warm-up pass ran (and took time)
        const QRegularExpression ready(
            QStringLiteral("^Model ready \\(loaded in \\d+ ms, warmed up in \\d+ ms\\)$"));
        QVERIFY2(ready.match(w.findingsPanel()->statusText()).hasMatch(),
                 qPrintable(w.findingsPanel()->statusText()));
        QVERIFY(!w.analysis()->isBusy());
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(loaded.count(), 1); // no second load for the first image
        QVERIFY2(!w.findingsPanel()->statusText().contains(QStringLiteral("model load")),
                 qPrintable(w.findingsPanel()->statusText()));
    }

    void escapeWhileIdleSaysNothing()
    {
        MainWindow w;
        QSignalSpy loaded(w.analysis(), &AnalysisController::modelLoaded);
        QSignalSpy cancelled(w.analysis(), &AnalysisController::cancelled);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        const QString before = w.findingsPanel()->statusText();
        QTest::keyClick(&w, Qt::Key_Escape);
        QCoreApplication::processEvents();
        QCOMPARE(cancelled.count(), 0);
        QCOMPARE(w.findingsPanel()->statusText(), before);
        QVERIFY(!before.contains(QStringLiteral("cancelled")));
        // While an analysis runs, the same key cancels it.
        QSignalSpy imageShown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(imageShown.count(), 1, 30000);
        if (w.analysis()->isBusy()) {
            QTest::keyClick(&w, Qt::Key_Escape);
            QCOMPARE(cancelled.count(), 1);
            QVERIFY(w.findingsPanel()->statusText().contains(QStringLiteral("cancelled")));
        }
    }

    void closeWhileInferenceRuns()
    {
        auto* w = new MainWindow;
        w->show();
        QSignalSpy imageShown(w, &MainWindow::imageShown);
        w->openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(imageShown.count(), 1, 30000);
        QVERIFY(w->analysis()->isBusy()); // analysis started on open
        w->close();
        delete w; // waits for the forward pass in progress, drops its result
        MainWindow again;
        QSignalSpy shown(&again, &MainWindow::analysisShown);
        again.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
    }

    void missingModelKeepsViewerUp()
    {
        QSettings().setValue(QStringLiteral("analysis/model"),
                             QStringLiteral("/nonexistent/model"));
        MainWindow w;
        QSignalSpy imageShown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(imageShown.count(), 1, 30000);
        QVERIFY(w.imageView()->image());
        QTRY_VERIFY_WITH_TIMEOUT(!w.analysis()->isBusy(), 30000);
        QTRY_VERIFY(w.findingsPanel()->statusText().contains(QStringLiteral("no model loaded")) ||
                    w.findingsPanel()->statusText().contains(QStringLiteral("manifest")));
        QSettings().remove(QStringLiteral("analysis/model"));
    }

    void workerEngineFromThePanel()
    {
        MainWindow w;
        w.resize(1300, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(w.analysisResult().engine, QStringLiteral("LibTorch"));
        auto* python = w.findingsPanel()->findChild<QLineEdit*>(QStringLiteral("pythonEdit"));
        QVERIFY(python->isHidden()); // only the worker has an interpreter
        // Pick the worker: the model is reloaded in a worker process and the image re-analyzed.
        auto* engine = w.findingsPanel()->findChild<QComboBox*>(QStringLiteral("engineCombo"));
        engine->setCurrentIndex(engine->findData(QStringLiteral("worker")));
        QVERIFY(!python->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 180000);
        const AnalysisResult& r = w.analysisResult();
        QCOMPARE(int(r.probabilities.size()), 14);
        QCOMPARE(r.precision, QStringLiteral("fp32-opt"));
        QVERIFY2(r.engine.startsWith(QStringLiteral("worker, torch ")), qPrintable(r.engine));
        QVERIFY2(w.findingsPanel()->statusText().contains(
                     QStringLiteral("Ran fp32-opt on CPU (worker, torch ")),
                 qPrintable(w.findingsPanel()->statusText()));
        QVERIFY(w.imageView()->hasOverlay());
        // The worker's devices: cpu runs; hpu is disabled with the worker's own reason.
        auto* devices = w.findingsPanel()->findChild<QComboBox*>(QStringLiteral("deviceCombo"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !devices->itemData(2, Qt::ToolTipRole).toString().contains(QStringLiteral("checking")),
            60000);
        QVERIFY(devices->itemData(0, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY2(devices->itemData(2, Qt::ToolTipRole)
                     .toString()
                     .contains(QStringLiteral("habana_frameworks")),
                 qPrintable(devices->itemData(2, Qt::ToolTipRole).toString()));
        QCOMPARE(QSettings().value(QStringLiteral("analysis/engine")).toString(),
                 QStringLiteral("worker"));
        QSettings().remove(QStringLiteral("analysis/engine"));
    }
};

QTEST_MAIN(TestAnalysis)
#include "tst_analysis.moc"
