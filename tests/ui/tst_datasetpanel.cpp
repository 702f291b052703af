// Dataset panel: fills off the GUI thread, one bar set per split, sortable and copyable table.
#include "TestData.h"
#include "chexview/ui/dataset/DatasetChart.h"
#include "chexview/ui/dataset/DatasetPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace chexview;
using namespace chexview::test;

class TestDatasetPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fillsAndCharts()
    {
        QTemporaryDir dir;
        writeHandmadeLists(dir.path());
        DatasetPanel panel;
        panel.resize(1000, 700);
        panel.show();
        QSignalSpy ready(&panel, &DatasetPanel::statsReady);
        panel.loadSplitLists(dir.path());
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(panel.chart()->setNames(), (QStringList{"train", "val", "test", "alpha", "zeta"}));
        QCOMPARE(panel.chart()->categoryCount(), 14);
        QAbstractItemModel* m = panel.percentTable()->model();
        QCOMPARE(m->rowCount(), 15); // 14 findings + No Finding
        QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Atelectasis"));
        QCOMPARE(m->index(0, 1).data().toString(), QStringLiteral("50.000"));
        // Sorting by the train column is numeric.
        panel.percentTable()->sortByColumn(1, Qt::DescendingOrder);
        QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Atelectasis"));
        QCOMPARE(m->index(1, 1).data().toString(), QStringLiteral("25.000"));
        panel.percentTable()->clearSelection();
        QTest::keySequence(&panel, QKeySequence::Copy);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.startsWith(QStringLiteral("Finding\ttrain %\tval %")));
        QVERIFY(copied.contains(QStringLiteral("Atelectasis\t50.000\t0.000")));
    }

    void realBundledLists()
    {
        DatasetPanel panel;
        QSignalSpy ready(&panel, &DatasetPanel::statsReady);
        panel.loadSplitLists(sharedData(QStringLiteral("nih/lists")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
        QCOMPARE(panel.chart()->setNames(), (QStringList{"train", "val", "test", "bmt"}));
        QCOMPARE(panel.stats().splits[0].images, 78468);
        QCOMPARE(panel.stats().splits[2].images, 22433);
    }

    void badFolderReportsError()
    {
        DatasetPanel panel;
        QSignalSpy failed(&panel, &DatasetPanel::loadFailed);
        panel.loadSplitLists(QStringLiteral("/nonexistent"));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(panel.errorText().contains(QStringLiteral("no *_list.txt")));
    }

    void destroyWhileComputing()
    {
        auto* panel = new DatasetPanel;
        panel->loadSplitLists(sharedData(QStringLiteral("nih/lists")));
        delete panel; // the computation goes on; its result has nowhere to go
        QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TestDatasetPanel)
#include "tst_datasetpanel.moc"
