// The triage worklist job (core/workflow), the one behind `chexview-cli worklist` and the
// Worklist panel: every decoded image goes through the input gate; a study whose images are
// all refused is not scored but stays on the list, last, with the gate's reason (and ahead of
// everyone once it has waited the maximum wait); --force scores it; scores equal Analyzer's.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/workflow/WorklistJob.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

InferenceEnginePtr loadEngine()
{
    InferenceEngine::Options o;
    o.precision = Precision::Fp32;
    o.threads = 1;
    return InferenceEngine::load(
        ModelManifest::load(QStringLiteral(CHEXVIEW_MODEL_FIXTURES "/package")), o);
}

PatientStudies patient(const QString& id, const QString& studyUid, const QString& date,
                       const QString& path)
{
    StudyInstance i;
    i.path = path;
    i.viewPosition = QStringLiteral("PA");
    StudySeries se;
    se.seriesUid = studyUid + QStringLiteral(".1");
    se.viewPosition = QStringLiteral("PA");
    se.instances.push_back(i);
    Study s;
    s.studyUid = studyUid;
    s.date = date;
    s.time = QStringLiteral("080000");
    s.series.push_back(se);
    PatientStudies p;
    p.patientId = id;
    p.studies.push_back(s);
    return p;
}

} // namespace

class TestWorklistJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // 32 x 32 px: "shorter side under 64 px", which the gate refuses.
        m_tiny = m_dir.filePath(QStringLiteral("tiny.png"));
        QImage tiny(32, 32, QImage::Format_Grayscale8);
        tiny.fill(120);
        QVERIFY(tiny.save(m_tiny));
        m_film = sharedData(QStringLiteral("nih/images-256/00000075_000.png"));
        m_engine = loadEngine();
    }

    void refusedStudyIsListedLastWithTheReason()
    {
        WorklistRequest q;
        q.patients = {patient(QStringLiteral("P2"), QStringLiteral("2.2"),
                              QStringLiteral("20240102"), m_tiny),
                      patient(QStringLiteral("P1"), QStringLiteral("1.1"),
                              QStringLiteral("20240102"), m_film)};
        q.triage.agingStepMinutes = 0; // no aging: the order is by level alone
        q.triage.maxWaitMinutes = 0;
        q.now = QDateTime(QDate(2024, 1, 2), QTime(9, 0));
        const WorklistOutcome out = WorklistJob::run(*m_engine, q);
        QCOMPARE(int(out.entries.size()), 2);
        QCOMPARE(out.unscoredStudies, 1);
        QCOMPARE(out.refused.size(), 1);
        QVERIFY2(out.refused[0].startsWith(QStringLiteral("tiny.png: ")),
                 qPrintable(out.refused[0]));
        const TriageEntry& first = out.entries[0];
        const TriageEntry& last = out.entries[1];
        QCOMPARE(first.studyUid, QStringLiteral("1.1"));
        QVERIFY(first.scored);
        QCOMPARE(last.studyUid, QStringLiteral("2.2"));
        QCOMPARE(last.rank, 2);
        QVERIFY(!last.scored);
        QVERIFY(last.topFinding.isEmpty());
        QVERIFY2(last.reasons.join(' ').contains(QStringLiteral("not scored: refused by the input "
                                                                "gate")),
                 qPrintable(last.reasons.join(' ')));
        QVERIFY(last.reasons.join(' ').contains(QStringLiteral("under 64 px")));
        // The scored study's score is the model's, as one analysis gives it.
        const AnalysisResult a = Analyzer::analyze(*m_engine, *ImageLoader::load(m_film));
        const int k = int(a.labels.indexOf(first.topFinding));
        QVERIFY(k >= 0);
        QVERIFY(std::abs(first.score - double(a.probabilities[size_t(k)])) < 1e-5);
        QCOMPARE(out.studies[1].images, 1);
        QCOMPARE(out.studies[0].images, 0);
    }

    void overdueUnscoredStudyGoesFirst()
    {
        WorklistRequest q;
        q.patients = {patient(QStringLiteral("P1"), QStringLiteral("1.1"),
                              QStringLiteral("20240102"), m_film),
                      patient(QStringLiteral("P2"), QStringLiteral("2.2"),
                              QStringLiteral("20231230"), m_tiny)};
        q.triage.maxWaitMinutes = 240;
        q.now = QDateTime(QDate(2024, 1, 2), QTime(9, 0));
        const WorklistOutcome out = WorklistJob::run(*m_engine, q);
        QCOMPARE(out.entries[0].studyUid, QStringLiteral("2.2")); // waited 3 days: read next
        QVERIFY(out.entries[0].overdue);
        QVERIFY(!out.entries[0].scored);
    }

    void forceScoresTheRefusedStudy()
    {
        WorklistRequest q;
        q.patients = {patient(QStringLiteral("P2"), QStringLiteral("2.2"),
                              QStringLiteral("20240102"), m_tiny)};
        q.scoring.forceGated = true;
        const WorklistOutcome out = WorklistJob::run(*m_engine, q);
        QCOMPARE(int(out.entries.size()), 1);
        QVERIFY(out.entries[0].scored);
        QCOMPARE(out.unscoredStudies, 0);
        QVERIFY(out.refused.isEmpty());
        QCOMPARE(out.studies[0].images, 1);
    }

    void badPriorityIsAnErrorBeforeScoring()
    {
        WorklistRequest q;
        q.patients = {patient(QStringLiteral("P1"), QStringLiteral("1.1"), {}, m_film)};
        q.triage.priority = {QStringLiteral("Pneumothorax"), QStringLiteral("Nonsense")};
        QVERIFY_THROWS_EXCEPTION(StudyError, WorklistJob::run(*m_engine, q));
    }

private:
    QTemporaryDir m_dir;
    QString m_tiny;
    QString m_film;
    InferenceEnginePtr m_engine;
};

QTEST_MAIN(TestWorklistJob)
#include "tst_worklistjob.moc"
