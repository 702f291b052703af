// Evaluation core: AUROC with ties, AP, thresholds, the patient bootstrap, readers and matching.
#include "TestData.h"
#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/dataset/LabelSource.h"
#include "chexview/dataset/LabelsCsvReader.h"
#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/ErrorRanking.h"
#include "chexview/eval/EvaluationFormatter.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/PatientBootstrap.h"
#include "chexview/eval/PredictionCsvReader.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

using Scores = std::vector<double>;
using Truth = std::vector<uint8_t>;

// A small set: 6 images of 4 patients, Atelectasis scored, other findings absent.
EvaluationSet smallSet()
{
    LabeledDataset labels;
    labels.splits.append({QStringLiteral("all"), {}});
    const char* names[] = {"00000001_000.png", "00000001_001.png", "00000002_000.png",
                           "00000003_000.png", "00000004_000.png", "00000004_001.png"};
    const uint16_t bits[] = {1, 0, 1, 0, 1, 0};
    PredictionTable p;
    const double scores[] = {0.9, 0.2, 0.6, 0.6, 0.3, 0.1};
    for (int i = 0; i < 6; ++i) {
        LabelRecord r;
        r.image = QString::fromLatin1(names[i]);
        r.patient = r.image.left(8);
        r.labels = bits[i];
        labels.splits[0].records.push_back(r);
        p.images.push_back(r.image);
        p.columns[0].push_back(scores[i]);
    }
    return EvaluationSet::fromPredictions(labels, p);
}

} // namespace

