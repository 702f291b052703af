// A DIMSE association dropped mid-transfer: a private Orthanc (orthanc_fixture.py) holds one
// study of three instances and is killed (SIGKILL) as soon as the first instance has arrived,
// during C-GET and during C-MOVE to chexview's own storage SCP. What arrived is kept, complete
// and bit-exact; the error says the transfer stopped and names the two instances not received.
// The same when the user cancels after the first instance (C-MOVE: our SCP aborts the
// sub-association).
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/PacsError.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <signal.h>

using namespace chexview;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray datasetBytes(const QByteArray& file)
{
    if (file.size() < 144 || file.mid(128, 4) != "DICM")
        return file;
    return file.mid(144 + qsizetype(qFromLittleEndian<quint32>(file.constData() + 140)));
}

bool runFixture(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QStringLiteral(CHEXVIEW_PYTHON),
            QStringList{QStringLiteral(CHEXVIEW_PACS_TESTS "/orthanc_fixture.py")} + args);
    return p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestPacsDropped : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_sops;             ///< the three SOP Instance UIDs
    QMap<QString, QString> m_files; ///< SOP Instance UID -> source file
    QJsonObject m_server;

    QString state() const { return m_dir.filePath(QStringLiteral("orthanc")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("study")));
        for (int i = 1; i <= 3; ++i) {
            const QString sop = QStringLiteral("1.2.826.0.1.3680043.10.1299.%1.%2")
                                    .arg(QCoreApplication::applicationPid())
                                    .arg(i);
            const QString path = m_dir.filePath(QStringLiteral("study/%1.dcm").arg(i));
            QVERIFY(QFile::copy(QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/CR-MONO1-10-chest.dcm"),
                                path));
            QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
            QProcess modify;
            modify.start(QStringLiteral("dcmodify"),
                         {"-nb", "-m", QStringLiteral("(0008,0018)=%1").arg(sop), path});
            QVERIFY(modify.waitForFinished(30000));
            QCOMPARE(modify.exitCode(), 0);
            m_sops << sop;
            m_files.insert(sop, path);
        }
    }
    void init()
    {
        QVERIFY(runFixture({"start", state(), m_dir.filePath(QStringLiteral("study"))}));
        QFile f(state() + QStringLiteral("/server.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_server = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(m_server.value("instances").toObject().size(), 3);
    }
    void cleanup() { runFixture({"stop", state()}); }

    void keepsWhatArrivedSaysWhatDidNot_data()
    {
        QTest::addColumn<bool>("move");
        QTest::addColumn<bool>("cancel"); ///< the user cancels instead of the PACS dying
        QTest::newRow("C-GET, PACS killed") << false << false;
        QTest::newRow("C-MOVE to our storage SCP, PACS killed") << true << false;
        QTest::newRow("C-GET, cancelled") << false << true;
        QTest::newRow("C-MOVE to our storage SCP, cancelled") << true << true;
    }
    void keepsWhatArrivedSaysWhatDidNot()
    {
        QFETCH(bool, move);
        QFETCH(bool, cancel);
        PacsNode node;
        node.setDimse(QStringLiteral("%1@127.0.0.1:%2")
                          .arg(m_server.value("aet").toString())
                          .arg(m_server.value("dicom_port").toInt()));
        node.callingAet = m_server.value("calling_aet").toString();
        const QString study = m_server.value("instances")
                                  .toObject()
                                  .begin()
                                  .value()
                                  .toObject()
                                  .value("study")
                                  .toString();
        const pid_t orthanc = pid_t(m_server.value("pid").toInt());
        QVERIFY(orthanc > 0);

        QTemporaryDir cacheDir;
        InstanceCache cache(cacheDir.path());
        QStringList arrived;
        DimseClient client(node, 10);
        auto onInstance = [&](const CachedInstance& i) {
            arrived << i.sopInstanceUid;
            if (arrived.size() == 1 && cancel)
                client.cancel();
            else if (arrived.size() == 1)
                ::kill(orthanc, SIGKILL); // the PACS dies mid-study
        };
        try {
            if (move)
                client.moveStudy(study, cache, node.callingAet, m_server.value("move_port").toInt(),
                                 onInstance);
            else
                client.getStudy(study, cache, onInstance);
            QFAIL("no error although the PACS died");
        } catch (const PacsError& e) {
            QVERIFY2(e.code() == (cancel ? PacsError::Code::Cancelled : PacsError::Code::Truncated),
                     qPrintable(e.message()));
            const QString start = cancel ? QStringLiteral("cancelled; ")
                                  : move ? "C-MOVE stopped: "
                                         : "C-GET stopped: ";
            QVERIFY2(e.message().startsWith(start), qPrintable(e.message()));
            QVERIFY2(e.message().contains("1 instance(s) received and kept"),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains("not received: 2 of 3 instance(s)"),
                     qPrintable(e.message()));
            for (const QString& sop : m_sops)
                QCOMPARE(e.message().contains(sop), sop != arrived.value(0));
        }
        QCOMPARE(arrived.size(), 1);
        // Only the complete instance, under its UID, bit-exact; no partial file left.
        const QStringList files = QDir(cacheDir.path()).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(files, QStringList{arrived[0] + ".dcm"});
        QVERIFY(datasetBytes(readAll(cache.pathFor(arrived[0]))) ==
                datasetBytes(readAll(m_files.value(arrived[0]))));
    }
};

QTEST_GUILESS_MAIN(TestPacsDropped)
#include "tst_pacs_dropped.moc"
