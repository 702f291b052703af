// The worker protocol's codec on byte buffers: round trips, and refusals of garbage, other
// versions, oversized lengths and results that disagree with their shape (no process here).
#include "chexview/model/WorkerProtocol.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <array>
#include <cstring>

using namespace chexview;
using P = WorkerProtocol;

namespace {

QByteArray header(quint16 version, quint16 type, quint32 length, quint32 id = 1)
{
    QByteArray h(16, '\0');
    std::memcpy(h.data(), "CXWP", 4);
    qToLittleEndian<quint16>(version, h.data() + 4);
    qToLittleEndian<quint16>(type, h.data() + 6);
    qToLittleEndian<quint32>(length, h.data() + 8);
    qToLittleEndian<quint32>(id, h.data() + 12);
    return h;
}

QByteArray resultPayload(quint32 n, quint32 k, quint32 h, quint32 w, quint32 dtype, qsizetype body)
{
    QByteArray p(20, '\0');
    for (int i = 0; i < 5; ++i)
        qToLittleEndian<quint32>(std::array<quint32, 5>{n, k, h, w, dtype}[size_t(i)],
                                 p.data() + 4 * i);
    return p + QByteArray(body, '\0');
}

} // namespace

class TestWorkerProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void frameRoundTripInPieces()
    {
        const QByteArray payload = "{\"a\":1}";
        const QByteArray bytes =
            P::encodeFrame(P::Type::Ready, 42, payload) + P::encodeFrame(P::Type::Bye, 43, {});
        QCOMPARE(bytes.size(), 16 + payload.size() + 16);
        QCOMPARE(bytes.left(4), QByteArray("CXWP"));
        QByteArray buffer;
        P::Frame f;
        QString error;
        // Byte by byte: NeedMore until the first frame is complete, then exactly it.
        int taken = 0;
        for (int i = 0; i < bytes.size(); ++i) {
            buffer.append(bytes[i]);
            const P::Take t = P::takeFrame(buffer, f, error);
            QVERIFY2(t != P::Take::Invalid, qPrintable(error));
            if (t == P::Take::Taken) {
                ++taken;
                if (taken == 1) {
                    QCOMPARE(i, 16 + payload.size() - 1);
                    QCOMPARE(f.type, P::Type::Ready);
                    QCOMPARE(f.requestId, 42u);
                    QCOMPARE(f.payload, payload);
                } else {
                    QCOMPARE(f.type, P::Type::Bye);
                    QCOMPARE(f.requestId, 43u);
                    QVERIFY(f.payload.isEmpty());
                }
            }
        }
        QCOMPARE(taken, 2);
        QVERIFY(buffer.isEmpty());
    }

    void refusesBadStreams_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage text")
            << QByteArray("Traceback (most recent call last):\n") << "not a protocol frame";
        QTest::newRow("garbage, 2 bytes") << QByteArray("Tr") << "not a protocol frame";
        QTest::newRow("version 1 (before PROGRESS)") << header(1, 1, 0) << "version mismatch";
        QTest::newRow("unknown type") << header(P::kVersion, 99, 0) << "unknown message type 99";
        QTest::newRow("type after PROGRESS")
            << header(P::kVersion, 9, 0) << "unknown message type 9";
        QTest::newRow("oversized length, header only")
            << header(P::kVersion, 5, 0xFFFFFFF0u) << "limit";
        QTest::newRow("just over the limit")
            << header(P::kVersion, 5, P::kMaxPayload + 1) << "limit";
    }
    void refusesBadStreams()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        P::Frame f;
        QString error;
        QCOMPARE(P::takeFrame(bytes, f, error), P::Take::Invalid);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void perRequestLimit()
    {
        QByteArray b = header(P::kVersion, 5, 2000);
        P::Frame f;
        QString error;
        QCOMPARE(P::takeFrame(b, f, error, 1000), P::Take::Invalid);
        QVERIFY(error.contains(QStringLiteral("1000-byte limit")));
        b = header(P::kVersion, 5, 2000);
        QCOMPARE(P::takeFrame(b, f, error, 4000), P::Take::NeedMore); // header fine, no body yet
    }

    void runEncoding()
    {
        std::vector<ModelInput> batch(2);
        for (int i = 0; i < 2; ++i) {
            batch[size_t(i)].channels = 3;
            batch[size_t(i)].size = 4;
            batch[size_t(i)].data.assign(48, float(i) + 0.5f);
        }
        const QByteArray run = P::encodeRun(batch);
        QCOMPARE(run.size(), 20 + 2 * 48 * 4);
        QCOMPARE(qFromLittleEndian<quint32>(run.constData()), 2u);
        QCOMPARE(qFromLittleEndian<quint32>(run.constData() + 4), 3u);
        QCOMPARE(qFromLittleEndian<quint32>(run.constData() + 8), 4u);
        QCOMPARE(qFromLittleEndian<quint32>(run.constData() + 16), 0u); // float32
        float second;
        std::memcpy(&second, run.constData() + 20 + 48 * 4, 4);
        QCOMPARE(second, 1.5f);
    }

    void resultDecoding()
    {
        QByteArray p = resultPayload(2, 14, 7, 7, 0, 2 * (14 + 14 * 49) * 4);
        const float prob = 0.25f, cam = -3.0f;
        std::memcpy(p.data() + 20 + 14 * 4, &prob, 4);                  // second image, class 0
        std::memcpy(p.data() + 20 + 2 * 14 * 4 + 14 * 49 * 4, &cam, 4); // second image's CAMs
        std::vector<Prediction> out;
        QString error;
        QVERIFY2(P::decodeResult(p, 2, out, error), qPrintable(error));
        QCOMPARE(int(out.size()), 2);
        QCOMPARE(out[1].probabilities[0], 0.25f);
        QCOMPARE(out[1].cams.values[0], -3.0f);
        QCOMPARE(int(out[1].cams.values.size()), 14 * 49);
        QCOMPARE(out[0].cams.height, 7);
    }

    void resultRefusals_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("message");
        QTest::newRow("short header") << QByteArray(10, '\0') << "shorter than its header";
        QTest::newRow("wrong count")
            << resultPayload(1, 14, 7, 7, 0, (14 + 14 * 49) * 4) << "expected n=2";
        QTest::newRow("13 classes") << resultPayload(2, 13, 7, 7, 0, 0) << "classes=13";
        QTest::newRow("huge CAM side") << resultPayload(2, 14, 100000, 100000, 0, 0) << "cam=";
        QTest::newRow("float16") << resultPayload(2, 14, 7, 7, 1, 0) << "dtype=1";
        QTest::newRow("body too short") << resultPayload(2, 14, 7, 7, 0, 100) << "needs";
        QTest::newRow("body too long")
            << resultPayload(2, 14, 7, 7, 0, 2 * (14 + 14 * 49) * 4 + 4) << "needs";
    }
    void resultRefusals()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, message);
        std::vector<Prediction> out;
        QString error;
        QVERIFY(!P::decodeResult(payload, 2, out, error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void controlMessages()
    {
        P::Hello hello;
        QString error;
        QVERIFY(P::decodeHello(R"({"protocol":2,"torch":"2.4.0","devices":{"cpu":"","cuda":"",)"
                               R"("hpu":"no habana_frameworks"},"device_names":{"cuda":"H100"}})",
                               hello, error));
        QCOMPARE(hello.torch, QStringLiteral("2.4.0"));
        QVERIFY(hello.unavailable.value(QStringLiteral("cuda")).isEmpty());
        QCOMPARE(hello.unavailable.value(QStringLiteral("hpu")),
                 QStringLiteral("no habana_frameworks"));
        QCOMPARE(hello.deviceNames.value(QStringLiteral("cuda")), QStringLiteral("H100"));
        QVERIFY(!P::decodeHello(R"({"protocol":1,"devices":{"cpu":""}})", hello, error));
        QVERIFY(error.contains(QStringLiteral("version mismatch")));
        QVERIFY(!P::decodeHello("not json", hello, error));
        QVERIFY(!P::decodeHello(R"({"protocol":2,"devices":{"cpu":7}})", hello, error));
        P::Ready ready;
        QVERIFY(
            P::decodeReady(R"({"device":"cuda:0","cams":[14,7,7],"load_ms":12.5})", ready, error));
        QCOMPARE(ready.device, QStringLiteral("cuda:0"));
        QCOMPARE(ready.loadMs, 12.5);
        QVERIFY(!P::decodeReady(R"({"device":"cpu","cams":[14,0,7]})", ready, error));
        P::Error e;
        QVERIFY(P::decodeError(R"({"code":"load-failed","message":"no such file"})", e, error));
        QCOMPARE(e.code, QStringLiteral("load-failed"));
        QVERIFY(!P::decodeError(R"({"message":"x"})", e, error));
        P::Progress p;
        QVERIFY(P::decodeProgress(R"({"stage":"warm-up run","elapsed_ms":812.5})", p, error));
        QCOMPARE(p.stage, QStringLiteral("warm-up run"));
        QCOMPARE(p.elapsedMs, 812.5);
        QVERIFY(!P::decodeProgress(R"({"elapsed_ms":3})", p, error)); // no stage
        QVERIFY(error.contains(QStringLiteral("no stage")));
        QVERIFY(!P::decodeProgress(R"({"stage":"x","elapsed_ms":-1})", p, error));
        QVERIFY(!P::decodeProgress(R"({"stage":"x","elapsed_ms":"soon"})", p, error));
        QVERIFY(!P::decodeProgress("[1,2]", p, error));
    }

    void progressFramesInterleave()
    {
        // PROGRESS before HELLO and between LOAD and READY: each taken as its own frame, in order.
        QByteArray stream =
            P::encodeFrame(P::Type::Progress, 0, R"({"stage":"importing torch","elapsed_ms":1})") +
            P::encodeFrame(P::Type::Hello, 0, "{}") +
            P::encodeFrame(P::Type::Progress, 1, R"({"stage":"warm-up run","elapsed_ms":2})") +
            P::encodeFrame(P::Type::Ready, 1, "{}");
        const QList<P::Type> want{P::Type::Progress, P::Type::Hello, P::Type::Progress,
                                  P::Type::Ready};
        for (P::Type t : want) {
            P::Frame f;
            QString error;
            QCOMPARE(P::takeFrame(stream, f, error), P::Take::Taken);
            QCOMPARE(f.type, t);
        }
        QVERIFY(stream.isEmpty());
    }

    void randomBytesNeverCrash()
    {
        // A cheap stand-in for the fuzzer: random buffers, half with a valid header prefix.
        QRandomGenerator rng(13);
        int taken = 0, invalid = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray b(int(rng.bounded(64)), Qt::Uninitialized);
            for (char& c : b)
                c = char(rng.bounded(256));
            if (i % 2)
                b = header(P::kVersion, quint16(rng.bounded(10)), quint32(rng.bounded(64))) + b;
            P::Frame f;
            QString error;
            std::vector<Prediction> out;
            P::Hello h;
            P::Ready r;
            P::Error e;
            P::Progress p;
            P::Take t;
            while ((t = P::takeFrame(b, f, error)) == P::Take::Taken) {
                ++taken;
                QVERIFY(!P::decodeResult(f.payload, 1, out, error)); // never a valid result
                P::decodeHello(f.payload, h, error);
                P::decodeReady(f.payload, r, error);
                P::decodeError(f.payload, e, error);
                P::decodeProgress(f.payload, p, error);
            }
            invalid += t == P::Take::Invalid;
        }
        QVERIFY(taken > 1000);
        QVERIFY(invalid > 5000);
    }
};

QTEST_GUILESS_MAIN(TestWorkerProtocol)
#include "tst_workerprotocol.moc"