class TestEval : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void auroc_data()
    {
        QTest::addColumn<Scores>("scores");
        QTest::addColumn<Truth>("truth");
        QTest::addColumn<double>("expected");
        // Values from sklearn.metrics.roc_auc_score.
        QTest::newRow("sklearn-doc-example")
            << Scores{0.1, 0.4, 0.35, 0.8} << Truth{0, 0, 1, 1} << 0.75;
        QTest::newRow("tie-across-classes")
            << Scores{0.1, 0.5, 0.5, 0.9} << Truth{0, 1, 0, 1} << 0.875;
        QTest::newRow("all-tied") << Scores{0.5, 0.5, 0.5, 0.5} << Truth{0, 1, 0, 1} << 0.5;
        QTest::newRow("perfect") << Scores{0.1, 0.2, 0.8, 0.9} << Truth{0, 0, 1, 1} << 1.0;
        QTest::newRow("inverted") << Scores{0.9, 0.8, 0.2, 0.1} << Truth{0, 0, 1, 1} << 0.0;
        QTest::newRow("ties-within-classes")
            << Scores{0.3, 0.3, 0.7, 0.7, 0.5} << Truth{0, 0, 1, 1, 0} << 1.0;
    }
    void auroc()
    {
        QFETCH(Scores, scores);
        QFETCH(Truth, truth);
        QFETCH(double, expected);
        QVERIFY(std::abs(BinaryMetrics::auroc(scores, truth) - expected) < 1e-12);
    }

    void notComputableWithoutBothClasses()
    {
        QVERIFY(std::isnan(BinaryMetrics::auroc({0.1, 0.9}, {0, 0})));
        QVERIFY(std::isnan(BinaryMetrics::auroc({0.1, 0.9}, {1, 1})));
        QVERIFY(std::isnan(BinaryMetrics::averagePrecision({0.1, 0.9}, {0, 0})));
        QVERIFY(std::isnan(BinaryMetrics::youdenThreshold({0.1, 0.9}, {1, 1})));
    }

    void averagePrecisionAndRoc()
    {
        // sklearn.metrics.average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333...
        QVERIFY(std::abs(BinaryMetrics::averagePrecision({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}) -
                         5.0 / 6.0) < 1e-12);
        const auto roc = BinaryMetrics::rocCurve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
        QCOMPARE(int(roc.size()), 5);
        QVERIFY(std::isinf(roc[0].threshold));
        QCOMPARE(roc[1].tpr, 0.5);
        QCOMPARE(roc[2].fpr, 0.5);
        QCOMPARE(roc[4].fpr, 1.0);
        QCOMPARE(roc[4].tpr, 1.0);
    }

    void thresholds()
    {
        const Scores s{0.1, 0.4, 0.35, 0.8};
        const Truth t{0, 0, 1, 1};
        // J at 0.8: 0.5; at 0.4: 0.5 - 0.5 = 0; at 0.35: 1 - 0.5 = 0.5 -> the higher one wins.
        QCOMPARE(BinaryMetrics::youdenThreshold(s, t), 0.8);
        const ConfusionCounts c = BinaryMetrics::countsAt(s, t, 0.35);
        QCOMPARE(c.tp, int64_t(2));
        QCOMPARE(c.fp, int64_t(1));
        QCOMPARE(c.tn, int64_t(1));
        QCOMPARE(c.fn, int64_t(0));
        QCOMPARE(c.sensitivity(), 1.0);
        QCOMPARE(c.specificity(), 0.5);
        QCOMPARE(c.ppv(), 2.0 / 3.0);
        QCOMPARE(c.f1(), 0.8);
        QVERIFY(std::isnan(ConfusionCounts{}.sensitivity()));
    }

    void evaluatorLeavesNonComputableOutOfTheMean()
    {
        const EvaluationSet set = smallSet();
        QCOMPARE(set.size(), 6);
        QCOMPARE(int(set.patients.size()), 4);
        EvaluationOptions o;
        o.bootstrap = 200;
        o.threshold.kind = ThresholdRule::Kind::Fixed;
        o.threshold.value = 0.5;
        const EvaluationReport r = Evaluator::evaluate(set, o);
        // Positives 0.9, 0.6, 0.3 vs negatives 0.2, 0.6, 0.1: 7 wins + 1 tie of 9 pairs.
        QVERIFY(std::abs(r.findings[0].auroc - 7.5 / 9.0) < 1e-12);
        QCOMPARE(r.meanOver, 1);
        QCOMPARE(r.meanAuroc, r.findings[0].auroc);
        QVERIFY(r.findings[0].ciLow <= r.findings[0].auroc);
        QVERIFY(r.findings[0].ciHigh >= r.findings[0].auroc);
        QCOMPARE(r.findings[0].counts.tp, int64_t(2));
        QCOMPARE(r.findings[0].counts.fp, int64_t(1));
        QVERIFY(!r.findings[1].computable);
        QCOMPARE(r.findings[1].reason, QStringLiteral("no prediction column"));
        QVERIFY(std::isnan(r.findings[1].auroc));
        QVERIFY(!r.match.clean()); // 13 findings have no column
        const QString table = EvaluationFormatter::table(r);
        QVERIFY(table.contains(QStringLiteral("not computable: no prediction column")));
        // Its AUROC column says n/a (never 0.5).
        QVERIFY(
            QRegularExpression(QStringLiteral("\\nCardiomegaly +n/a ")).match(table).hasMatch());
    }

    void bootstrapIsDeterministicAndThreadIndependent()
    {
        const EvaluationSet set = smallSet();
        const auto a = PatientBootstrap::resampledAurocs(set, 0, 300, 42, 1);
        const auto b = PatientBootstrap::resampledAurocs(set, 0, 300, 42, 2);
        const auto c = PatientBootstrap::resampledAurocs(set, 0, 300, 43, 2);
        QCOMPARE(a.size(), size_t(300));
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])));
        int differ = 0;
        for (size_t i = 0; i < a.size(); ++i)
            differ += !(a[i] == c[i] || (std::isnan(a[i]) && std::isnan(c[i])));
        QVERIFY(differ > 50);
        for (double v : a)
            QVERIFY(std::isnan(v) || (v >= 0.0 && v <= 1.0));
        // A resample without a class is skipped (NaN), never counted as 0.5: one patient
        // holding every positive is missing from about (3/4)^4 of the resamples.
        EvaluationSet one = set;
        one.labels = {1, 0, 0, 0, 0, 0}; // only image 0 (patient 1) is positive
        const auto d = PatientBootstrap::resampledAurocs(one, 0, 400, 42);
        int nan = 0;
        for (double v : d)
            nan += std::isnan(v);
        QVERIFY2(nan > 100 && nan < 160, qPrintable(QString::number(nan))); // expected ~127
    }

    void percentileIsNumpyLinear()
    {
        QCOMPARE(PatientBootstrap::percentile({1, 2, 3, 4}, 50), 2.5);
        QCOMPARE(PatientBootstrap::percentile({4, 1, 3, 2}, 2.5), 1.075);
        QCOMPARE(PatientBootstrap::percentile({4, 1, 3, 2}, 100), 4.0);
    }

    void predictionLayouts()
    {
        QTemporaryDir dir;
        const QString prob = dir.filePath(QStringLiteral("prob.csv"));
        const QString own = dir.filePath(QStringLiteral("own.csv"));
        writeFile(prob, "Image Index,prob_Hernia,prob_Atelectasis,extra\n"
                        "a.png,0.25,0.5,x\nb.png,1.5,0.1,x\na.png,0.3,0.3,x\nc.png,0,1,x\n");
        writeFile(own, "file,model,precision,device,ms,Atelectasis,Hernia\n"
                       "\"/d/x,\\\"q\\\"/a.png\",\"m\",fp32,cpu,3.0,0.5,0.25\n");
        const PredictionTable p = PredictionCsvReader::read(prob);
        QCOMPARE(p.layout, QStringLiteral("prob_columns"));
        QCOMPARE(p.size(), 2); // b.png out of range, second a.png a duplicate
        QCOMPARE(p.images[1], QStringLiteral("c.png"));
        QCOMPARE(p.columns[13][0], 0.25);
        QCOMPARE(p.columns[0][1], 1.0);
        QVERIFY(!p.hasFinding(1));
        QCOMPARE(p.unknownColumns, QStringList{QStringLiteral("extra")});
        QCOMPARE(p.duplicates, 1);
        QCOMPARE(p.issues.size(), 2);
        const PredictionTable q = PredictionCsvReader::read(own);
        QCOMPARE(q.layout, QStringLiteral("chexview_predict"));
        QCOMPARE(q.size(), 1);
        QCOMPARE(q.images[0], QStringLiteral("a.png"));
        QCOMPARE(q.columns[0][0], 0.5);
        QCOMPARE(q.columns[13][0], 0.25);
        QVERIFY(q.unknownColumns.isEmpty());
    }

    void realLabelSources()
    {
        const LabeledDataset csv =
            LabelSource::read(sharedData(QStringLiteral("nih/images-256/labels.csv")));
        QCOMPARE(LabelSource::byImage(csv).size(), 496);
        QVERIFY(csv.issues.isEmpty());
        const auto rec = LabelSource::byImage(csv).value(QStringLiteral("00000100_000.png"));
        QCOMPARE(rec.patient, QStringLiteral("00000100"));
        QCOMPARE(int(rec.labels), 1 | 4 | 8); // Atelectasis|Effusion|Infiltration
        const LabeledDataset test =
            LabelSource::read(sharedData(QStringLiteral("nih/lists/test_list.txt")));
        QCOMPARE(test.splits.size(), 1);
        QCOMPARE(int(test.splits[0].records.size()), 22433);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 LabelSource::read(sharedData(QStringLiteral("README.md"))));
    }

    void expertBoxes()
    {
        const ExpertBoxes boxes =
            ExpertBoxes::read(sharedData(QStringLiteral("nih/meta/BBox_List_2017.csv.gz")));
        QCOMPARE(boxes.boxCount(), 984);
        QVERIFY(boxes.issues().isEmpty());
        const QList<ExpertBox> b = boxes.boxesFor(QStringLiteral("00013118_008.png"));
        QVERIFY(!b.isEmpty());
        QCOMPARE(b[0].finding, 0); // Atelectasis
        QVERIFY(std::abs(b[0].rect.x() - 225.084745762712) < 1e-9);
        const QRectF s = b[0].scaledTo(256, 256);
        QVERIFY(std::abs(s.x() - 225.084745762712 / 4) < 1e-9);
        // "Infiltrate" in the box list is the labels' Infiltration.
        const QList<ExpertBox> inf = boxes.boxesFor(QStringLiteral("00020259_002.png"));
        QCOMPARE(inf.size(), 2);
        QCOMPARE(inf[0].finding, 3); // the Infiltrate row comes first in the file
    }

    void errorRanking()
    {
        const EvaluationSet set = smallSet();
        const auto fp = ErrorRanking::falsePositives(set, 0, 0.25);
        const auto fn = ErrorRanking::falseNegatives(set, 0, 0.5);
        QCOMPARE(int(fp.size()), 1); // 0.6 negative
        QCOMPARE(set.images[fp[0].index], QStringLiteral("00000003_000.png"));
        QCOMPARE(int(fn.size()), 1); // 0.3 positive
        QCOMPARE(fn[0].probability, 0.3);
        QCOMPARE(ErrorRanking::labelText(set, 1), QStringLiteral("No Finding"));
        QCOMPARE(ErrorRanking::labelText(set, 0), QStringLiteral("Atelectasis"));
    }
};

QTEST_GUILESS_MAIN(TestEval)
#include "tst_eval.moc"
