// MainWindow: open files and folders off the GUI thread, tags, errors, closing mid-load.
#include "TestData.h"
#include "chexview/ui/viewer/AsyncImageLoader.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/MainWindow.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace chexview;
using namespace chexview::test;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void openDicomShowsImageAndTags()
    {
        MainWindow w;
        w.show();
        QSignalSpy spy(&w, &MainWindow::imageShown);
        const QString f = sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm"));
        w.openPath(f);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(1).toBool(), true);
        QVERIFY(w.imageView()->image());
        QCOMPARE(w.imageView()->image()->width(), 440);
        QVERIFY(w.statusMessage().contains(QStringLiteral("MONOCHROME1")));
        // File preset is applied on open.
        QCOMPARE(w.imageView()->window().center(), 550.0);
        TagPanel* tags = w.tagPanel();
        QVERIFY(tags->visibleRowCount() > 30);
        tags->setFilterText(QStringLiteral("PhotometricInterpretation"));
        QCOMPARE(tags->visibleRowCount(), 1);
        QCOMPARE(tags->visibleValue(0, 3), QStringLiteral("MONOCHROME1"));
        tags->setFilterText(QStringLiteral("(0028,1050)"));
        QCOMPARE(tags->visibleValue(0, 3), QStringLiteral("550"));
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("recentFiles")).toStringList().value(0), f);
    }

    void badFileKeepsWindowUp()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::imageShown);
        w.openPath(fixture(QStringLiteral("bad_palette.dcm")));
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(1).toBool(), false);
        QVERIFY(w.statusMessage().startsWith(QStringLiteral("Cannot open bad_palette.dcm")));
        QVERIFY(w.statusMessage().contains(QStringLiteral("PALETTE COLOR")));
        QVERIFY(!w.imageView()->image());
    }

    void folderStudyNextPrevious()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom")));
        QCOMPARE(w.studyList()->count(), 3);
        QTRY_COMPARE(spy.count(), 1);
        QVERIFY(w.currentFile().endsWith(QStringLiteral("CR-MONO1-10-chest.dcm")));
        w.studyList()->next();
        QTRY_COMPARE(spy.count(), 2);
        QVERIFY(w.currentFile().endsWith(QStringLiteral("CR-ModalitySequenceLUT.dcm")));
        QCOMPARE(w.imageView()->image()->width(), 1976);
        w.studyList()->previous();
        QTRY_COMPARE(spy.count(), 3);
        QVERIFY(w.currentFile().endsWith(QStringLiteral("CR-MONO1-10-chest.dcm")));
    }

    void newerRequestWins()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::imageShown);
        w.openPath(sharedData(QStringLiteral("dicom/CR-ModalitySequenceLUT.dcm")));
        w.openPath(sharedData(QStringLiteral("other/00000001_000.png")));
        QTRY_VERIFY(!w.loader()->isBusy());
        QCOMPARE(spy.count(), 1); // the superseded load is never shown
        QVERIFY(w.currentFile().endsWith(QStringLiteral("00000001_000.png")));
    }

    void closeWhileLoadRuns()
    {
        auto* w = new MainWindow;
        w->show();
        w->openPath(sharedData(QStringLiteral("dicom/CR-ModalitySequenceLUT.dcm")));
        QVERIFY(w->loader()->isBusy());
        w->close();
        delete w; // the decode is still running on the pool
        QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
        QCoreApplication::processEvents(); // a late result has nowhere to go
        // A fresh window still works afterwards.
        MainWindow again;
        QSignalSpy spy(&again, &MainWindow::imageShown);
        again.openPath(sharedData(QStringLiteral("other/00000001_000.png")));
        QTRY_COMPARE(spy.count(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
