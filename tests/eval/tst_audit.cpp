// Research audits with answers known in advance: ECE / Brier on hand-made scores, subgroup
// AUROCs against the plain AUROC of each group, a paired gap that must be exactly 0, the
// underdiagnosis count, recalibration maps (fitted temperature recovers a known one; isotonic is
// monotone; a bad manifest map is refused) and the readers of expert labels and attributes,
// including the real Google relabel file.
#include "TestData.h"
#include "chexview/dataset/DatasetError.h"
#include "chexview/dataset/ExpertLabels.h"
#include "chexview/dataset/ImageAttributes.h"
#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/Calibration.h"
#include "chexview/eval/ExpertFormatter.h"
#include "chexview/eval/RecalibrationFit.h"
#include "chexview/eval/SubgroupAudit.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace chexview;
using chexview::test::sharedData;

namespace {

// n images, one per patient, finding 0 positive on every third, scores seeded.
EvaluationSet makeSet(int n, unsigned seed)
{
    EvaluationSet s;
    s.scores.assign(size_t(kFindingCount), {});
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < n; ++i) {
        s.images << QStringLiteral("%1_000.png").arg(i, 8, 10, QLatin1Char('0'));
        s.patients << QString::number(i);
        s.patientIndex.push_back(i);
        const bool pos = i % 3 == 0;
        s.labels.push_back(uint16_t(pos ? 1u : 0u));
        s.scores[0].push_back(std::round((u(rng) * 0.7 + (pos ? 0.3 : 0.0)) * 100) / 100);
    }
    return s;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    QFile f(dir.filePath(name));
    f.open(QIODevice::WriteOnly);
    f.write(text);
    return f.fileName();
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eceAndBrierOnKnownScores()
    {
        const CalibrationMetrics m =
            Calibration::measure({0.05, 0.05, 0.95, 0.95, 0.5}, {0, 1, 1, 1, 0});
        // bin 0: |0.05 - 0.5| * 2/5; bin 14: |0.95 - 1| * 2/5; bin 7: |0.5 - 0| * 1/5
        QVERIFY(std::abs(m.ece - 0.30) < 1e-12);
        QVERIFY(std::abs(m.brier - 0.232) < 1e-12);
        QCOMPARE(m.bins.size(), size_t(15));
        QCOMPARE(m.bins[7].count, int64_t(1));
        QCOMPARE(m.bins[14].fractionPositive, 1.0);
        QCOMPARE(Calibration::binOf(1.0), 14);
        QCOMPARE(Calibration::binOf(0.0), 0);
        QCOMPARE(Calibration::binOf(0.2), 3);
        // Perfectly calibrated within each bin: ECE 0.
        QCOMPARE(Calibration::measure({0.5, 0.5}, {0, 1}).ece, 0.0);
        QVERIFY(std::isnan(Calibration::measure({}, {}).ece));
    }

    void subgroupAurocEqualsGroupAuroc()
    {
        const EvaluationSet set = makeSet(120, 3);
        SubgroupAttribute a;
        a.name = QStringLiteral("half");
        a.groups = {QStringLiteral("A"), QStringLiteral("B")};
        for (int i = 0; i < set.size(); ++i)
            a.groupOf.push_back(i < 50 ? 0 : (i < 110 ? 1 : -1));
        std::vector<double> thresholds(size_t(kFindingCount), std::nan(""));
        thresholds[0] = 0.5;
        EvaluationOptions o;
        o.bootstrap = 200;
        const SubgroupReport r = SubgroupAudit::audit(set, {a}, thresholds, o);
        QCOMPARE(r.groups.size(), size_t(2));
        for (int g = 0; g < 2; ++g) {
            std::vector<double> s;
            std::vector<uint8_t> t;
            int64_t under = 0, eligible = 0;
            for (int i = 0; i < set.size(); ++i)
                if (a.groupOf[size_t(i)] == g) {
                    s.push_back(set.scores[0][size_t(i)]);
                    t.push_back(uint8_t(set.positive(i, 0)));
                    eligible += set.positive(i, 0);
                    under += set.positive(i, 0) && set.scores[0][size_t(i)] < 0.5;
                }
            const SubgroupFinding& f = r.groups[size_t(g)].findings[0];
            QCOMPARE(f.auroc, BinaryMetrics::auroc(s, t));
            QCOMPARE(f.counts.tp + f.counts.fn, int64_t(f.positives));
            QCOMPARE(r.groups[size_t(g)].underdiagnosis.underdiagnosed, under);
            QCOMPARE(r.groups[size_t(g)].underdiagnosis.eligible, eligible);
            QVERIFY(f.ciLow <= f.auroc && f.auroc <= f.ciHigh);
            QVERIFY(!r.groups[size_t(g)].findings[1].computable); // no scores
        }
        QCOMPARE(r.groups[0].images, 50);
        QCOMPARE(r.attributes[0].groupOf[115], -1);
        QCOMPARE(r.gaps.size(), size_t(1));
        QCOMPARE(r.gaps[0].reference, QStringLiteral("B")); // the larger group
        QCOMPARE(r.gaps[0].findings[0].gap,
                 r.groups[0].findings[0].auroc - r.groups[1].findings[0].auroc);
    }

