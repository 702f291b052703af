// The viewer's docks put away on the Dataset and Evaluation tabs and brought back as they were
// (ViewerDockStash, issue 17): open, closed and tabbed-behind docks.
#include "chexview/ui/window/ViewerDockStash.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QTest>

using namespace chexview;

class TestDockStash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void restoresWhatWasOpen()
    {
        QMainWindow w;
        w.setCentralWidget(new QLabel(QStringLiteral("image")));
        auto dock = [&w](const QString& name, Qt::DockWidgetArea area) {
            auto* d = new QDockWidget(name, &w);
            d->setObjectName(name);
            d->setWidget(new QLabel(name));
            w.addDockWidget(area, d);
            return d;
        };
        QDockWidget* study = dock(QStringLiteral("study"), Qt::LeftDockWidgetArea);
        QDockWidget* tags = dock(QStringLiteral("tags"), Qt::RightDockWidgetArea);
        QDockWidget* findings = dock(QStringLiteral("findings"), Qt::RightDockWidgetArea);
        w.tabifyDockWidget(findings, tags); // tags tabbed behind findings: open, not raised
        w.resize(800, 600);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        findings->raise();
        study->close(); // the user closed this one
        // (Qt keeps a tabbed-away dock "visible"; what shows is which one has a visible region.)
        QTRY_VERIFY(!findings->visibleRegion().isEmpty());
        QVERIFY(tags->visibleRegion().isEmpty()); // open (its tab is there), not shown
        QVERIFY(tags->toggleViewAction()->isChecked());
        ViewerDockStash stash(&w, {study, tags, findings});

        stash.stash();
        QVERIFY(stash.isStashed());
        for (QDockWidget* d : {study, tags, findings})
            QVERIFY2(!d->toggleViewAction()->isChecked(), qPrintable(d->objectName()));
        stash.stash(); // a second stash must not record the hidden state
        tags->raise();
        stash.restore();
        QVERIFY(!stash.isStashed());
        QVERIFY(!study->toggleViewAction()->isChecked()); // stays closed
        QVERIFY(tags->toggleViewAction()->isChecked());
        QVERIFY(findings->toggleViewAction()->isChecked());
        QVERIFY(w.tabifiedDockWidgets(findings).contains(tags)); // back in its tab group
        QTRY_VERIFY(!findings->visibleRegion().isEmpty());       // on top again, as before
        QVERIFY(tags->visibleRegion().isEmpty());                // open, behind it
        stash.restore();                                         // not stashed: nothing changes
        QVERIFY(!study->toggleViewAction()->isChecked());
    }
};

QTEST_MAIN(TestDockStash)
#include "tst_dockstash.moc"
