// The findings panel shows the input gate's verdict (issue 24): a refused image's reason with a
// "Score anyway" button that asks for scores, warnings beside the scores, nothing for a plain ok.
#include "chexview/gate/GateVerdict.h"
#include "chexview/ui/analysis/FindingsPanel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace chexview;
using Verdict = GateVerdict::Verdict;

class TestGatePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdictShown_data()
    {
        QTest::addColumn<int>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("forced");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("button");
        QTest::newRow("refused: reason and Score anyway")
            << int(Verdict::Refuse) << "lateral view (ViewPosition LL)" << false
            << "Not scored — the input gate refused this image: lateral view (ViewPosition LL)"
            << true;
        QTest::newRow("refused but forced: reason stays, button goes")
            << int(Verdict::Refuse) << "not analyzable: 1×65000 px" << true
            << "Scored anyway — the input gate refused this image: not analyzable: 1×65000 px"
            << false;
        QTest::newRow("warned: reason beside the scores")
            << int(Verdict::Warn) << "looks upside down" << false
            << "Check the input: looks upside down" << false;
        QTest::newRow("ok: nothing shown") << int(Verdict::Ok) << "" << false << "" << false;
    }
    void verdictShown()
    {
        QFETCH(int, verdict);
        QFETCH(QString, reason);
        QFETCH(bool, forced);
        QFETCH(QString, text);
        QFETCH(bool, button);
        FindingsPanel panel;
        panel.resize(400, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        GateVerdict v;
        if (!reason.isEmpty())
            v.add(Verdict(verdict), reason);
        panel.setGate(v, forced);
        auto* label = panel.findChild<QLabel*>(QStringLiteral("gateMessage"));
        auto* anyway = panel.findChild<QPushButton*>(QStringLiteral("scoreAnyway"));
        QVERIFY(label && anyway);
        QCOMPARE(label->isVisible(), !text.isEmpty());
        QCOMPARE(label->text(), text);
        QCOMPARE(anyway->isVisible(), button);
        QSignalSpy asked(&panel, &FindingsPanel::scoreAnywayRequested);
        if (button) {
            QTest::mouseClick(anyway, Qt::LeftButton);
            QCOMPARE(asked.count(), 1);
        }
        panel.clearGate();
        QVERIFY(!label->isVisible());
        QVERIFY(!anyway->isVisible());
    }
};

QTEST_MAIN(TestGatePanel)
#include "tst_gatepanel.moc"
