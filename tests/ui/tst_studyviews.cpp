// The study browser and the prior comparison view (issue 19): the browser lists the generated
// tree's patients and studies (scanned in the background through the index), filters by text
// and by AI flag, opens a study with the keyboard; the comparison view mirrors zoom, pan and
// window between current and prior while synchronized and not when the toggle is off, and shows
// score deltas only for the same model package.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/study/StudyGrouper.h"
#include "chexview/study/StudyScanner.h"
#include "chexview/study/TriageOrder.h"
#include "chexview/ui/study/PriorComparisonView.h"
#include "chexview/ui/study/StudyBrowser.h"
#include "chexview/ui/study/WorklistPanel.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QWheelEvent>

using namespace chexview;
using namespace chexview::test;

namespace {

QString tree()
{
    return QStringLiteral(CHEXVIEW_STUDY_FIXTURES "/tree");
}

const QString kStudy13 = QStringLiteral("1.2.826.0.1.3680043.10.1119.1.3");

void wheel(QWidget* w, int steps)
{
    const QPointF at(w->width() / 2.0 + 20, w->height() / 2.0 - 10);
    QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(w, &e);
}

double relativeZoom(ImageView* v)
{
    ViewTransform fit = v->transform();
    fit.fit();
    return v->zoom() / fit.zoom();
}

// Where the view's centre falls in the image, as fractions of its width and height.
QPointF centreFraction(ImageView* v)
{
    const QPointF p = v->transform().widgetToImage(QPointF(v->width() / 2.0, v->height() / 2.0));
    return {p.x() / v->image()->width(), p.y() / v->image()->height()};
}

} // namespace

