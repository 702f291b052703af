// The window on a 1280x720 screen (an offscreen platform configured with that screen): every
// control inside the screen; docks keep their width and the zoom stays when scores arrive; the
// status text elides instead of widening anything; honest numbers (the clock of a re-run, no
// stale scores beside the next image, the heatmap labelled with finding and score); the tags
// search does not carry over to the next image.
#include "TestData.h"
#include "chexview/ui/analysis/FindingBars.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/dataset/DatasetPanel.h"
#include "chexview/ui/presentation/FindingsOverlay.h"
#include "chexview/ui/presentation/PresentationWindow.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/ui/window/WindowPlacement.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

namespace {
const QString kImage = QStringLiteral("nih/images-1024/00000129_000.png");
const QString kOther = QStringLiteral("dicom/CR-MONO1-10-chest.dcm");

QDockWidget* dock(MainWindow& w, const char* name)
{
    return w.findChild<QDockWidget*>(QLatin1String(name));
}

/// Visible widgets whose on-screen rectangle leaves `screen` (children of scrolled viewports
/// are skipped: scrolling is how they are reached).
QStringList outside(QWidget& top, const QRect& screen)
{
    QStringList out;
    for (QWidget* w : top.findChildren<QWidget*>()) {
        if (!w->isVisible() || w->width() <= 0 || w->height() <= 0 || w->isWindow())
            continue;
        bool scrolled = false;
        for (QWidget* p = w->parentWidget(); p && p != &top; p = p->parentWidget())
            if (auto* area = qobject_cast<QAbstractScrollArea*>(p->parentWidget());
                area && area->viewport() == p)
                scrolled = true;
        // A dock tabbed behind another is parked outside the window by Qt: not on screen, and
        // reached through its tab (checked separately after raising it).
        const QRect inWindow(w->mapTo(&top, QPoint(0, 0)), w->size());
        if (scrolled || !inWindow.intersects(top.rect()))
            continue;
        const QRect r(w->mapToGlobal(QPoint(0, 0)), w->size());
        if (!screen.contains(r))
            out << QStringLiteral("%1 %2 at %3,%4 %5x%6")
                       .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
                       .arg(r.x())
                       .arg(r.y())
                       .arg(r.width())
                       .arg(r.height());
    }
    return out;
}
/// Shows the window, opens kImage and waits for its scores (the model loads on the first).
bool shownWithScores(MainWindow& w)
{
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return false;
    QSignalSpy scores(&w, &MainWindow::analysisShown);
    w.openPath(sharedData(kImage));
    return QTest::qWaitFor([&scores] { return scores.count() == 1; }, 120000);
}
} // namespace

class TestLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_layout"));
        QSettings().clear();
        QCOMPARE(QGuiApplication::primaryScreen()->geometry(), QRect(0, 0, 1280, 720));
    }

    void placementIsPure()
    {
        const QRect small(0, 0, 1280, 720), big(0, 0, 1920, 1080);
        const QSize preferred(1280, 860);
        QVERIFY(small.contains(WindowPlacement::initial(small, preferred)));
        const QRect onBig = WindowPlacement::initial(big, preferred);
        QCOMPARE(onBig.size(), preferred);
        QCOMPARE(onBig.center().x(), big.center().x());
        // A window saved on a 1920x1080 screen comes back inside the 1280x720 one.
        const QRect restored = WindowPlacement::clamp(QRect(600, 200, 1280, 860), small);
        QVERIFY(small.contains(restored));
        QCOMPARE(restored.height(), 720 - WindowPlacement::kFrameHeight);
    }

    void everyControlInsideA1280x720Screen()
    {
        MainWindow w;
        QVERIFY(shownWithScores(w));
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        QVERIFY2(screen.contains(w.frameGeometry()),
                 qPrintable(QStringLiteral("window %1,%2 %3x%4")
                                .arg(w.frameGeometry().x())
                                .arg(w.frameGeometry().y())
                                .arg(w.frameGeometry().width())
                                .arg(w.frameGeometry().height())));
        QVERIFY(w.minimumSizeHint().width() <= 1280);
        QVERIFY(w.minimumSizeHint().height() <= 720);
        QVERIFY2(outside(w, screen).isEmpty(),
                 qPrintable(outside(w, screen).join(QLatin1Char('\n'))));
        // The tags tab too (tabbed with Findings).
        dock(w, "tagDock")->raise();
        QCoreApplication::processEvents();
        QVERIFY2(outside(w, screen).isEmpty(),
                 qPrintable(outside(w, screen).join(QLatin1Char('\n'))));
        // The Value column gets a real share of the tags table.
        QVERIFY2(w.tagPanel()->columnWidth(3) >= 150,
                 qPrintable(QString::number(w.tagPanel()->columnWidth(3))));
    }

    void windowStaysInsideTheScreenAfterTheDatasetTab()
    {
        // The Dataset tab hides the viewer's docks; coming back used to lay the window out
        // again wider than the screen (1310 px at 1280x720: the Findings panel clipped).
        MainWindow w;
        QVERIFY(shownWithScores(w));
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        const int findings = dock(w, "findingsDock")->width();
        for (int round = 0; round < 2; ++round) {
            tabs->setCurrentWidget(w.datasetPanel());
            // Loaded: its tables (700 px wide) are what widened the window the second time.
            QTRY_VERIFY(!w.datasetPanel()->stats().splits.isEmpty() && !w.datasetPanel()->isBusy());
            QVERIFY(!dock(w, "findingsDock")->isVisible());
            tabs->setCurrentIndex(0);
            QCoreApplication::processEvents();
            QVERIFY(dock(w, "findingsDock")->isVisible());
            QVERIFY2(screen.contains(w.frameGeometry()),
                     qPrintable(QStringLiteral("round %1: window %2x%3, minimum %4")
                                    .arg(round)
                                    .arg(w.frameGeometry().width())
                                    .arg(w.frameGeometry().height())
                                    .arg(w.minimumSizeHint().width())));
            QVERIFY2(outside(w, screen).isEmpty(),
                     qPrintable(outside(w, screen).join(QLatin1Char('\n'))));
            QCOMPARE(dock(w, "findingsDock")->width(), findings);
        }
    }

    void docksKeepTheirSizeWhenScoresArrive()
    {
        QSettings().setValue(QStringLiteral("analysis/onOpen"), false);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE(shown.count(), 1);
        QCoreApplication::processEvents();
        const int study = dock(w, "studyDock")->width();
        const int findings = dock(w, "findingsDock")->width();
        const double zoom = w.imageView()->zoom();
        const int studyText = w.studyList()->visualItemRect(w.studyList()->item(0)).width();
        QSignalSpy scores(&w, &MainWindow::analysisShown);
        w.analyzeCurrent();
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 1, 120000);
        QCoreApplication::processEvents();
        QCOMPARE(dock(w, "studyDock")->width(), study);
        QCOMPARE(dock(w, "findingsDock")->width(), findings);
        QCOMPARE(w.imageView()->zoom(), zoom);
        QCOMPARE(w.studyList()->visualItemRect(w.studyList()->item(0)).width(), studyText);
        // A very long status text elides (full text in the tooltip) instead of growing.
        auto* status = w.findChild<QLabel*>(QStringLiteral("fileStatus"));
        QVERIFY(status);
        QVERIFY(status->toolTip().contains(QStringLiteral("00000129_000.png")));
        QVERIFY(status->text().size() <= status->toolTip().size());
        QSettings().setValue(QStringLiteral("analysis/onOpen"), true);
    }

    void clockOfARerunStartsAtTheRequest()
    {
        MainWindow w;
        QSignalSpy scores(&w, &MainWindow::analysisShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 1, 120000);
        QVERIFY(w.findingsPanel()->statusText().contains(QStringLiteral("open → scores")));
        // A clock still counting from the open would add the first analysis (model load and
        // all) to this number and exceed the bound below.
        QElapsedTimer sinceRequest;
        sinceRequest.start();
        w.analyzeCurrent();
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 2, 120000);
        const qint64 bound = sinceRequest.elapsed();
        const QString text = w.findingsPanel()->statusText();
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("request → scores (\\d+) ms")).match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        QVERIFY2(m.captured(1).toLongLong() <= bound, qPrintable(text));
    }

    void nextImageClearsScoresAndLabelsTheHeatmap()
    {
        MainWindow w;
        QSignalSpy scores(&w, &MainWindow::analysisShown);
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 1, 120000);
        const AnalysisResult r = w.analysisResult();
        const int top = r.ranking().front();
        const QString label = w.imageView()->overlayLabel();
        QVERIFY2(label.startsWith(QStringLiteral("Heatmap: ") + r.labels[top] + QLatin1Char(' ') +
                                  QString::number(double(r.probabilities[size_t(top)]), 'f', 3)),
                 qPrintable(label));
        QVERIFY(w.imageView()->overlayCorners().bottomLeft.contains(label));
        // The lowest finding's heatmap is labelled too (it used to vanish silently).
        const int low = r.ranking().back();
        w.findingsPanel()->bars()->select(low);
        QVERIFY(w.imageView()->overlayLabel().contains(r.labels[low]));
        w.tagPanel()->setFilterText(QStringLiteral("no-such-tag-anywhere"));
        QCOMPARE(w.tagPanel()->visibleRowCount(), 0);

        // Analyze ▸ Analyze on Open off (the window reads the setting once, at start).
        QAction* onOpen = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == MainWindow::tr("Analyze on &Open"))
                onOpen = a;
        QVERIFY(onOpen);
        onOpen->setChecked(false);
        w.openPath(sharedData(kOther));
        // As soon as the next image is on its way, the previous scores are gone.
        QVERIFY(w.analysisResult().isEmpty());
        QVERIFY(!w.imageView()->hasOverlay());
        QCOMPARE(w.findingsPanel()->bars()->selected(), -1);
        QTRY_COMPARE(shown.count(), 2);
        QVERIFY2(w.imageView()->overlayLabel().isEmpty(),
                 qPrintable(w.imageView()->overlayLabel()));
        QVERIFY(w.tagPanel()->filterText().isEmpty());
        QVERIFY(w.tagPanel()->visibleRowCount() > 30); // the DICOM's tags, unfiltered
        onOpen->setChecked(true);
    }

    void presentationModeIsFullScreenAnonymizedAndKeyboardDriven()
    {
        MainWindow w;
        w.show();
        QSignalSpy shown(&w, &MainWindow::imageShown);
        QSignalSpy scores(&w, &MainWindow::analysisShown);
        // A study of the two chest films (the dental film of the data folder is refused by the
        // input gate, and gets no scores: tst_gatepanel).
        QTemporaryDir study;
        for (const char* name : {"CR-MONO1-10-chest.dcm", "rsna_cr_jpeg_baseline.dcm"})
            QVERIFY(QFile::copy(sharedData(QStringLiteral("dicom/") + QLatin1String(name)),
                                study.filePath(QLatin1String(name))));
        w.openPath(study.path());
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 1, 120000);
        w.togglePresentation();
        PresentationWindow* p = w.presentation();
        QVERIFY(p && p->isVisible());
        QCOMPARE(p->geometry(), QRect(0, 0, 1280, 720));
        QVERIFY(p->imageView()->anonymize());
        // The window behind went anonymized too.
        QVERIFY(w.windowTitle().contains(QStringLiteral("(anonymized)")));
        const AnalysisResult& r = w.analysisResult();
        const QString top = r.labels[r.ranking().front()];
        QString box = p->findingsOverlay()->lines().join(QLatin1Char('\n'));
        QVERIFY2(box.contains(top + QLatin1Char(' ')), qPrintable(box));
        QVERIFY(box.contains(QStringLiteral("UNTRAINED")));
        QVERIFY(box.contains(QStringLiteral("Heatmap: ") + top));
        QVERIFY(box.contains(QStringLiteral("Not for clinical use")));
        QCOMPARE(int(p->findingsOverlay()->lines().size()), 3 + FindingsOverlay::kTopFindings + 1);
        QVERIFY(p->imageView()->hasOverlay());
        QVERIFY(p->imageView()->overlayLabel().startsWith(QStringLiteral("Heatmap: ") + top));
        // Keyboard only: N steps the study, the box says what is going on until the scores.
        QTest::keyClick(p, Qt::Key_N);
        QTRY_COMPARE(shown.count(), 2);
        QCOMPARE(p->imageView()->image(), w.imageView()->image());
        QTRY_COMPARE_WITH_TIMEOUT(scores.count(), 2, 120000);
        QVERIFY(p->findingsOverlay()
                    ->lines()
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("Heatmap: ")));
        QTest::keyClick(p, Qt::Key_P);
        QTRY_COMPARE(shown.count(), 3);
        QVERIFY(w.currentFile().endsWith(QStringLiteral("CR-MONO1-10-chest.dcm")));
        // H hides the heatmap; A starts auto-advance (10 s), ] lengthens it, A stops it.
        QTest::keyClick(p, Qt::Key_H);
        QTRY_VERIFY(!p->imageView()->hasOverlay() || !w.findingsPanel()->heatmapVisible());
        QVERIFY(!w.findingsPanel()->heatmapVisible());
        QTest::keyClick(p, Qt::Key_A);
        QCOMPARE(p->autoAdvance(), 10);
        QTest::keyClick(p, Qt::Key_BracketRight);
        QCOMPARE(p->autoAdvance(), 11);
        QTest::keyClick(p, Qt::Key_A);
        QCOMPARE(p->autoAdvance(), 0);
        // Auto-advance steps on its own.
        p->setAutoAdvance(1);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 4, 10000);
        p->setAutoAdvance(0);
        QTest::keyClick(p, Qt::Key_Escape);
        QVERIFY(!p->isVisible());
    }
};

int main(int argc, char** argv)
{
    // A 1280x720 screen: the offscreen platform reads its screens from a JSON file.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    writeFile(config, R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1280,
                         "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toUtf8());
    QApplication app(argc, argv);
    TestLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_layout.moc"
