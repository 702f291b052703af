// Lists and tables that fit their width (issue 20): the evaluation table never scrolls sideways
// in the room the Evaluation tab has on a 1280x720 and a 1920x1080 screen (least needed columns
// hidden, named in the header's tooltip); the error list keeps every row a thumbnail high, also
// past the rows that get a thumbnail; study-list file names elide with "…" and keep their end.
#include "TestData.h"
#include "chexview/ui/evaluation/ErrorBrowser.h"
#include "chexview/ui/evaluation/EvaluationPanel.h"
#include "chexview/ui/viewer/StudyList.h"

#include <QFile>
#include <QHeaderView>
#include <QListWidget>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

class TestFitWidth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_fitwidth"));
        QSettings().clear();
        QStandardPaths::setTestModeEnabled(true);
    }

    void evaluationTableFits_data()
    {
        // The Evaluation tab's size in the maximized window (the Patients dock beside it), as
        // measured on screenshots under Xvfb at each screen size.
        QTest::addColumn<QSize>("tab");
        QTest::addColumn<int>("minimumVisible");
        QTest::newRow("1280x720 screen") << QSize(1027, 560) << 4;
        QTest::newRow("1920x1080 screen") << QSize(1676, 930) << 13;
    }
    void evaluationTableFits()
    {
        QFETCH(QSize, tab);
        QFETCH(int, minimumVisible);
        EvaluationPanel panel;
        panel.resize(tab);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setInputs(
            sharedData(QStringLiteral("nih/images-256/labels.csv")),
            sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv")),
            sharedData(QStringLiteral("nih/images-256")));
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.run();
        QVERIFY(done.wait(60000) || done.count() == 1);
        QTableView* table = panel.table();
        QHeaderView* header = table->horizontalHeader();
        QTRY_COMPARE(table->model()->rowCount(), 14);
        QCOMPARE(table->model()->columnCount(), 13);
        QTest::qWait(50); // the fitter runs after the model's signals
        int visible = 0, width = 0;
        for (int c = 0; c < 13; ++c)
            if (!header->isSectionHidden(c)) {
                ++visible;
                width += header->sectionSize(c);
            }
        QVERIFY2(width <= table->viewport()->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(width).arg(table->viewport()->width())));
        QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
        QVERIFY2(visible >= minimumVisible, qPrintable(QString::number(visible)));
        for (int kept : {0, 1, 2, 6}) // Finding, AUROC, 95% CI, Threshold
            QVERIFY(!header->isSectionHidden(kept));
        QCOMPARE(header->toolTip().isEmpty(), visible == 13);
        if (visible < 13)
            QVERIFY2(header->toolTip().contains(QLatin1String("TN")),
                     qPrintable(header->toolTip()));

        // Wider again: every column comes back.
        panel.resize(2600, tab.height());
        QTRY_COMPARE(header->hiddenSectionCount(), 0);
    }

    void errorRowsKeepTheirHeight()
    {
        EvaluationPanel panel;
        panel.resize(1027, 560);
        panel.show();
        panel.setInputs(
            sharedData(QStringLiteral("nih/images-256/labels.csv")),
            sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv")),
            sharedData(QStringLiteral("nih/images-256")));
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.run();
        QVERIFY(done.wait(60000) || done.count() == 1);
        panel.selectFinding(0);
        panel.setThreshold(0.0); // every negative is a false positive: a long list
        ErrorBrowser* errors = panel.errorBrowser();
        errors->showFalsePositives(true);
        QTRY_COMPARE(errors->count(), ErrorBrowser::kMaxRows);
        QListWidget* list = errors->list();
        for (int row : {0, ErrorBrowser::kThumbnails - 1, ErrorBrowser::kThumbnails + 10,
                        ErrorBrowser::kMaxRows - 1}) {
            QVERIFY2(list->visualItemRect(list->item(row)).height() >= 64,
                     qPrintable(QString::number(row)));
            QVERIFY(!list->item(row)->icon().isNull());
        }
        QCOMPARE(list->horizontalScrollBar()->maximum(), 0);
    }

    void studyListElidesFileNames()
    {
        QTemporaryDir dir;
        const QString name =
            QStringLiteral("chest_radiograph_followup_series_2019-03-14_PA_view_00000075_000.png");
        QVERIFY(QFile::copy(sharedData(QStringLiteral("nih/images-256/00000075_000.png")),
                            dir.filePath(name)));
        StudyList list;
        list.resize(220, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QCOMPARE(list.openFolder(dir.path()), 1);
        QCOMPARE(list.item(0)->text(), name);
        QCOMPARE(list.textElideMode(), Qt::ElideMiddle);
        QCOMPARE(list.horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
        // As painted: the name's ink stops short of the list's right edge (elided text ends
        // inside the row; a cut one runs into the edge), and there is ink (the name is there).
        list.setCurrentRow(-1);
        list.doItemsLayout();
        QTest::qWait(20);
        const QImage shot = list.viewport()->grab().toImage();
        const QRect row = list.visualItemRect(list.item(0));
        int inkRight = -1;
        for (int x = list.iconSize().width() + 4; x < shot.width(); ++x)
            for (int y = row.top(); y <= row.bottom() && y < shot.height(); ++y)
                if (qGray(shot.pixel(x, y)) < 128)
                    inkRight = x;
        QVERIFY2(inkRight > list.iconSize().width() + 20, qPrintable(QString::number(inkRight)));
        QVERIFY2(inkRight < shot.width() - 3,
                 qPrintable(QStringLiteral("%1 of %2").arg(inkRight).arg(shot.width())));
        QVERIFY(list.item(0)->toolTip().endsWith(name));
    }
};

QTEST_MAIN(TestFitWidth)
#include "tst_fitwidth.moc"
