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

#include <cmath>

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
        // bmt is drawn from all splits on purpose: said so, not raised as a leak.
        const QString leak = panel.leakageText();
        QVERIFY2(leak.contains(QStringLiteral("over 4 splits: no patient")), qPrintable(leak));
        QVERIFY2(leak.contains(QStringLiteral("bmt is the benchmark sample")), qPrintable(leak));
        QVERIFY(panel.stats().leakageSummary().benchmarkPatients > 0);
        QCOMPARE(panel.stats().leakageSummary().leakingPatients, 0);
        // Round ticks: test's largest share (Infiltration ~19%) gives 0, 5, ..., 20 or 25.
        const QList<double> ticks = panel.chart()->tickValues();
        QVERIFY(ticks.size() >= 3 && ticks.size() <= 9);
        QCOMPARE(ticks.first(), 0.0);
        const double step = ticks[1] - ticks[0];
        QVERIFY2(step == 1 || step == 2 || step == 5 || step == 10,
                 qPrintable(QString::number(step)));
        for (double t : ticks)
            QCOMPARE(std::fmod(t, step), 0.0);
    }

    void labelsCsvOfImages256()
    {
        // images-256/labels.csv: Image Index, Finding Labels, View Position, Official Split.
        DatasetPanel panel;
        QSignalSpy ready(&panel, &DatasetPanel::statsReady);
        QSignalSpy failed(&panel, &DatasetPanel::loadFailed);
        panel.loadLabelsCsv(sharedData(QStringLiteral("nih/images-256/labels.csv")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count() + failed.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        QVERIFY(panel.stats().issues.isEmpty());
        int images = 0;
        for (const auto& sp : panel.stats().splits)
            images += sp.images;
        QCOMPARE(images, 496);
        QCOMPARE(panel.chart()->setNames().size(), panel.stats().splits.size());
    }

    void leakageOverOneSplitIsNotOk()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("labels.csv")),
                  "Image Index,Finding Labels\n00000001_000.png,Cardiomegaly\n"
                  "00000001_001.png,No Finding\n00000002_000.png,Effusion|Mass\n");
        DatasetPanel panel;
        QSignalSpy ready(&panel, &DatasetPanel::statsReady);
        panel.loadLabelsCsv(dir.filePath(QStringLiteral("labels.csv")));
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(panel.stats().splits.size(), 1);
        QCOMPARE(panel.stats().splits[0].images, 3);
        QCOMPARE(panel.stats().splits[0].patients, 2);
        const QString leak = panel.leakageText();
        QVERIFY2(leak.contains(QStringLiteral("not applicable")), qPrintable(leak));
        QVERIFY(!leak.contains(QStringLiteral("no patient appears")));
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
