// The triage order of a worklist (issue 19): priority levels against thresholds, shared levels
// ("Mass/Nodule"), unlisted and negative studies, aging by steps and the maximum wait, ties and
// bad priority lists. A known set whose order is worked out by hand.
#include "chexview/study/StudyError.h"
#include "chexview/study/TriageOrder.h"

#include <QTest>

#include <algorithm>

using namespace chexview;

namespace {

const QStringList kFindings{QStringLiteral("Pneumothorax"), QStringLiteral("Effusion"),
                            QStringLiteral("Cardiomegaly"), QStringLiteral("Mass"),
                            QStringLiteral("Nodule"),       QStringLiteral("Hernia")};
const std::vector<double> kThresholds{0.5, 0.4, 0.6, 0.3, 0.3, 0.9};

TriageItem item(const QString& uid, std::vector<double> scores, double waited = 0.0)
{
    return {QStringLiteral("P") + uid, uid, kFindings, std::move(scores), kThresholds, waited, {}};
}

QString order(const std::vector<TriageEntry>& entries)
{
    QStringList uids;
    for (const TriageEntry& e : entries)
        uids << e.studyUid;
    return uids.join(QLatin1Char(' '));
}

// The known set: scores are                      PTX   EFF   CMG   MASS  NOD   HER
std::vector<TriageItem> knownSet(double waitNegative = 0.0, double waitCardio = 0.0)
{
    return {
        item(QStringLiteral("neg"), {0.10, 0.39, 0.20, 0.10, 0.10, 0.10}, waitNegative),
        item(QStringLiteral("cardio"), {0.10, 0.10, 0.70, 0.10, 0.10, 0.10}, waitCardio),
        item(QStringLiteral("ptx"), {0.55, 0.90, 0.10, 0.10, 0.10, 0.10}),
        item(QStringLiteral("eff"), {0.10, 0.80, 0.65, 0.10, 0.10, 0.10}),
        item(QStringLiteral("nodule"), {0.10, 0.10, 0.10, 0.10, 0.45, 0.10}),
        item(QStringLiteral("mass"), {0.10, 0.10, 0.10, 0.32, 0.10, 0.10}),
        item(QStringLiteral("hernia"), {0.10, 0.10, 0.10, 0.10, 0.10, 0.95}),
    };
}

TriageOrder::Options noAging(const QStringList& priority)
{
    TriageOrder::Options o;
    o.priority = priority;
    o.agingStepMinutes = 0;
    o.maxWaitMinutes = 0;
    return o;
}

const QStringList kPriority{QStringLiteral("Pneumothorax"), QStringLiteral("Effusion"),
                            QStringLiteral("Cardiomegaly"), QStringLiteral("Mass/Nodule")};

} // namespace

