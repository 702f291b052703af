// `chexview-cli pacs echo` (and so Test connection, which runs the same clients) says exactly
// what failed: DNS, refused, TLS (a self-signed certificate made by openssl at test time, never
// a downgrade to http), 401/403 (bearer token checked by hostile_dicomweb.py), association
// rejected with the reason (a real Orthanc that checks both AE titles). The token is read from
// an environment variable and never printed.
#include "chexview/cli/CliApp.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace chexview;

namespace {

const QByteArray kToken = "tok-5c1e7a9d3b-bearer";

int unusedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    return s.serverPort();
}

QJsonObject orthanc()
{
    QFile f(qEnvironmentVariable("CHEXVIEW_ORTHANC_STATE") + QStringLiteral("/server.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no Orthanc state (the orthanc_start fixture did not run)");
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestPacsErrors : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    int m_port = 0, m_tlsPort = 0;

    QString authLog() const { return m_dir.filePath(QStringLiteral("auth.log")); }
    QByteArray authLogText() const
    {
        QFile f(authLog());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                       "-nodes", "-keyout", m_dir.filePath("key.pem"), "-out",
                       m_dir.filePath("cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1",
                       "-addext", "subjectAltName=IP:127.0.0.1"});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOSTILE_BEARER_TOKEN", QString::fromLatin1(kToken));
        env.insert("HOSTILE_AUTH_LOG", authLog());
        m_server.setProcessEnvironment(env);
        m_server.start(QStringLiteral(CHEXVIEW_PYTHON),
                       {QStringLiteral(CHEXVIEW_PACS_TESTS "/hostile_dicomweb.py"),
                        QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm"),
                        "--tls", m_dir.filePath("cert.pem"), m_dir.filePath("key.pem")});
        QVERIFY(m_server.waitForStarted(20000));
        while (m_server.canReadLine() || m_server.waitForReadyRead(20000)) {
            const int port = m_server.readLine().trimmed().toInt();
            (m_port == 0 ? m_port : m_tlsPort) = port;
            if (m_tlsPort)
                break;
        }
        QVERIFY(m_port > 0 && m_tlsPort > 0);
        qputenv("CHEXVIEW_TEST_RIGHT_TOKEN", kToken);
        qputenv("CHEXVIEW_TEST_WRONG_TOKEN", "tok-not-the-right-one");
    }
    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished();
    }
    void echoSaysWhich_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("code"); ///< "" : success expected
        QTest::addColumn<QString>("says");
        const QJsonObject o = orthanc();
        const QString web = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        const QString dimse = QStringLiteral("%1@127.0.0.1:%2")
                                  .arg(o.value("aet").toString())
                                  .arg(o.value("dicom_port").toInt());
        const QString aet = o.value("calling_aet").toString();
        const QString study =
            o.value("instances").toObject().begin().value().toObject().value("study").toString();
        const QString wrongCalled =
            QStringLiteral("NOTORTHANC@127.0.0.1:%1").arg(o.value("dicom_port").toInt());
        QTest::newRow("dicomweb DNS failure")
            << QStringList{"--dicomweb", "http://pacs.host.invalid/dicom-web"} << "host-not-found"
            << "host not found: pacs.host.invalid";
        QTest::newRow("dicomweb connection refused")
            << QStringList{"--dicomweb",
                           QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(unusedPort())}
            << "connection-refused"
            << "connection refused by http://127.0.0.1:";
        QTest::newRow("dicomweb self-signed certificate, token never sent")
            << QStringList{"--dicomweb",
                           QStringLiteral("https://127.0.0.1:%1/auth/tls/dicom-web").arg(m_tlsPort),
                           "--bearer-token-env", "CHEXVIEW_TEST_RIGHT_TOKEN"}
            << "tls"
            << "self-signed";
        QTest::newRow("dicomweb https to a plain http server")
            << QStringList{"--dicomweb",
                           QStringLiteral("https://127.0.0.1:%1/dicom-web").arg(m_port)}
            << "tls"
            << "https://127.0.0.1:";
        QTest::newRow("dicomweb no credentials: 401")
            << QStringList{"--dicomweb", web + "/auth/none/dicom-web"} << "unauthorized"
            << "refused the credentials (HTTP 401)";
        QTest::newRow("dicomweb wrong bearer token: 403")
            << QStringList{"--dicomweb", web + "/auth/wrong/dicom-web", "--bearer-token-env",
                           "CHEXVIEW_TEST_WRONG_TOKEN"}
            << "forbidden"
            << "forbids this request (HTTP 403)";
        QTest::newRow("dicomweb right bearer token")
            << QStringList{"--dicomweb", web + "/auth/right/dicom-web", "--bearer-token-env",
                           "CHEXVIEW_TEST_RIGHT_TOKEN"}
            << ""
            << "answered a QIDO-RS query (0 study)";
        QTest::newRow("dicomweb bearer token variable unset")
            << QStringList{"--dicomweb", web + "/auth/unset/dicom-web", "--bearer-token-env",
                           "CHEXVIEW_TEST_NO_SUCH_VARIABLE"}
            << "usage"
            << "environment variable CHEXVIEW_TEST_NO_SUCH_VARIABLE is empty or not set";
        QTest::newRow("dimse DNS failure")
            << QStringList{"--dimse", "ORTHANCTEST@pacs.host.invalid:104", "--timeout", "5"}
            << "host-not-found"
            << "host not found: pacs.host.invalid";
        QTest::newRow("dimse connection refused")
            << QStringList{"--dimse", QStringLiteral("ORTHANCTEST@127.0.0.1:%1").arg(unusedPort()),
                           "--timeout", "5"}
            << "connection-refused"
            << "connection refused by ORTHANCTEST@127.0.0.1:";
        QTest::newRow("dimse wrong called AE title")
            << QStringList{"--dimse", wrongCalled, "--aet", aet, "--timeout", "5"}
            << "association-rejected"
            << "reason: called AE title 'NOTORTHANC' not recognized, permanent";
        QTest::newRow("dimse unknown calling AE title")
            << QStringList{"--dimse", dimse, "--aet", "STRANGER", "--timeout", "5"}
            << "association-rejected"
            << "reason: calling AE title 'STRANGER' not recognized, permanent";
        QTest::newRow("dimse C-MOVE to an unknown destination")
            << QStringList{"get",         study,
                           "--dest",      m_dir.filePath("moved"),
                           "--dimse",     dimse,
                           "--aet",       aet,
                           "--method",    "move",
                           "--move-aet",  "NOSUCHAE",
                           "--move-port", QString::number(unusedPort())}
            << "dimse-failure"
            << "does it list 'NOSUCHAE' as a DICOM modality at this host and port";
        QTest::newRow("dimse echo") << QStringList{"--dimse", dimse, "--aet", aet} << ""
                                    << "C-ECHO CHEXVIEW -> ORTHANCTEST@127.0.0.1:";
    }
    void echoSaysWhich()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, code);
        QFETCH(QString, says);
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        const QString sub = args.first() == QLatin1String("get") ? "get" : "echo";
        const int exit =
            CliApp(out, err).run(QStringList{"pacs"} +
                                 (sub == QLatin1String("get") ? args : QStringList{"echo"} + args));
        out.flush();
        err.flush();
        if (code.isEmpty()) {
            QCOMPARE(exit, 0);
            QVERIFY2(outText.contains(says), qPrintable(outText + errText));
        } else if (code == QLatin1String("usage")) {
            QCOMPARE(exit, 2);
            QVERIFY2(errText.contains(says), qPrintable(errText));
        } else {
            QCOMPARE(exit, 1);
            const QString line = QStringLiteral("chexview-cli pacs %1: error: %2: ").arg(sub, code);
            QVERIFY2(errText.startsWith(line), qPrintable(errText));
            QVERIFY2(errText.contains(says), qPrintable(errText));
        }
        QVERIFY2(!(outText + errText).contains(QString::fromLatin1(kToken)), "the token leaked");
        // What reached the server: nothing over a failed TLS handshake (no downgrade), the token
        // exactly as a bearer credential otherwise.
        // Each row has its own /auth/<tag>/ path, so a request the previous row's client resent
        // (Qt Network may resend an idempotent GET once when the peer closes a connection) and
        // the server logged late is not read as this row's.
        const int urlAt = args.indexOf(QStringLiteral("--dicomweb")) + 1;
        const QByteArray ownPath = urlAt > 0 ? QUrl(args.at(urlAt)).path().toUtf8() : QByteArray();
        QByteArrayList lines;
        for (const QByteArray& entry : authLogText().split('\n')) {
            const int tab = entry.indexOf('\t');
            if (!ownPath.isEmpty() && tab > 0 && entry.left(tab).startsWith(ownPath))
                lines << entry.mid(tab + 1);
        }
        if (code == QLatin1String("tls"))
            QCOMPARE(lines, QByteArrayList());
        if (args.contains("CHEXVIEW_TEST_RIGHT_TOKEN") && code.isEmpty()) {
            QVERIFY(!lines.isEmpty());
            for (const QByteArray& line : lines)
                QCOMPARE(line, "Bearer " + kToken);
        }
        if (code == QLatin1String("unauthorized")) {
            QVERIFY(!lines.isEmpty());
            for (const QByteArray& line : lines)
                QCOMPARE(line, QByteArray());
        }
    }
};

QTEST_GUILESS_MAIN(TestPacsErrors)
#include "tst_pacs_errors.moc"