    void pairedGapOfIdenticalGroupsIsZero()
    {
        // Every patient has two identical images, one in group A and one in group B: any
        // resample draws both alike, so a paired gap is 0 in each resample (an unpaired
        // bootstrap would spread it).
        const EvaluationSet base = makeSet(60, 5);
        EvaluationSet set = base;
        SubgroupAttribute a;
        a.name = QStringLiteral("copy");
        a.groups = {QStringLiteral("A"), QStringLiteral("B")};
        a.groupOf.assign(size_t(base.size()), 0);
        for (int i = 0; i < base.size(); ++i) {
            set.images << base.images[i] + QStringLiteral("b");
            set.patientIndex.push_back(base.patientIndex[size_t(i)]);
            set.labels.push_back(base.labels[size_t(i)]);
            set.scores[0].push_back(base.scores[0][size_t(i)]);
            a.groupOf.push_back(1);
        }
        EvaluationOptions o;
        o.bootstrap = 300;
        const SubgroupReport r = SubgroupAudit::audit(set, {a}, std::vector<double>(14, 0.5), o);
        QCOMPARE(r.gaps.size(), size_t(1));
        QCOMPARE(r.gaps[0].findings[0].gap, 0.0);
        QCOMPARE(r.gaps[0].findings[0].ciLow, 0.0);
        QCOMPARE(r.gaps[0].findings[0].ciHigh, 0.0);
        QCOMPARE(r.gaps[0].findings[0].ciResamples, 300);
        QVERIFY(r.groups[0].findings[0].ciHigh > r.groups[0].findings[0].ciLow);
    }

    void ageBands_data()
    {
        QTest::addColumn<QString>("age");
        QTest::addColumn<QString>("band");
        QTest::newRow("zero") << "0"
                              << "0-20";
        QTest::newRow("19") << "19"
                            << "0-20";
        QTest::newRow("20") << "20"
                            << "20-40";
        QTest::newRow("79") << "79"
                            << "60-80";
        QTest::newRow("80") << "80"
                            << "80+";
        QTest::newRow("148 (a Data_Entry typo)") << "148"
                                                 << "80+";
        QTest::newRow("negative") << "-3"
                                  << "";
        QTest::newRow("text") << "old"
                              << "";
    }
    void ageBands()
    {
        QFETCH(QString, age);
        QFETCH(QString, band);
        QCOMPARE(SubgroupAttributes::ageBand(age), band);
    }

    void temperatureFitRecoversKnownTemperature()
    {
        // Truth drawn from sigmoid(z); the model reports sigmoid(3 z): T = 3, a = 1/3.
        std::mt19937_64 rng(11);
        std::normal_distribution<double> n(0.0, 1.5);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        std::vector<double> scores;
        std::vector<uint8_t> truth;
        for (int i = 0; i < 20000; ++i) {
            const double z = n(rng);
            truth.push_back(uint8_t(u(rng) < 1.0 / (1.0 + std::exp(-z))));
            scores.push_back(1.0 / (1.0 + std::exp(-3.0 * z)));
        }
        const Recalibration::Map t =
            RecalibrationFit::fit(Recalibration::Method::Temperature, scores, truth);
        QVERIFY2(std::abs(t.a - 1.0 / 3.0) < 0.02, qPrintable(QString::number(t.a)));
        QCOMPARE(t.b, 0.0);
        const Recalibration::Map p =
            RecalibrationFit::fit(Recalibration::Method::Platt, scores, truth);
        QVERIFY(std::abs(p.a - 1.0 / 3.0) < 0.02 && std::abs(p.b) < 0.05);
        Recalibration r;
        r.method = Recalibration::Method::Temperature;
        r.findings.assign(1, t);
        std::vector<double> fixed;
        for (double s : scores)
            fixed.push_back(r.apply(0, s));
        const double before = Calibration::measure(scores, truth).ece;
        const double after = Calibration::measure(fixed, truth).ece;
        QVERIFY2(before > 0.08 && after < 0.02,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    }

    void isotonicIsMonotoneAndFitsSteps()
    {
        const Recalibration::Map m = RecalibrationFit::fit(
            Recalibration::Method::Isotonic, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {0, 1, 0, 1, 1, 1});
        // PAV: 0.1 -> 0; (0.2, 0.3) pooled to 0.5; (0.4..0.6) -> 1
        QCOMPARE(m.x.size(), size_t(3));
        QCOMPARE(m.y[0], 0.0);
        QCOMPARE(m.y[1], 0.5);
        QCOMPARE(m.y[2], 1.0);
        QVERIFY(std::abs(m.x[1] - 0.25) < 1e-12);
        Recalibration r;
        r.method = Recalibration::Method::Isotonic;
        r.findings.assign(1, m);
        QCOMPARE(r.apply(0, 0.0), 0.0);
        QCOMPARE(r.apply(0, 0.25), 0.5);
        QCOMPARE(r.apply(0, 0.9), 1.0);
        Recalibration back;
        QString error;
        QVERIFY(Recalibration::fromJson(r.toJson(), 1, back, error));
        QCOMPARE(back.apply(0, 0.175), r.apply(0, 0.175));
    }

    void badCalibrationIsRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("unknown method") << QByteArray(R"({"method":"magic","findings":[{}]})");
        QTest::newRow("negative a")
            << QByteArray(R"({"method":"platt","findings":[{"a":-1,"b":0}]})");
        QTest::newRow("temperature with bias")
            << QByteArray(R"({"method":"temperature","findings":[{"a":1,"b":0.5}]})");
        QTest::newRow("wrong count")
            << QByteArray(R"({"method":"platt","findings":[{"a":1,"b":0},{"a":1,"b":0}]})");
        QTest::newRow("isotonic decreasing")
            << QByteArray(R"({"method":"isotonic","findings":[{"x":[0.1,0.5],"y":[0.6,0.2]}]})");
        QTest::newRow("isotonic outside [0,1]")
            << QByteArray(R"({"method":"isotonic","findings":[{"x":[0.1,2],"y":[0.1,0.2]}]})");
    }
    void badCalibrationIsRefused()
    {
        QFETCH(QByteArray, json);
        Recalibration r;
        QString error;
        QVERIFY(!Recalibration::fromJson(QJsonDocument::fromJson(json).object(), 1, r, error));
        QVERIFY(!error.isEmpty());
    }

