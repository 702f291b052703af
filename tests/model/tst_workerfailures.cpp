// The worker engine's failures: misbehaving fake workers (tests/model/fake_worker.py), a missing
// interpreter, a Python without torch, absent accelerators, what the worker cannot run.
#include "TestData.h"
#include "WorkerTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

class TestWorkerFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void misbehavingWorkersGiveCleanErrors_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("run");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage instead of hello") << "garbage" << false << "not a protocol frame";
        QTest::newRow("oversized length") << "oversized" << false << "limit";
        QTest::newRow("protocol version 99") << "version" << false << "version mismatch";
        QTest::newRow("closes early") << "close-early" << false << "exited (code 5)";
        QTest::newRow("hangs on load: no progress, idle")
            << "hang-on-load" << false << "within 4 s: it reported no progress; it used 0.";
        QTest::newRow("busy on load: its last progress")
            << "busy-on-load" << false << "last progress report, 'warm-up run', came";
        QTest::newRow("oversized result") << "oversized-result" << true << "limit";
        QTest::newRow("result for the wrong batch") << "short-result" << true << "expected n=2";
        QTest::newRow("crashes on a batch") << "crash-on-run" << true << "crashing on a batch";
    }
    void misbehavingWorkersGiveCleanErrors()
    {
        QFETCH(QString, mode);
        QFETCH(bool, run);
        QFETCH(QString, message);
        qputenv("CHEXVIEW_FAKE_WORKER", mode.toUtf8());
        InferenceEngine::Options o = workerOptions();
        o.workerScript = QStringLiteral(CHEXVIEW_TESTS_DIR "/model/fake_worker.py");
        o.workerTimeoutMs = 4000;
        const auto [code, text] = failure(o, run);
        qunsetenv("CHEXVIEW_FAKE_WORKER");
        QCOMPARE(code, int(EngineError::Code::WorkerFailed));
        QVERIFY2(text.contains(message), qPrintable(text));
    }

    void missingInterpreter()
    {
        InferenceEngine::Options o = workerOptions();
        o.python = QStringLiteral("/nonexistent/python3");
        const auto [code, text] = failure(o);
        QCOMPARE(code, int(EngineError::Code::DeviceUnavailable));
        QVERIFY(text.contains(QStringLiteral("'/nonexistent/python3' could not be started")));
        const QString why = InferenceEngine::unavailableReason(Device::Cpu, o);
        QVERIFY2(why.contains(QStringLiteral("/nonexistent/python3")), qPrintable(why));
    }

    void pythonWithoutTorch()
    {
        // An interpreter whose `import torch` fails: every device unavailable, saying why.
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("site/torch")));
        writeFile(dir.filePath(QStringLiteral("site/torch/__init__.py")),
                  "raise ImportError('No module named torch (test stand-in)')\n");
        const QString python = dir.filePath(QStringLiteral("python-without-torch"));
        writeFile(python, QStringLiteral("#!/bin/sh\nPYTHONPATH='%1' exec '%2' \"$@\"\n")
                              .arg(dir.filePath(QStringLiteral("site")), testPython())
                              .toUtf8());
        QFile::setPermissions(python, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        InferenceEngine::Options o = workerOptions();
        o.python = python;
        const auto [code, text] = failure(o);
        QCOMPARE(code, int(EngineError::Code::DeviceUnavailable));
        QVERIFY2(text.contains(QStringLiteral("PyTorch cannot be imported")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("test stand-in")));
        QVERIFY(InferenceEngine::unavailableReason(Device::Cuda, o)
                    .contains(QStringLiteral("PyTorch cannot be imported")));
    }

    void acceleratorsReportWhyTheyAreMissing_data()
    {
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("reason");
        QTest::newRow("cuda") << "cuda"
                              << "CUDA";
        QTest::newRow("hpu") << "hpu"
                             << "habana_frameworks";
    }
    void acceleratorsReportWhyTheyAreMissing()
    {
        QFETCH(QString, device);
        QFETCH(QString, reason);
        InferenceEngine::Options o = workerOptions();
        const QString why = InferenceEngine::unavailableReason(*parseDevice(device), o);
        QVERIFY(InferenceEngine::unavailableReason(Device::Cpu, o).isEmpty());
        if (why.isEmpty())
            QSKIP("this machine's PyTorch has the device: see acceleratorMatchesCpu");
        QVERIFY2(why.contains(reason), qPrintable(why));
        o.device = *parseDevice(device);
        const auto [code, text] = failure(o);
        QCOMPARE(code, int(EngineError::Code::DeviceUnavailable)); // never a CPU fallback
        QCOMPARE(text, why);
    }

    void refusesWhatTheWorkerCannotRun()
    {
        const auto [code, text] = failure(workerOptions(QStringLiteral("int8")));
        QCOMPARE(code, int(EngineError::Code::LoadFailed));
        QVERIFY(text.contains(QStringLiteral("INT8 runs in-process")));
        // A package from before the float weights: the worker cannot use it, says how to fix.
        QTemporaryDir tmp;
        for (const QString& f :
             QDir(modelFixture(QStringLiteral("package"))).entryList(QDir::Files))
            QFile::copy(modelFixture(QStringLiteral("package/")) + f, tmp.filePath(f));
        QJsonObject m =
            QJsonDocument::fromJson(readFile(tmp.filePath(QStringLiteral("manifest.json"))))
                .object();
        QJsonObject files = m.value(QStringLiteral("files")).toObject();
        files.remove(QStringLiteral("weights"));
        m.insert(QStringLiteral("files"), files);
        writeFile(tmp.filePath(QStringLiteral("manifest.json")), QJsonDocument(m).toJson());
        const auto [code2, text2] = failure(workerOptions(), false, tmp.path());
        QCOMPARE(code2, int(EngineError::Code::BadPackage));
        QVERIFY(text2.contains(QStringLiteral("weights_fp32.pt")));
        // Altered weights: the manifest's SHA-256 catches them before the worker starts.
        QFile::resize(tmp.filePath(QStringLiteral("weights_fp32.pt")), 1000);
        writeFile(tmp.filePath(QStringLiteral("manifest.json")),
                  readFile(modelFixture(QStringLiteral("package/manifest.json"))));
        QCOMPARE(failure(workerOptions(), false, tmp.path()).first,
                 int(EngineError::Code::HashMismatch));
    }
};

QTEST_GUILESS_MAIN(TestWorkerFailures)
#include "tst_workerfailures.moc"
