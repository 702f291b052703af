// The worker engine (core/pytorch/chexview_pytorch/worker.py in a separate Python) against the
// in-process LibTorch engine on real images, a killed worker, accelerators against the CPU, the
// CLI. Its failures without a real model run: tst_workerfailures.
#include "TestData.h"
#include "WorkerTestSupport.h"
#include "chexview/cli/Commands.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>
#include <unistd.h>

using namespace chexview;
using namespace chexview::test;

namespace {

/// Children of this process whose command line mentions worker.py.
/// utime + stime of a process in clock ticks (/proc/PID/stat fields 14 and 15); -1 if gone.
long cpuTicks(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> f = s.mid(s.lastIndexOf(')') + 2).split(' ');
    return f.size() > 12 ? f[11].toLong() + f[12].toLong() : -1;
}

QList<pid_t> workerPids()
{
    QList<pid_t> out;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const pid_t pid = pid_t(entry.toInt(&ok));
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid)),
            cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!stat.open(QIODevice::ReadOnly) || !cmd.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields[1].toInt() == getpid() &&
            cmd.readAll().contains("worker.py"))
            out << pid;
    }
    return out;
}

void compare(const AnalysisResult& a, const AnalysisResult& b, const QString& what)
{
    QCOMPARE(int(a.cams.values.size()), int(b.cams.values.size()));
    double maxCam = 0;
    for (float v : a.cams.values)
        maxCam = std::max(maxCam, double(std::abs(v)));
    for (int k = 0; k < 14; ++k)
        QVERIFY2(std::abs(a.probabilities[size_t(k)] - b.probabilities[size_t(k)]) < 1e-4,
                 qPrintable(QStringLiteral("%1 finding %2: %3 vs %4")
                                .arg(what)
                                .arg(k)
                                .arg(a.probabilities[size_t(k)])
                                .arg(b.probabilities[size_t(k)])));
    for (size_t i = 0; i < a.cams.values.size(); ++i)
        QVERIFY2(std::abs(a.cams.values[i] - b.cams.values[i]) < 1e-4 * std::max(1.0, maxCam),
                 qPrintable(QStringLiteral("%1 cam %2: %3 vs %4")
                                .arg(what)
                                .arg(i)
                                .arg(a.cams.values[i])
                                .arg(b.cams.values[i])));
}

} // namespace

class TestWorker : public QObject
{
    Q_OBJECT
    InferenceEnginePtr m_worker; // one fp32 worker shared by the tests that need a real one

private Q_SLOTS:
    void initTestCase()
    {
        m_worker = load(workerOptions());
        QVERIFY(m_worker->description().startsWith(QStringLiteral("worker, torch ")));
        // Under the torch 2 stage: it is that PyTorch that answered, not the build's.
        const QString expect = qEnvironmentVariable("CHEXVIEW_TEST_EXPECT_TORCH");
        if (!expect.isEmpty())
            QCOMPARE(m_worker->description(), QStringLiteral("worker, torch ") + expect);
        QCOMPARE(int(workerPids().size()), 1);
    }

    void workerMatchesInProcessOnRealImages()
    {
        InferenceEngine::Options o;
        o.precision = *parsePrecision(QStringLiteral("fp32"));
        o.threads = 2;
        const InferenceEnginePtr inProcess = load(o);
        QCOMPARE(inProcess->description(), QStringLiteral("LibTorch"));
        QStringList files = fixtureImages();
        QCOMPARE(files.size(), 21);
        // $CHEXVIEW_TEST_IMAGE_LIMIT (the torch 2 stage, to stay short): the first N-1 of the
        // 256 px images and the 1024 px one.
        const int limit = qEnvironmentVariableIntValue("CHEXVIEW_TEST_IMAGE_LIMIT");
        if (limit >= 2 && limit < files.size())
            files = files.mid(0, limit - 1) << files.last();
        std::vector<ModelInput> batch;
        std::vector<AnalysisResult> single;
        for (const QString& file : files) {
            const XrayImagePtr img = ImageLoader::load(file);
            const AnalysisResult a = Analyzer::analyze(*inProcess, *img);
            single.push_back(Analyzer::analyze(*m_worker, *img)); // a batch of 1
            QCOMPARE(single.back().engine, m_worker->description());
            compare(a, single.back(), file);
            batch.push_back(Preprocessor::prepare(*img, inProcess->manifest().preprocessing));
        }
        // All in one batch: the same numbers as one by one.
        const std::vector<Prediction> all = m_worker->run(batch);
        QCOMPARE(int(all.size()), int(files.size()));
        for (size_t i = 0; i < all.size(); ++i) {
            AnalysisResult r = single[i];
            r.probabilities = all[i].probabilities;
            r.cams.values = all[i].cams.values;
            compare(single[i], r, QStringLiteral("batch item %1").arg(i));
        }
    }

