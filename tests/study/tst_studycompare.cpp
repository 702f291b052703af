// Across studies (issue 19): the bundled hanging protocols laid over the generated studies
// (tests/tools/make_study_fixtures.py), malformed protocol files refused, and score comparison
// between a current and a prior study only for the same model package and precision.
#include "TestData.h"
#include "chexview/study/HangingProtocol.h"
#include "chexview/study/ScoreComparison.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/StudyGrouper.h"
#include "chexview/study/StudyScanner.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

QString studyFixture(const QString& rel)
{
    return QStringLiteral(CHEXVIEW_STUDY_FIXTURES) + QLatin1Char('/') + rel;
}

} // namespace

class TestStudyCompare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scoreComparison_data()
    {
        QTest::addColumn<QString>("priorSha");
        QTest::addColumn<QString>("priorPrecision");
        QTest::addColumn<bool>("priorAnalyzed");
        QTest::addColumn<QString>("reason");
        const QString sha = QString(64, QLatin1Char('a'));
        QTest::newRow("same-package") << sha << "int8" << true << "";
        QTest::newRow("other-package")
            << QString(64, QLatin1Char('b')) << "int8" << true
            << "scored by different model packages (demo aaaaaaaaaaaa… vs demo bbbbbbbbbbbb…)";
        QTest::newRow("other-precision")
            << sha << "fp32" << true << "scored at different precisions (int8 vs fp32)";
        QTest::newRow("prior-not-analyzed")
            << sha << "int8" << false << "the prior study has not been analyzed";
        QTest::newRow("unknown-package")
            << QString() << "int8" << true << "the model package of one study is unknown";
    }
    void scoreComparison()
    {
        QFETCH(QString, priorSha);
        QFETCH(QString, priorPrecision);
        QFETCH(bool, priorAnalyzed);
        QFETCH(QString, reason);
        const QStringList findings{QStringLiteral("Cardiomegaly"), QStringLiteral("Effusion")};
        const ScoredStudy current{QStringLiteral("1.2"),
                                  QStringLiteral("demo"),
                                  QString(64, QLatin1Char('a')),
                                  QStringLiteral("int8"),
                                  findings,
                                  {0.5, 0.62}};
        ScoredStudy prior{
            QStringLiteral("1.1"), QStringLiteral("demo"), priorSha, priorPrecision, findings, {}};
        if (priorAnalyzed)
            prior.scores = {0.55, 0.31};
        const ScoreComparison::Result r = ScoreComparison::compare(current, prior);
        QCOMPARE(r.comparable, reason.isEmpty());
        QVERIFY2(reason.isEmpty() ? r.reason.isEmpty() : r.reason.startsWith(reason),
                 qPrintable(r.reason));
        if (reason.isEmpty()) {
            QCOMPARE(int(r.deltas.size()), 2);
            QCOMPARE(r.deltas[1].text(), QStringLiteral("Effusion 0.31 \u2192 0.62"));
            QVERIFY(std::abs(r.deltas[0].delta() - (-0.05)) < 1e-12);
        } else {
            QVERIFY(r.deltas.empty());
        }
    }

    void packageSha256()
    {
        QTemporaryDir tmp;
        writeFile(tmp.filePath(QStringLiteral("manifest.json")), "abc");
        QCOMPARE(
            ScoreComparison::packageSha256(tmp.path()),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QVERIFY(ScoreComparison::packageSha256(tmp.filePath(QStringLiteral("none"))).isEmpty());
    }

    // The bundled protocols on the generated studies: PA + lateral with a prior -> 2x2, frontal
    // with a prior -> 2x1 current | prior, PA + lateral alone -> 2x1 frontal | lateral, one
    // frontal -> single.
    void hangingProtocol()
    {
        const std::vector<HangingProtocol::Protocol> protocols = HangingProtocol::load(
            QStringLiteral(CHEXVIEW_SOURCE_RESOURCES "/hanging/chest-cr-dx.json"));
        QCOMPARE(int(protocols.size()), 4);
        const QList<PatientStudies> g = StudyGrouper::group(
            StudyScanner::scan({studyFixture(QStringLiteral("tree"))}, {}).instances);
        const PatientStudies& p = g.first();
        const Study* s11 = p.find(QStringLiteral("1.2.826.0.1.3680043.10.1119.1.1"));
        const Study* s12 = p.find(QStringLiteral("1.2.826.0.1.3680043.10.1119.1.2"));
        const Study* s13 = p.find(QStringLiteral("1.2.826.0.1.3680043.10.1119.1.3"));
        QVERIFY(s11 && s12 && s13);
        auto names = [](const HangingProtocol::Arrangement& a) {
            QStringList n;
            for (const StudyInstance& i : a.instances)
                n << (i.path.isEmpty() ? QStringLiteral("-")
                                       : i.path.section(QLatin1Char('/'), -2));
            return n.join(QLatin1Char(' '));
        };
        HangingProtocol::Arrangement a = HangingProtocol::arrange(protocols, *s13, s12);
        QCOMPARE(a.protocol, QStringLiteral("Current and prior, frontal and lateral (2x2)"));
        QCOMPARE(a.rows * 10 + a.columns, 22);
        QCOMPARE(names(a), QStringLiteral("a_visit/IMG0001.dcm a_visit/IMG0002.dcm deeper/IM0 -"));
        a = HangingProtocol::arrange(protocols, *s12, s11);
        QCOMPARE(a.protocol, QStringLiteral("Current and prior frontal (2x1)"));
        QCOMPARE(names(a), QStringLiteral("deeper/IM0 b_visit/IMG0001.dcm"));
        a = HangingProtocol::arrange(protocols, *s13, nullptr);
        QCOMPARE(a.protocol, QStringLiteral("Frontal and lateral (2x1)"));
        QCOMPARE(names(a), QStringLiteral("a_visit/IMG0001.dcm a_visit/IMG0002.dcm"));
        a = HangingProtocol::arrange(protocols, *s11, nullptr);
        QCOMPARE(a.protocol, QStringLiteral("Single image"));
        QCOMPARE(a.rows * 10 + a.columns, 11);
        QCOMPARE(HangingProtocol::viewClass(QStringLiteral("LATERAL")), QStringLiteral("lateral"));
        QCOMPARE(HangingProtocol::viewClass(QStringLiteral("ap")), QStringLiteral("frontal"));
        // Malformed files are refused with the reason.
        QTemporaryDir tmp;
        const QString bad = tmp.filePath(QStringLiteral("h.json"));
        writeFile(
            bad,
            R"({"format":"chexview-hanging-protocols","version":1,"protocols":[{"name":"x","rows":3,"columns":1,"cells":[]}]})");
        try {
            HangingProtocol::load(bad);
            QFAIL("a 3-row grid was accepted");
        } catch (const StudyError& e) {
            QVERIFY2(e.message().contains(QStringLiteral("1-2 rows and columns")),
                     qPrintable(e.message()));
        }
        writeFile(bad, R"({"format":"other","version":1})");
        QVERIFY_THROWS_EXCEPTION(StudyError, HangingProtocol::load(bad));
    }
};

QTEST_GUILESS_MAIN(TestStudyCompare)
#include "tst_studycompare.moc"