class TestTriage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultPriorityAfterBaltruschat()
    {
        const QStringList d = TriageOrder::defaultPriority();
        QCOMPARE(
            d.mid(0, 7).join(QLatin1Char(',')),
            QStringLiteral(
                "Pneumothorax,Effusion,Infiltration,Edema,Atelectasis,Cardiomegaly,Mass/Nodule"));
        QCOMPARE(d.size(), 13); // 14 findings, Mass and Nodule share a level
    }

    // Levels: ptx 0, eff 1, cardio 2, nodule and mass share 3 (nodule's margin 0.15 > mass' 0.02),
    // hernia is positive but unlisted (4), neg has nothing at its threshold (5).
    void knownSetOrder()
    {
        const std::vector<TriageEntry> e = TriageOrder::order(knownSet(), noAging(kPriority));
        QCOMPARE(order(e), QStringLiteral("ptx eff cardio nodule mass hernia neg"));
        for (size_t k = 0; k < e.size(); ++k)
            QCOMPARE(e[k].rank, int(k) + 1);
        QCOMPARE(e[0].topFinding, QStringLiteral("Pneumothorax"));
        QCOMPARE(e[0].score, 0.55);
        QCOMPARE(e[0].threshold, 0.5);
        QCOMPARE(e[0].reasons.first(),
                 QStringLiteral("Pneumothorax 0.55 >= threshold 0.50 (priority 1 of 4)"));
        QCOMPARE(e[1].topFinding, QStringLiteral("Effusion")); // before its Cardiomegaly
        QCOMPARE(e[3].level, 3);
        QCOMPARE(e[4].level, 3);
        QCOMPARE(e[5].reasons.first(),
                 QStringLiteral("Hernia 0.95 >= threshold 0.90 (not in the priority list)"));
        QCOMPARE(e[6].level, 5);
        QCOMPARE(e[6].topFinding, QStringLiteral("Effusion")); // closest to its threshold
        QCOMPARE(
            e[6].reasons.first(),
            QStringLiteral("no finding at or above its threshold (closest: Effusion 0.39 < 0.40)"));
    }

    void priorityListChangesOrder()
    {
        const QStringList cardioFirst{QStringLiteral("Cardiomegaly"),
                                      QStringLiteral("Pneumothorax")};
        const std::vector<TriageEntry> e = TriageOrder::order(knownSet(), noAging(cardioFirst));
        // eff is Cardiomegaly-positive too (margin 0.05 < cardio's 0.10); the unlisted positives
        // (effusion-only none, nodule, mass, hernia) follow by margin.
        QCOMPARE(order(e), QStringLiteral("cardio eff ptx nodule hernia mass neg"));
        QCOMPARE(e[1].topFinding, QStringLiteral("Cardiomegaly"));
    }

    // Aging: each 60 min waited raises one level; at the maximum wait a study goes first.
    void aging_data()
    {
        QTest::addColumn<double>("waitNegative");
        QTest::addColumn<double>("waitCardio");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fresh") << 0.0 << 0.0 << "ptx eff cardio nodule mass hernia neg";
        QTest::newRow("neg-59min-not-a-step")
            << 59.0 << 0.0 << "ptx eff cardio nodule mass hernia neg";
        // neg: level 5 - 2 = 3, behind nodule/mass (level 3 before aging) by the tie rule.
        QTest::newRow("neg-2-steps") << 120.0 << 0.0 << "ptx eff cardio nodule mass neg hernia";
        // cardio: 2 - 2 = 0, same effective level as ptx, which is more urgent before aging.
        QTest::newRow("cardio-2-steps") << 0.0 << 150.0 << "ptx cardio eff nodule mass hernia neg";
        QTest::newRow("neg-max-wait") << 240.0 << 0.0 << "neg ptx eff cardio nodule mass hernia";
        QTest::newRow("both-overdue-longest-first")
            << 300.0 << 400.0 << "cardio neg ptx eff nodule mass hernia";
    }
    void aging()
    {
        QFETCH(double, waitNegative);
        QFETCH(double, waitCardio);
        QFETCH(QString, expected);
        TriageOrder::Options o;
        o.priority = kPriority;
        o.agingStepMinutes = 60;
        o.maxWaitMinutes = 240;
        const std::vector<TriageEntry> e =
            TriageOrder::order(knownSet(waitNegative, waitCardio), o);
        QCOMPARE(order(e), expected);
    }

    void agingReasons()
    {
        TriageOrder::Options o;
        o.priority = kPriority;
        const std::vector<TriageEntry> e = TriageOrder::order(knownSet(250.0, 130.0), o);
        QCOMPARE(e[0].studyUid, QStringLiteral("neg"));
        QVERIFY(e[0].overdue);
        QCOMPARE(e[0].reasons.last(),
                 QStringLiteral("waited 250 min >= maximum wait 240 min: read next"));
        const auto cardio = std::find_if(e.begin(), e.end(), [](const TriageEntry& t) {
            return t.studyUid == QLatin1String("cardio");
        });
        QCOMPARE(cardio->effectiveLevel, 0);
        QCOMPARE(cardio->reasons.last(), QStringLiteral("waited 130 min: raised 2 level(s)"));
    }

    void badPriority_data()
    {
        QTest::addColumn<QStringList>("priority");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QStringList{QStringLiteral("Pneumothorax"),
                                                QStringLiteral("Covid")}
                                 << "unknown finding 'Covid'";
        QTest::newRow("twice") << QStringList{QStringLiteral("Mass/Nodule"), QStringLiteral("Mass")}
                               << "finding 'Mass' named twice";
        QTest::newRow("empty") << QStringList{QStringLiteral("/")} << "empty priority list";
    }
    void badPriority()
    {
        QFETCH(QStringList, priority);
        QFETCH(QString, message);
        try {
            TriageOrder::order(knownSet(), noAging(priority));
            QFAIL("a bad priority list was accepted");
        } catch (const StudyError& e) {
            QCOMPARE(e.code(), StudyError::Code::BadArgument);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void mismatchedItem()
    {
        std::vector<TriageItem> items = knownSet();
        items[2].thresholds.pop_back();
        QVERIFY_THROWS_EXCEPTION(StudyError, TriageOrder::order(items, noAging(kPriority)));
    }

    // A study that could not be scored comes after the negative ones, says why, and is never
    // dropped; aging lifts it like any other study.
    void unscoredStudyLastButAged()
    {
        std::vector<TriageItem> items = knownSet();
        TriageItem refused = item(QStringLiteral("lateral"), {});
        refused.unscored = QStringLiteral("refused by the input gate (lateral view)");
        items.push_back(refused);
        std::vector<TriageEntry> out = TriageOrder::order(items, noAging(kPriority));
        QCOMPARE(order(out), QStringLiteral("ptx eff cardio nodule mass hernia neg lateral"));
        const TriageEntry& e = out.back();
        QVERIFY(!e.scored);
        QVERIFY(e.topFinding.isEmpty());
        QCOMPARE(e.level, int(kPriority.size()) + 2);
        QCOMPARE(e.reasons.front(),
                 QStringLiteral("not scored: refused by the input gate (lateral view)"));
        TriageOrder::Options o = noAging(kPriority);
        o.maxWaitMinutes = 120;
        items.back().waitedMinutes = 180;
        out = TriageOrder::order(items, o);
        QCOMPARE(out.front().studyUid, QStringLiteral("lateral"));
        QVERIFY(out.front().overdue);
        // Without a reason, empty scores are still a malformed item.
        items.back().unscored.clear();
        QVERIFY_THROWS_EXCEPTION(StudyError, TriageOrder::order(items, noAging(kPriority)));
    }
};

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