    void optimizedWorkerMatchesOptimizedInProcess()
    {
        InferenceEngine::Options o;
        o.precision = *parsePrecision(QStringLiteral("fp32-opt"));
        o.threads = 2;
        const InferenceEnginePtr inProcess = load(o);
        const InferenceEnginePtr worker = load(workerOptions(QStringLiteral("fp32-opt")));
        for (const QString& file : fixtureImages().mid(0, 3)) {
            const XrayImagePtr img = ImageLoader::load(file);
            compare(Analyzer::analyze(*inProcess, *img), Analyzer::analyze(*worker, *img), file);
        }
    }

    void killedWorkerGivesTypedErrorThenRecovers()
    {
        const QList<pid_t> pids = workerPids();
        QCOMPARE(int(pids.size()), 1);
        const XrayImagePtr img = ImageLoader::load(fixtureImages().first());
        const std::vector<ModelInput> big(
            32, Preprocessor::prepare(*img, m_worker->manifest().preprocessing));
        // The kill lands once the worker is computing this run: its CPU time has grown by 0.3 s
        // since the run started (no fixed sleep: on a loaded machine the worker may not have
        // read the request yet after any fixed delay). If it never does within 120 s, the test
        // fails instead of killing at an arbitrary moment.
        std::atomic<bool> running{false}, busySeen{false};
        std::thread killer([&] {
            while (!running)
                std::this_thread::yield();
            const long start = cpuTicks(pids.first());
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
            while (std::chrono::steady_clock::now() < deadline) {
                const long now = cpuTicks(pids.first());
                if (now >= 0 && start >= 0 && now - start >= sysconf(_SC_CLK_TCK) * 3 / 10) {
                    busySeen = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            ::kill(pids.first(), SIGKILL);
        });
        int code = -1;
        QString message;
        try {
            running = true;
            m_worker->run(big); // 32 images on 2 threads: seconds, so the kill lands mid-run
        } catch (const EngineError& e) {
            code = int(e.code());
            message = e.message();
        }
        killer.join();
        qInfo("%s", qPrintable(message));
        QVERIFY2(busySeen, "the worker never started computing the 32-image run");
        QCOMPARE(code, int(EngineError::Code::WorkerFailed));
        QVERIFY(message.contains(QStringLiteral("crashed or was killed")));
        // The next run starts a fresh worker and gives the right numbers again.
        const AnalysisResult r = Analyzer::analyze(*m_worker, *img);
        const QJsonObject ref =
            QJsonDocument::fromJson(readFile(modelFixture(QStringLiteral("reference.json"))))
                .object();
        const QJsonArray p = ref.value(QFileInfo(fixtureImages().first()).fileName())
                                 .toObject()
                                 .value(QStringLiteral("probabilities"))
                                 .toArray();
        for (int k = 0; k < 14; ++k)
            QVERIFY(std::abs(r.probabilities[size_t(k)] - p[k].toDouble()) < 1e-4);
        const QList<pid_t> after = workerPids();
        QCOMPARE(int(after.size()), 1);
        QVERIFY(after.first() != pids.first());
    }

    void acceleratorMatchesCpu_data()
    {
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("precision");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("cuda fp32") << "cuda"
                                   << "fp32" << 2e-3;
        QTest::newRow("cuda bf16") << "cuda"
                                   << "bf16" << 0.05;
        QTest::newRow("hpu bf16") << "hpu"
                                  << "bf16" << 0.05;
    }
    void acceleratorMatchesCpu()
    {
        QFETCH(QString, device);
        QFETCH(QString, precision);
        QFETCH(double, tolerance);
        InferenceEngine::Options o = workerOptions(precision);
        o.device = *parseDevice(device);
        const QString why = InferenceEngine::unavailableReason(*parseDevice(device), o);
        if (!why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 not present: %2").arg(device, why)));
        const InferenceEnginePtr acc = load(o);
        for (const QString& file : fixtureImages().mid(0, 5)) {
            const XrayImagePtr img = ImageLoader::load(file);
            const AnalysisResult a = Analyzer::analyze(*m_worker, *img),
                                 b = Analyzer::analyze(*acc, *img);
            for (int k = 0; k < 14; ++k)
                QVERIFY(std::abs(a.probabilities[size_t(k)] - b.probabilities[size_t(k)]) <
                        tolerance);
        }
    }

    void cliRunsTheWorker()
    {
        const QString image = fixtureImages().last();
        QString out, err;
        QTextStream o(&out), e(&err);
        QCOMPARE(
            runPredictCommand({image, QStringLiteral("--model"),
                               modelFixture(QStringLiteral("package")), QStringLiteral("--engine"),
                               QStringLiteral("worker"), QStringLiteral("--python"), testPython(),
                               QStringLiteral("--precision"), QStringLiteral("fp32")},
                              o, e),
            0);
        o.flush();
        const QJsonObject j = QJsonDocument::fromJson(out.toUtf8()).object();
        QVERIFY(j.value(QStringLiteral("engine")).toString().startsWith(QStringLiteral("worker")));
        const QJsonObject ref =
            QJsonDocument::fromJson(readFile(modelFixture(QStringLiteral("reference.json"))))
                .object();
        const double want = ref.value(QFileInfo(image).fileName())
                                .toObject()
                                .value(QStringLiteral("probabilities"))
                                .toArray()[1]
                                .toDouble();
        QVERIFY(std::abs(j.value(QStringLiteral("findings"))
                             .toObject()
                             .value(QStringLiteral("Cardiomegaly"))
                             .toDouble() -
                         want) < 1e-4);
        out.clear();
        QCOMPARE(runBenchCommand(
                     {QStringLiteral("--model"), modelFixture(QStringLiteral("package")),
                      QStringLiteral("--engine"), QStringLiteral("worker"),
                      QStringLiteral("--precision"), QStringLiteral("fp32"),
                      QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--iters"),
                      QStringLiteral("1"), QStringLiteral("--image"), image},
                     o, e),
                 0);
        o.flush();
        const QJsonObject b = QJsonDocument::fromJson(out.toUtf8()).object();
        QCOMPARE(b.value(QStringLiteral("batch")).toInt(), 2);
        const double ms = b.value(QStringLiteral("inference_ms_per_image"))
                              .toObject()
                              .value(QStringLiteral("median"))
                              .toDouble();
        QVERIFY(ms > 0);
        QVERIFY(std::abs(b.value(QStringLiteral("images_per_s")).toDouble() - 1000.0 / ms) <
                0.01 * 1000.0 / ms + 0.1);
        // An engine that does not exist: a usage error naming the engines there are, exit 2.
        QCOMPARE(
            runPredictCommand({image, QStringLiteral("--engine"), QStringLiteral("onnx")}, o, e),
            2);
        e.flush();
        QVERIFY2(err.contains(QStringLiteral("--engine takes libtorch|worker, not 'onnx'")),
                 qPrintable(err));
    }

    void cleanupTestCase()
    {
        m_worker.reset();
        QTRY_VERIFY(workerPids().isEmpty()); // no worker outlives its engine
    }
};

QTEST_GUILESS_MAIN(TestWorker)
#include "tst_worker.moc"
