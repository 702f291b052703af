// DicomWebClient against a deliberately broken DICOMweb server (hostile_dicomweb.py on
// 127.0.0.1): every misbehaviour gives a typed PacsError, bounded memory, and nothing but
// complete, valid DICOM objects in the cache.
#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/PacsError.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;

namespace {

/// Peak resident memory of this process in KiB (VmHWM).
qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

class TestPacsHostile : public QObject
{
    Q_OBJECT
    QProcess m_server;
    int m_port = 0;

    PacsNode node() const
    {
        PacsNode n;
        n.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(m_port));
        return n;
    }
    DicomWebClient::Limits limits() const
    {
        DicomWebClient::Limits l;
        l.stepTimeoutMs = 1500;
        l.totalTimeoutMs = 30000;
        l.maxInstanceBytes = 8 << 20;
        return l;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.start(QStringLiteral(CHEXVIEW_PYTHON),
                       {QStringLiteral(CHEXVIEW_PACS_TESTS "/hostile_dicomweb.py"),
                        QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm")});
        QVERIFY(m_server.waitForReadyRead(20000));
        m_port = m_server.readLine().trimmed().toInt();
        QVERIFY(m_port > 0);
    }
    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished();
    }
    void retrieve_data()
    {
        QTest::addColumn<QString>("uid");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kept");
        QTest::newRow("endless part") << "1.1"
                                      << "too-large" << 0;
        QTest::newRow("part announcing a terabyte") << "1.2"
                                                    << "too-large" << 0;
        QTest::newRow("wrong content type") << "1.3"
                                            << "protocol" << 0;
        QTest::newRow("connection dropped in the second part") << "1.4"
                                                               << "truncated" << 1;
        QTest::newRow("image/jpeg part") << "1.5"
                                         << "not-dicom" << 0;
        QTest::newRow("application/dicom part that is not DICOM") << "1.6"
                                                                  << "not-dicom" << 0;
        QTest::newRow("server stalls") << "1.7"
                                       << "timeout" << 0;
    }
    void retrieve()
    {
        QFETCH(QString, uid);
        QFETCH(QString, code);
        QFETCH(int, kept);
        QTemporaryDir dir;
        InstanceCache cache(dir.path());
        int reported = 0;
        const qint64 rssBefore = peakRssKiB();
        try {
            DicomWebClient(node(), limits()).retrieveStudy(uid, cache, [&](const CachedInstance&) {
                ++reported;
            });
            QFAIL("no error");
        } catch (const PacsError& e) {
            QCOMPARE(PacsError::codeName(e.code()), code);
            QVERIFY2(e.message().contains(QStringLiteral("%1 instance(s) received").arg(kept)),
                     qPrintable(e.message()));
        }
        QCOMPARE(reported, kept);
        // Only complete objects under their UID; no leftover partial files.
        const QStringList files = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(files.size(), kept);
        for (const QString& f : files)
            QVERIFY(f.endsWith(".dcm"));
        // Bounded memory: an endless answer does not grow the process by more than 64 MiB.
        QVERIFY2(
            peakRssKiB() - rssBefore < 64 * 1024,
            qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(peakRssKiB() - rssBefore)));
    }
    void goodAnswerIsKeptBitExact()
    {
        QTemporaryDir dir;
        InstanceCache cache(dir.path());
        QCOMPARE(DicomWebClient(node(), limits()).retrieveStudy("1.8", cache), 1);
        QFile original(QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm"));
        QFile received(cache.pathFor("1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819"));
        QVERIFY(original.open(QIODevice::ReadOnly) && received.open(QIODevice::ReadOnly));
        QVERIFY(original.readAll() == received.readAll());
    }
    void cacheCapAndClear()
    {
        QTemporaryDir dir;
        // Cap between the two largest files: the last one in stays, the total fits the cap.
        const qint64 cap = 1400000;
        InstanceCache cache(dir.path(), cap);
        const QStringList names{"CR-MONO1-10-chest.dcm", "rsna_cr_jpeg_baseline.dcm",
                                "CR-ModalitySequenceLUT.dcm"};
        CachedInstance last;
        for (const QString& name : names) {
            const QString part = cache.newPartPath();
            QVERIFY(QFile::copy(QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/") + name, part));
            last = cache.adopt(part);
        }
        QCOMPARE(last.sopInstanceUid, QStringLiteral("999.999.01.23.45.6789"));
        QVERIFY(cache.contains(last.sopInstanceUid));
        QVERIFY(cache.sizeBytes() <= cap);
        QVERIFY(cache.sizeBytes() >= last.bytes);
        const int left = int(QDir(dir.path()).entryList({"*.dcm"}, QDir::Files).size());
        QVERIFY(left >= 1 && left < 3);
        // A file that is no DICOM object never gets a UID name.
        const QString junk = cache.newPartPath();
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("not a dicom object") > 0);
        f.close();
        QVERIFY_THROWS_EXCEPTION(PacsError, cache.adopt(junk));
        QVERIFY(!QFile::exists(junk));
        QCOMPARE(cache.clear(), left);
        QCOMPARE(cache.sizeBytes(), qint64(0));
    }
    void brokenQidoJson()
    {
        try {
            DicomWebClient(node(), limits()).findStudies({});
            QFAIL("no error");
        } catch (const PacsError& e) {
            QCOMPARE(e.code(), PacsError::Code::Protocol);
        }
    }
};

QTEST_GUILESS_MAIN(TestPacsHostile)
#include "tst_pacs_hostile.moc"
