// The evaluation job (core/workflow), the one implementation behind `chexview-cli evaluate` and
// the Evaluation tab: its defaults (threshold rule, batch, precision), its checks (label
// order, untrained weights), and that a failure of any kind inside it is an outcome, never a
// crash.
#include "TestData.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/workflow/EvaluationJob.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

QString package()
{
    return QStringLiteral(CHEXVIEW_MODEL_FIXTURES "/package");
}

EvaluationRequest csvRequest()
{
    EvaluationRequest q;
    q.labels = sharedData(QStringLiteral("nih/images-256/labels.csv"));
    q.predictions =
        sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv"));
    q.options.bootstrap = 20;
    return q;
}

/// A folder with the first `n` images of images-256 and a labels CSV for them.
EvaluationRequest imagesRequest(const QTemporaryDir& dir, int n)
{
    const QDir src(sharedData(QStringLiteral("nih/images-256")));
    QFile labels(src.filePath(QStringLiteral("labels.csv")));
    labels.open(QIODevice::ReadOnly);
    QByteArray out = labels.readLine();
    for (int i = 0; i < n; ++i) {
        const QByteArray line = labels.readLine();
        const QString name = QString::fromLatin1(line.split(',').front());
        QFile::copy(src.filePath(name), QDir(dir.path()).filePath(name));
        out += line;
    }
    writeFile(dir.filePath(QStringLiteral("labels.csv")), out);
    EvaluationRequest q;
    q.labels = dir.filePath(QStringLiteral("labels.csv"));
    q.imagesDir = dir.path();
    q.modelDir = package();
    q.options.bootstrap = 0;
    q.engine.threads = 1;
    return q;
}

} // namespace

class TestEvaluationJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validateRefusesBeforeRunning_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<QString>("says");
        QTest::newRow("no labels") << 0 << "labels are needed";
        QTest::newRow("no source") << 1 << "a source of scores is needed";
        QTest::newRow("heatmap threshold out of range") << 2 << "heatmap threshold";
        QTest::newRow("two comparison sources") << 4 << "one comparison source";
    }
    void validateRefusesBeforeRunning()
    {
        QFETCH(int, change);
        QFETCH(QString, says);
        EvaluationRequest q = csvRequest();
        switch (change) {
        case 0:
            q.labels.clear();
            break;
        case 1:
            q.predictions.clear();
            break;
        case 2:
            q.camThreshold = 1.5;
            break;
        case 4:
            q.imagesDir = QStringLiteral("/tmp");
            q.predictions.clear();
            q.comparePrecision = Precision::Int8;
            q.comparePredictions = QStringLiteral("p.csv");
            break;
        }
        QVERIFY2(EvaluationJob::validate(q).contains(says), qPrintable(EvaluationJob::validate(q)));
        const EvaluationOutcome o = EvaluationJob::run(q, {}, CancelToken());
        QCOMPARE(o.error, EvaluationJob::validate(q));
        QVERIFY(o.passes.empty());
    }

    // A CSV alone is judged at Youden's thresholds; once a model is named, at its package's.
    void thresholdRuleFollowsTheSource()
    {
        EvaluationRequest q = csvRequest();
        QCOMPARE(int(EvaluationJob::defaultThreshold(q)), int(ThresholdRule::Kind::Youden));
        const EvaluationOutcome youden = EvaluationJob::run(q, {}, CancelToken());
        QVERIFY2(youden.error.isEmpty(), qPrintable(youden.error));
        QCOMPARE(int(youden.report.options.threshold.kind), int(ThresholdRule::Kind::Youden));
        QCOMPARE(youden.report.images, 496);
        QCOMPARE(youden.sourceName, QStringLiteral("reproduce-chexnet_preds_images-256.csv"));
        QVERIFY(std::abs(youden.report.meanAuroc - 0.7818) < 5e-5);
        q.modelDir = package();
        QCOMPARE(int(EvaluationJob::defaultThreshold(q)), int(ThresholdRule::Kind::Manifest));
        const EvaluationOutcome manifest = EvaluationJob::run(q, {}, CancelToken());
        QCOMPARE(int(manifest.report.options.threshold.kind), int(ThresholdRule::Kind::Manifest));
        QCOMPARE(manifest.report.findings[0].threshold, 0.5); // the fixture package's
        // A precision to compare with a CSV: nothing to rerun, said, not an error.
        q.comparePrecision = Precision::Int8;
        const EvaluationOutcome noted = EvaluationJob::run(q, {}, CancelToken());
        QVERIFY(noted.error.isEmpty());
        QVERIFY(!noted.compared);
        QVERIFY2(noted.compareNote.startsWith(QStringLiteral("No comparison with int8")),
                 qPrintable(noted.compareNote));
    }

    // Images through the model: the engine's default precision (int8 on the CPU), the batch
    // default, the untrained warning — identical for every caller because the job decides.
    void imagesRunAtTheEngineDefaults()
    {
        QTemporaryDir dir;
        EvaluationRequest q = imagesRequest(dir, 5);
        q.comparePrecision = Precision::Fp32;
        QStringList stages;
        const EvaluationOutcome o = EvaluationJob::run(
            q, [&](const EvaluationProgress& p) { stages << p.stage; }, CancelToken());
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(int(o.passes.size()), 2);
        QCOMPARE(int(o.passes[0].precision), int(Precision::Int8));
        QCOMPARE(int(o.passes[1].precision), int(Precision::Fp32));
        QCOMPARE(o.passes[0].result.computed, 5);
        QCOMPARE(o.sourceName, QStringLiteral("package int8"));
        QCOMPARE(o.comparison.nameA, QStringLiteral("package int8"));
        QCOMPARE(o.comparison.nameB, QStringLiteral("package fp32"));
        QVERIFY(o.compared);
        QCOMPARE(o.warnings,
                 QStringList{QStringLiteral("untrained demo weights — scores are meaningless")});
        QVERIFY(stages.contains(QStringLiteral("scoring (int8)")));
        QVERIFY(stages.contains(QStringLiteral("scoring (fp32)")));
        QCOMPARE(int(o.report.options.threshold.kind), int(ThresholdRule::Kind::Manifest));
    }

    void cancelStopsAfterTheBatch()
    {
        QTemporaryDir dir;
        EvaluationRequest q = imagesRequest(dir, 6);
        q.batch = 2;
        const CancelToken cancel;
        const EvaluationOutcome o = EvaluationJob::run(
            q,
            [&](const EvaluationProgress& p) {
                if (p.scoring.done > 0)
                    cancel.cancel();
            },
            cancel);
        QVERIFY(o.cancelled);
        QVERIFY(o.error.isEmpty());
        QCOMPARE(o.passes.front().result.computed, 2);
    }

    // Anything thrown inside the job, typed or not, becomes outcome.error.
    void failuresInsideTheJobAreOutcomes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("cv::Exception") << 0 << QStringLiteral("internal-error: ");
        QTest::newRow("bad_alloc") << 1 << QStringLiteral("out-of-memory: ");
        QTest::newRow("missing labels") << 2 << QStringLiteral("cannot-open: ");
        QTest::newRow("not a predictions file") << 3 << QStringLiteral("not-a-predictions-file: ");
    }
    void failuresInsideTheJobAreOutcomes()
    {
        QFETCH(int, kind);
        QFETCH(QString, prefix);
        EvaluationRequest q = csvRequest();
        QTemporaryDir dir;
        if (kind < 2) {
            FaultInjection::arm("evaluation", [kind] {
                if (kind == 0)
                    throw cv::Exception(cv::Error::StsError, "injected", "job", __FILE__, __LINE__);
                throw std::bad_alloc();
            });
        } else if (kind == 2) {
            q.labels = QStringLiteral("/nonexistent/labels.csv");
        } else {
            q.predictions = dir.filePath(QStringLiteral("p.csv"));
            writeFile(q.predictions, "nothing,here\n1,2\n");
        }
        const EvaluationOutcome o = EvaluationJob::run(q, {}, CancelToken());
        FaultInjection::disarm();
        QVERIFY2(o.error.startsWith(prefix), qPrintable(o.error));
    }
};

QTEST_GUILESS_MAIN(TestEvaluationJob)
#include "tst_evaluationjob.moc"