class TestStudyViews : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studyviews"));
        QSettings().clear();
    }

    void browserListsFiltersAndOpens()
    {
        QTemporaryDir tmp;
        StudyBrowser b;
        b.resize(700, 500);
        b.show();
        QSignalSpy loaded(&b, &StudyBrowser::loaded);
        b.openPaths({tree()}, {}, tmp.filePath(QStringLiteral("i.sqlite")));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().at(0).toInt(), 2);
        QCOMPARE(loaded.first().at(1).toInt(), 6);
        QCOMPARE(b.visibleStudyCount(), 6);
        const QAbstractItemModel* m = b.view()->model();
        const QModelIndex p1 = m->index(0, 0);
        QCOMPARE(p1.data().toString(), QStringLiteral("STUDYPAT1 (3 studies)"));
        QCOMPARE(m->index(0, 0, p1).data().toString(), QStringLiteral("2023-01-05"));
        QCOMPARE(m->index(2, 2, p1).data().toString(), QStringLiteral("CHEST PA AND LATERAL"));
        QCOMPARE(m->index(2, 4, p1).data().toString(), QStringLiteral("2"));
        QCOMPARE(m->index(2, 1, p1).data().toString(), QStringLiteral("not analyzed"));
        QCOMPARE(b.prior(kStudy13)->studyUid, QStringLiteral("1.2.826.0.1.3680043.10.1119.1.2"));

        // Search: every word must match.
        b.setFilterText(QStringLiteral("lateral 2024"));
        QCOMPARE(b.visibleStudyCount(), 1);
        b.setFilterText(QStringLiteral("STUDYPAT2"));
        QCOMPARE(b.visibleStudyCount(), 3);
        b.setFilterText(QString());
        // The worst AI flag, then "flagged only".
        b.setStudyFlag(kStudy13, QStringLiteral("Effusion"), 0.62, true);
        QCOMPARE(m->index(2, 1, m->index(0, 0)).data().toString(),
                 QStringLiteral("⚑ Effusion 0.62"));
        b.setFlaggedOnly(true);
        QCOMPARE(b.visibleStudyCount(), 1);
        b.setFlaggedOnly(false);

        // Keyboard: Ctrl+F to the search box, type, Down to the list, Enter opens.
        QSignalSpy opened(&b, &StudyBrowser::studyActivated);
        b.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&b));
        QTest::keyClick(&b, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(b.searchBox()->hasFocus());
        QTest::keyClicks(b.searchBox(), QStringLiteral("portable"));
        QCOMPARE(b.visibleStudyCount(), 1);
        QTest::keyClick(b.searchBox(), Qt::Key_Down);
        QVERIFY(b.view()->hasFocus());
        QTest::keyClick(b.view(), Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(0).toString(), QStringLiteral("STUDYPAT1"));
        QCOMPARE(opened.first().at(1).toString(),
                 QStringLiteral("1.2.826.0.1.3680043.10.1119.1.2"));
        // Arrows move between studies.
        b.setFilterText(QString());
        b.view()->setCurrentIndex(b.view()->model()->index(0, 0, b.view()->model()->index(0, 0)));
        QTest::keyClick(b.view(), Qt::Key_Down);
        QCOMPARE(b.currentStudyUid(), QStringLiteral("1.2.826.0.1.3680043.10.1119.1.2"));
    }

    void browserReportsAMissingTree()
    {
        StudyBrowser b;
        QSignalSpy failed(&b, &StudyBrowser::loadFailed);
        QTemporaryDir tmp;
        b.openPaths({tmp.filePath(QStringLiteral("none"))}, {},
                    tmp.filePath(QStringLiteral("i.sqlite")));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(0).toString().endsWith(QStringLiteral("none: not found")));
    }

    void comparisonSync_data()
    {
        QTest::addColumn<bool>("sync");
        QTest::newRow("synchronized") << true;
        QTest::newRow("not-synchronized") << false;
    }
    void comparisonSync()
    {
        QFETCH(bool, sync);
        PriorComparisonView v;
        v.resize(1000, 600);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        const XrayImagePtr current =
            ImageLoader::load(tree() + QStringLiteral("/a_visit/IMG0001.dcm"));
        const XrayImagePtr prior =
            ImageLoader::load(sharedData(QStringLiteral("nih/followups/00000001_000.png")));
        v.setCells({{current, QStringLiteral("Current"), {}, {}},
                    {prior, QStringLiteral("Prior"), {}, {}}},
                   1, 2);
        v.setSynchronized(sync);
        QCOMPARE(v.cellCount(), 4);
        QCOMPARE(v.caption(1), QStringLiteral("Prior"));
        ImageView* a = v.view(0);
        ImageView* b = v.view(1);
        QCOMPARE(relativeZoom(a), 1.0);
        QCOMPARE(relativeZoom(b), 1.0);
        const VoiWindow priorWindow = b->window();
        wheel(a, 3);
        QVERIFY(relativeZoom(a) > 1.5);
        // Pan with a left drag.
        QTest::mousePress(a, Qt::LeftButton, Qt::NoModifier, QPoint(300, 300));
        QTest::mouseMove(a, QPoint(360, 340));
        QTest::mouseRelease(a, Qt::LeftButton, Qt::NoModifier, QPoint(360, 340));
        a->setWindow(VoiWindow{100.0, 80.0});
        if (sync) {
            QVERIFY(std::abs(relativeZoom(b) - relativeZoom(a)) < 1e-9);
            const QPointF fa = centreFraction(a), fb = centreFraction(b);
            QVERIFY2(std::abs(fa.x() - fb.x()) < 1e-3 && std::abs(fa.y() - fb.y()) < 1e-3,
                     qPrintable(QStringLiteral("%1,%2 vs %3,%4")
                                    .arg(fa.x())
                                    .arg(fa.y())
                                    .arg(fb.x())
                                    .arg(fb.y())));
            QCOMPARE(b->window().center(), 100.0);
            QCOMPARE(b->window().width(), 80.0);
            QVERIFY(b->displayImage() != QImage());
        } else {
            QCOMPARE(relativeZoom(b), 1.0);
            QCOMPARE(b->window().center(), priorWindow.center());
            QCOMPARE(b->window().width(), priorWindow.width());
        }
    }

    void comparisonScores()
    {
        PriorComparisonView v;
        const QStringList f{QStringLiteral("Cardiomegaly"), QStringLiteral("Effusion")};
        const QString sha(64, QLatin1Char('c'));
        v.setScores({QStringLiteral("2"),
                     QStringLiteral("demo"),
                     sha,
                     QStringLiteral("int8"),
                     f,
                     {0.52, 0.62}},
                    {QStringLiteral("1"),
                     QStringLiteral("demo"),
                     sha,
                     QStringLiteral("int8"),
                     f,
                     {0.50, 0.31}});
        QVERIFY2(v.scoreText().contains(QStringLiteral("Effusion 0.31 \u2192 0.62 (+0.31)")),
                 qPrintable(v.scoreText()));
        // Largest change first.
        QVERIFY(v.scoreText().indexOf(QStringLiteral("Effusion")) <
                v.scoreText().indexOf(QStringLiteral("Cardiomegaly")));
        v.setScores({QStringLiteral("2"),
                     QStringLiteral("demo"),
                     sha,
                     QStringLiteral("int8"),
                     f,
                     {0.52, 0.62}},
                    {QStringLiteral("1"),
                     QStringLiteral("other"),
                     QString(64, QLatin1Char('d')),
                     QStringLiteral("int8"),
                     f,
                     {0.50, 0.31}});
        QVERIFY(v.scoreText().startsWith(
            QStringLiteral("Scores not comparable\nscored by different model packages")));
        QVERIFY(!v.scoreText().contains(QStringLiteral("\u2192")));
    }

    // A known order: rows in rank order, unread bold; read and flag persist across panels
    // (the settings); Enter opens and marks read; F flags.
    void worklistRowsAndPersistence()
    {
        TriageItem a{QStringLiteral("P1"),
                     QStringLiteral("1.1"),
                     {QStringLiteral("Effusion"), QStringLiteral("Pneumothorax")},
                     {0.9, 0.1},
                     {0.4, 0.5},
                     0.0,
                     {}};
        TriageItem b{QStringLiteral("P2"),
                     QStringLiteral("2.1"),
                     a.findings,
                     {0.1, 0.7},
                     {0.4, 0.5},
                     0.0,
                     {}};
        TriageItem c{QStringLiteral("P3"),
                     QStringLiteral("3.1"),
                     a.findings,
                     {0.1, 0.1},
                     {0.4, 0.5},
                     0.0,
                     {}};
        TriageOrder::Options o;
        o.priority = {QStringLiteral("Pneumothorax"), QStringLiteral("Effusion")};
        const std::vector<TriageEntry> order = TriageOrder::order({a, b, c}, o);
        {
            WorklistPanel w;
            w.resize(900, 300);
            w.show();
            // Every heading readable in full (empty, at 1280x720, "Score / threshold" was cut).
            QHeaderView* header = w.table()->horizontalHeader();
            for (int c = 0; c + 1 < w.table()->columnCount(); ++c)
                QVERIFY2(header->sectionSize(c) >= header->sectionSizeHint(c),
                         qPrintable(QStringLiteral("column %1: %2 < %3")
                                        .arg(c)
                                        .arg(header->sectionSize(c))
                                        .arg(header->sectionSizeHint(c))));
            w.setEntries(order);
            QCOMPARE(w.rowCount(), 3);
            QCOMPARE(w.studyAt(0), QStringLiteral("2.1")); // pneumothorax first
            QCOMPARE(w.table()->item(0, 4)->text(), QStringLiteral("Pneumothorax"));
            QCOMPARE(w.table()->item(0, 5)->text(), QStringLiteral("0.70 / 0.50"));
            QVERIFY(w.table()->item(0, 2)->font().bold());
            QSignalSpy opened(&w, &WorklistPanel::studyOpened);
            w.table()->setFocus();
            w.table()->setCurrentCell(1, 2);
            QTest::keyClick(w.table(), Qt::Key_Return);
            QCOMPARE(opened.count(), 1);
            QCOMPARE(opened.first().at(1).toString(), QStringLiteral("1.1"));
            QVERIFY(w.isRead(QStringLiteral("1.1")));
            QVERIFY(!w.table()->item(1, 2)->font().bold());
            QTest::keyClick(w.table(), Qt::Key_F);
            QVERIFY(w.isFlagged(QStringLiteral("1.1")));
            QCOMPARE(w.table()->item(1, 0)->text(), QStringLiteral("⚑"));
        }
        WorklistPanel again;
        again.setEntries(order);
        QVERIFY(again.isRead(QStringLiteral("1.1")));
        QVERIFY(again.isFlagged(QStringLiteral("1.1")));
        QVERIFY(!again.isRead(QStringLiteral("2.1")));
        QCOMPARE(again.table()->item(1, 0)->text(), QStringLiteral("⚑"));
        again.setRead(QStringLiteral("1.1"), false);
        QVERIFY(!WorklistPanel().isRead(QStringLiteral("1.1")));
    }

    // The generated tree analyzed in the background with the fixture model: 6 studies ordered,
    // each study's worst flag reported, scores kept with the package SHA-256 for the comparison.
    void worklistAnalyzes()
    {
        const QList<PatientStudies> patients =
            StudyGrouper::group(StudyScanner::scan({tree()}, {}).instances);
        WorklistPanel w;
        QSignalSpy done(&w, &WorklistPanel::finished);
        QSignalSpy scored(&w, &WorklistPanel::studyScored);
        QSignalSpy failed(&w, &WorklistPanel::failed);
        w.analyze(patients, ResourceLocator::defaultModel());
        QTRY_COMPARE_WITH_TIMEOUT(done.count() + failed.count(), 1, 120000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.first().at(0).toInt(), 6);
        QCOMPARE(scored.count(), 6);
        QCOMPARE(w.rowCount(), 6);
        const ScoredStudy s = w.scoredStudy(kStudy13);
        QCOMPARE(int(s.scores.size()), 14);
        QCOMPARE(s.packageSha256.size(), 64);
        for (int r = 1; r < w.rowCount(); ++r)
            QVERIFY(w.table()->item(r, 1)->text().toInt() == r + 1);
    }
};

QTEST_MAIN(TestStudyViews)
#include "tst_studyviews.moc"
