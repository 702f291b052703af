// The viewer's thread boundaries: a cv::Exception or a std::bad_alloc thrown inside the image
// loader or the analysis thread is reported in the window, and the application stays up and
// works afterwards (FaultInjection arms the boundary's named point).
#include "TestData.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/window/MainWindow.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <opencv2/core.hpp>

using namespace chexview;
using namespace chexview::test;

namespace {

const QString kImage = QStringLiteral("nih/images-1024/00000129_000.png");

void armWith(const char* boundary, int kind)
{
    FaultInjection::arm(boundary, [kind] {
        if (kind == 0)
            throw cv::Exception(cv::Error::StsNoMem, "injected fault", "boundary test", __FILE__,
                                __LINE__);
        throw std::bad_alloc();
    });
}

} // namespace

class TestBoundaries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_boundaries"));
        QSettings().clear();
    }
    void cleanup() { FaultInjection::disarm(); }

    void kinds_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("cv::Exception") << 0 << QStringLiteral("internal-error: ");
        QTest::newRow("bad_alloc") << 1 << QStringLiteral("out-of-memory: ");
    }

    void imageLoaderBoundary_data() { kinds_data(); }
    void imageLoaderBoundary()
    {
        QFETCH(int, kind);
        QFETCH(QString, says);
        MainWindow w;
        w.show();
        QSignalSpy shown(&w, &MainWindow::imageShown);
        armWith("image-load", kind);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QCOMPARE(shown.takeFirst().at(1).toBool(), false);
        QVERIFY2(w.statusMessage().contains(says), qPrintable(w.statusMessage()));
        FaultInjection::disarm();
        w.openPath(sharedData(kImage)); // and the same window opens it afterwards
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QCOMPARE(shown.takeFirst().at(1).toBool(), true);
    }

    void analysisBoundary_data() { kinds_data(); }
    void analysisBoundary()
    {
        QFETCH(int, kind);
        QFETCH(QString, says);
        MainWindow w;
        w.show();
        QSignalSpy shown(&w, &MainWindow::imageShown);
        QSignalSpy analysed(&w, &MainWindow::analysisShown);
        armWith("analysis", kind);
        w.openPath(sharedData(kImage));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.findingsPanel()->statusText().contains(says), 120000);
        QCOMPARE(analysed.count(), 0);
        FaultInjection::disarm();
        w.analyzeCurrent(); // the analysis thread survived: the next run gives scores
        QTRY_COMPARE_WITH_TIMEOUT(analysed.count(), 1, 120000);
        QCOMPARE(int(w.analysisResult().probabilities.size()), 14);
    }
};

QTEST_MAIN(TestBoundaries)
#include "tst_boundaries.moc"
