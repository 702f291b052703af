// dataset download against a real HTTP server on 127.0.0.1 (tests/tools/range_server.py):
// clean run, a connection cut mid-file then resumed by Range, a corrupted archive, a 404.
#include "TestData.h"
#include "chexview/cli/Commands.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using chexview::test::readFile;

namespace {

QByteArray randomBytes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray b(n, '\0');
    for (char& c : b)
        c = char(rng.bounded(256));
    return b;
}

bool run(const QString& program, const QStringList& args, const QString& cwd = {})
{
    QProcess p;
    p.setWorkingDirectory(cwd);
    p.start(program, args);
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

} // namespace

class TestDownload : public QObject
{
    Q_OBJECT
    QTemporaryDir m_root;
    QString m_srv, m_urls, m_sums;
    QProcess m_server;
    QString m_base;

    struct Result
    {
        int code;
        QString out, err;
    };
    Result download(const QString& dest, const QString& only)
    {
        Result r;
        QTextStream out(&r.out), err(&r.err);
        r.code = runDownloadCommand({QStringLiteral("--dest"), dest, QStringLiteral("--only"), only,
                                     QStringLiteral("--base-url"), m_base, QStringLiteral("--urls"),
                                     m_urls, QStringLiteral("--sums"), m_sums},
                                    out, err);
        out.flush();
        err.flush();
        return r;
    }
    QJsonArray serverLog()
    {
        QNetworkAccessManager net;
        QNetworkReply* reply = net.get(QNetworkRequest(QUrl(m_base + QStringLiteral("/__log"))));
        QSignalSpy spy(reply, &QNetworkReply::finished);
        spy.wait(5000);
        const QJsonArray log = QJsonDocument::fromJson(reply->readAll()).array();
        reply->deleteLater();
        return log;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Four archives of incompressible "images"; sums by sha256sum, not by our code.
        m_srv = m_root.filePath(QStringLiteral("srv"));
        QDir().mkpath(m_srv);
        for (int n = 1; n <= 4; ++n) {
            const QString work = m_root.filePath(QStringLiteral("work%1").arg(n));
            QDir().mkpath(work + QStringLiteral("/images"));
            for (int k = 0; k < 2; ++k) {
                QFile f(work + QStringLiteral("/images/%1_%2.png").arg(n).arg(k));
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(randomBytes(400000, quint32(n * 10 + k)));
            }
            QVERIFY(
                run(QStringLiteral("tar"),
                    {QStringLiteral("-czf"),
                     m_srv + QStringLiteral("/images_%1.tar.gz").arg(n, 2, 10, QLatin1Char('0')),
                     QStringLiteral("images")},
                    work));
        }
        QProcess sha;
        sha.setWorkingDirectory(m_srv);
        sha.start(QStringLiteral("sha256sum"),
                  {QStringLiteral("images_01.tar.gz"), QStringLiteral("images_02.tar.gz"),
                   QStringLiteral("images_03.tar.gz"), QStringLiteral("images_04.tar.gz")});
        QVERIFY(sha.waitForFinished());
        m_sums = m_root.filePath(QStringLiteral("SHA256SUMS.txt"));
        QFile sums(m_sums);
        QVERIFY(sums.open(QIODevice::WriteOnly));
        sums.write(sha.readAllStandardOutput());
        sums.close();
        // Corrupt archive 03 after its sum was taken; remove 04 from the server (404).
        QFile bad(m_srv + QStringLiteral("/images_03.tar.gz"));
        QVERIFY(bad.open(QIODevice::ReadWrite));
        bad.seek(1000);
        bad.write("corrupted!");
        bad.close();
        QVERIFY(QFile::rename(m_srv + QStringLiteral("/images_04.tar.gz"),
                              m_root.filePath(QStringLiteral("images_04.tar.gz"))));
        m_urls = m_root.filePath(QStringLiteral("urls.txt"));
        QFile urls(m_urls);
        QVERIFY(urls.open(QIODevice::WriteOnly));
        for (int n = 1; n <= 4; ++n)
            urls.write(QStringLiteral("images_%1.tar.gz https://unreachable.invalid/%1.gz\n")
                           .arg(n, 2, 10, QLatin1Char('0'))
                           .toUtf8());
        urls.close();

        m_server.start(QStringLiteral(CHEXVIEW_PYTHON),
                       {QStringLiteral(CHEXVIEW_TOOLS "/range_server.py"), m_srv,
                        QStringLiteral("--cut"), QStringLiteral("images_02.tar.gz:300000")});
        QVERIFY(m_server.waitForStarted());
        QVERIFY(m_server.waitForReadyRead(10000));
        m_base = QStringLiteral("http://127.0.0.1:%1")
                     .arg(QString::fromLatin1(m_server.readLine().trimmed()));
    }

    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished();
    }

    void cleanRunThenSkip()
    {
        const QString dest = m_root.filePath(QStringLiteral("dest1"));
        // An image already there must not be overwritten by extraction.
        QDir().mkpath(dest + QStringLiteral("/images"));
        QFile mine(dest + QStringLiteral("/images/1_1.png"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("user's own file");
        mine.close();

        const Result r = download(dest, QStringLiteral("01"));
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("images_01.tar.gz: verified and extracted")));
        QVERIFY(r.err.contains(QStringLiteral("/s, ETA"))); // progress with rate and ETA
        QCOMPARE(readFile(dest + QStringLiteral("/images/1_0.png")), randomBytes(400000, 10));
        QCOMPARE(readFile(dest + QStringLiteral("/images/1_1.png")), QByteArray("user's own file"));
        QCOMPARE(readFile(dest + QStringLiteral("/archives/images_01.tar.gz")),
                 readFile(m_srv + QStringLiteral("/images_01.tar.gz")));

        const int requestsBefore = int(serverLog().size());
        const Result again = download(dest, QStringLiteral("1"));
        QCOMPARE(again.code, 0);
        QVERIFY(again.out.contains(QStringLiteral("already verified")));
        QCOMPARE(int(serverLog().size()), requestsBefore); // nothing fetched again
    }

    void cutConnectionResumesWithRange()
    {
        const QString dest = m_root.filePath(QStringLiteral("dest2"));
        const Result r = download(dest, QStringLiteral("02"));
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("images_02.tar.gz: verified and extracted")));
        bool resumed = false;
        for (const QJsonValue& v : serverLog()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("path")).toString() == QLatin1String("images_02.tar.gz") &&
                o.value(QStringLiteral("range")).toString() == QLatin1String("bytes=300000-"))
                resumed = true;
        }
        QVERIFY2(resumed, "expected a Range request from the cut point");
        QCOMPARE(readFile(dest + QStringLiteral("/images/2_1.png")), randomBytes(400000, 21));
        QVERIFY(!QFile::exists(dest + QStringLiteral("/archives/images_02.tar.gz.part")));
    }

    void corruptedArchiveIsKeptAside()
    {
        const QString dest = m_root.filePath(QStringLiteral("dest3"));
        const Result r = download(dest, QStringLiteral("03"));
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains(QStringLiteral("checksum mismatch")));
        QVERIFY(!QFile::exists(dest + QStringLiteral("/archives/images_03.tar.gz")));
        QCOMPARE(readFile(dest + QStringLiteral("/archives/images_03.tar.gz.bad-1")),
                 readFile(m_srv + QStringLiteral("/images_03.tar.gz")));
        QVERIFY(!QFile::exists(dest + QStringLiteral("/images/3_0.png")));
    }

    void missingArchiveStopsWithMessage()
    {
        const QString dest = m_root.filePath(QStringLiteral("dest4"));
        const Result r = download(dest, QStringLiteral("04"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("HTTP 404")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