    void expertLabelsOfTheRealFile()
    {
        const ExpertLabelTable t =
            ExpertLabels::read(sharedData("nih/meta/google2019_nih-chest-xray-labels.csv.gz"));
        QCOMPARE(t.byImage.size(), 4376);
        QVERIFY(t.issues.isEmpty());
        std::array<int, 4> yes{};
        for (const ExpertLabelTable::Record& r : t.byImage)
            for (int k = 0; k < 4; ++k)
                yes[size_t(k)] += r.values[size_t(k)] == 1;
        QCOMPARE(yes[0], 186);  // Fracture
        QCOMPARE(yes[1], 238);  // Pneumothorax
        QCOMPARE(yes[2], 2166); // Airspace opacity
        QCOMPARE(yes[3], 605);  // Nodule or mass
        const ExpertLabelTable::Record& r = t.byImage.value(QStringLiteral("00000013_026.png"));
        QCOMPARE(r.patient, QStringLiteral("00000013"));
        QCOMPARE(int(r.values[1]), 1); // Pneumothorax YES
        // NIH says Cardiomegaly|Emphysema there: no Pneumothorax.
        QCOMPARE(ExpertFormatter::labelComparison(7, uint16_t(1u << 1 | 1u << 10), r),
                 QStringLiteral("NIH: no · radiologists: yes"));
        QCOMPARE(ExpertFormatter::labelComparison(5, uint16_t(1u << 4), r).left(10),
                 QStringLiteral("NIH: Mass "));
        QCOMPARE(ExpertFormatter::labelComparison(1, 0, r), QString()); // Cardiomegaly: none
    }

    void malformedExpertAndAttributeFiles()
    {
        QTemporaryDir dir;
        const QString bad = writeFile(dir, "e.csv",
                                      "Image Index,Patient ID,Fracture,Pneumothorax,Airspace "
                                      "opacity,Nodule or mass\n"
                                      "a_000.png,1,NO,YES,NO,NO\n"
                                      "b_000.png,2,NO,MAYBE,NO,NO\n"
                                      "c_000.png,3,NO\n"
                                      "a_000.png,1,NO,NO,NO,NO\n");
        const ExpertLabelTable t = ExpertLabels::read(bad);
        QCOMPARE(t.byImage.size(), 1);
        QCOMPARE(t.issues.size(), 3);
        QVERIFY(t.issues[0].message.contains(QStringLiteral("MAYBE")));
        try {
            ExpertLabels::read(writeFile(dir, "n.csv", "Image Index,Finding Labels\nx,y\n"));
            QFAIL("a file without the expert columns was read");
        } catch (const DatasetError& e) {
            QCOMPARE(e.code(), DatasetError::Code::NotALabelFile);
        }
        const QString attrs = writeFile(dir, "d.csv", "Image Index,Patient Gender\na,F\nb\n");
        const ImageAttributeTable a =
            ImageAttributes::read(attrs, {QStringLiteral("Patient Gender")});
        QCOMPARE(a.values.value(QStringLiteral("a")), QStringList{QStringLiteral("F")});
        QCOMPARE(a.issues.size(), 1);
        try {
            ImageAttributes::read(attrs, {QStringLiteral("Patient Age")});
            QFAIL("a missing column was accepted");
        } catch (const DatasetError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("Patient Gender")));
        }
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
