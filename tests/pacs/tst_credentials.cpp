// CredentialStore against a real Secret Service (gnome-keyring under dbus-run-session, started by
// with_keyring.sh; ctest test tst_credentials_keyring), with no keyring at all (a D-Bus
// address that leads nowhere; ctest test tst_credentials_nokeyring) and with a keyring that
// never answers (SilentSecretService on a private bus; tst_credentials_silentkeyring). Either
// way the secret never reaches the settings file or a log message, and the asynchronous forms
// never block the calling thread's event loop. `pacs echo --server NAME` takes a saved node's
// bearer token from the keyring (checked by hostile_dicomweb.py), and without a keyring has none.
#include "SilentSecretService.h"
#include "chexview/cli/CliApp.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/PacsNode.h"

#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace chexview;

namespace {

QStringList g_messages;
void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_messages << message;
}

const QString kSecret = QStringLiteral("Tok3n-9f8e7d6c5b4a-not-for-settings");

QByteArray settingsFileWith(const QTemporaryDir& dir, const PacsNode& node)
{
    const QString path = dir.filePath(QStringLiteral("chexview.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        PacsNode::saveAll(settings, {node});
        settings.sync();
    }
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCredentials : public QObject
{
    Q_OBJECT
    QString m_mode = qEnvironmentVariable("CHEXVIEW_CREDENTIAL_MODE");
    const QString m_service =
        QStringLiteral("chexview-test-%1").arg(QCoreApplication::applicationPid());

    PacsNode node() const
    {
        PacsNode n;
        n.name = QStringLiteral("Radiology PACS");
        n.setDicomWeb(QStringLiteral("https://pacs.example.org/dicom-web"));
        n.auth = PacsNode::Auth::Bearer;
        n.user = QStringLiteral("reader");
        n.secret = kSecret; // in memory, as the dialog holds it
        return n;
    }

    std::unique_ptr<SilentSecretService> m_silent;

    /// Starts a lookup; the answer records `ticks` (a timer's count) when it comes.
    struct Pending
    {
        std::optional<CredentialStore::Answer> answer;
        int ticksAtAnswer = -1;
        bool answeredInsideCall = false;
    };
    static void startLookup(const CredentialStore& store, const PacsNode& n, QObject* context,
                            Pending& p, const int& ticks)
    {
        store.lookupAsync(n.name, n.user, context, [&p, &ticks](const CredentialStore::Answer& a) {
            p.answer = a;
            p.ticksAtAnswer = ticks;
        });
        p.answeredInsideCall = p.answer.has_value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (m_mode != QLatin1String("silent"))
            return;
        m_silent = std::make_unique<SilentSecretService>();
        QVERIFY2(m_silent->problem().isEmpty(), qPrintable(m_silent->problem()));
    }
    void init()
    {
        CredentialStore::clearSessionMemory();
        g_messages.clear();
        qInstallMessageHandler(captureMessage);
    }
    void cleanup()
    {
        qInstallMessageHandler(nullptr);
        for (const QString& m : std::as_const(g_messages))
            QVERIFY2(!m.contains(kSecret), "the secret reached a log message");
    }
    void keyringStoresAndReadsBack()
    {
        if (m_mode != QLatin1String("keyring"))
            QSKIP("run as tst_credentials_keyring");
        if (qEnvironmentVariableIsSet("CHEXVIEW_KEYRING_SKIP"))
            QSKIP(qPrintable(QStringLiteral("no Secret Service for this test: ") +
                             qEnvironmentVariable("CHEXVIEW_KEYRING_SKIP")));
        const PacsNode n = node();
        CredentialStore store(m_service);
        QCOMPARE(store.store(n.name, n.user, n.secret), CredentialStore::Where::Keyring);
        QCOMPARE(store.keyringProblem(), QString());
        // Not from memory: forget the session and read it back through a fresh store.
        CredentialStore::clearSessionMemory();
        CredentialStore other(m_service);
        QCOMPARE(other.lookup(n.name, n.user), std::optional<QString>(kSecret));
        QCOMPARE(other.lookup(n.name, QStringLiteral("someone else")), std::nullopt);
        // The settings describe the node without its secret.
        QTemporaryDir dir;
        const QByteArray ini = settingsFileWith(dir, n);
        QVERIFY(ini.contains("pacs.example.org"));
        QVERIFY(ini.contains("bearer"));
        QVERIFY2(!ini.contains(kSecret.toUtf8()), ini.constData());
        other.remove(n.name, n.user);
        QCOMPARE(CredentialStore(m_service).lookup(n.name, n.user), std::nullopt);
    }
    void cliTakesSavedNodeTokenFromKeyring()
    {
        if (m_mode == QLatin1String("silent"))
            QSKIP("the silent keyring has its own cases");
        const bool keyring = m_mode == QLatin1String("keyring");
        if (keyring && qEnvironmentVariableIsSet("CHEXVIEW_KEYRING_SKIP"))
            QSKIP(qPrintable(QStringLiteral("no Secret Service for this test: ") +
                             qEnvironmentVariable("CHEXVIEW_KEYRING_SKIP")));
        QProcess server;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOSTILE_BEARER_TOKEN", kSecret);
        server.setProcessEnvironment(env);
        server.start(QStringLiteral(CHEXVIEW_PYTHON),
                     {QStringLiteral(CHEXVIEW_PACS_TESTS "/hostile_dicomweb.py"),
                      QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm")});
        QVERIFY(server.waitForReadyRead(20000));
        const int port = server.readLine().trimmed().toInt();
        QVERIFY(port > 0);

        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_credentials"));
        PacsNode n = node();
        n.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/auth/dicom-web").arg(port));
        {
            QSettings settings;
            PacsNode::saveAll(settings, {n});
        }
        // What the viewer does when the user types the token: keyring (or session memory).
        CredentialStore().store(n.name, n.user, n.secret);
        CredentialStore::clearSessionMemory(); // a new process: only the keyring remains
        qunsetenv("CHEXVIEW_PACS_SECRET");
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        const int code = CliApp(out, err).run({"pacs", "echo", "--server", n.name});
        out.flush();
        err.flush();
        if (keyring) {
            QVERIFY2(code == 0, qPrintable(errText));
            QVERIFY(outText.contains("answered a QIDO-RS query (0 study)"));
        } else {
            QCOMPARE(code, 2); // said before connecting, with the reason
            QVERIFY2(errText.contains("no password or token") &&
                         errText.contains("no system keyring"),
                     qPrintable(errText));
        }
        QVERIFY(!(outText + errText).contains(kSecret));
        CredentialStore().remove(n.name, n.user);
        server.kill();
        server.waitForFinished();
    }
    void withoutKeyringAskedOnceKeptInMemory()
    {
        if (m_mode != QLatin1String("none"))
            QSKIP("run as tst_credentials_nokeyring");
        const PacsNode n = node();
        CredentialStore store(m_service, 5000);
        QCOMPARE(store.lookup(n.name, n.user), std::nullopt); // nothing yet: ask the user
        QVERIFY2(store.keyringProblem().startsWith("no system keyring"),
                 qPrintable(store.keyringProblem()));
        QCOMPARE(store.store(n.name, n.user, n.secret), CredentialStore::Where::SessionMemory);
        QVERIFY(store.keyringProblem().contains("memory for this session only"));
        // Asked once: any other store in this process finds the answer...
        QCOMPARE(CredentialStore(m_service, 5000).lookup(n.name, n.user),
                 std::optional<QString>(kSecret));
        // ...and nothing was written anywhere: no settings entry, gone with the session.
        QTemporaryDir dir;
        QVERIFY(!settingsFileWith(dir, n).contains(kSecret.toUtf8()));
        CredentialStore::clearSessionMemory();
        QCOMPARE(CredentialStore(m_service, 5000).lookup(n.name, n.user), std::nullopt);
    }
    void lookupLeavesTheEventLoopRunning()
    {
        if (m_mode == QLatin1String("keyring") &&
            qEnvironmentVariableIsSet("CHEXVIEW_KEYRING_SKIP"))
            QSKIP(qPrintable(QStringLiteral("no Secret Service for this test: ") +
                             qEnvironmentVariable("CHEXVIEW_KEYRING_SKIP")));
        if (m_mode == QLatin1String("silent"))
            QSKIP("the silent keyring has its own cases");
        const PacsNode n = node();
        CredentialStore store(m_service);
        QCOMPARE(store.store(n.name, n.user, n.secret),
                 m_mode == QLatin1String("keyring") ? CredentialStore::Where::Keyring
                                                    : CredentialStore::Where::SessionMemory);
        if (m_mode == QLatin1String("keyring"))
            CredentialStore::clearSessionMemory(); // the answer must come from the keyring
        int ticks = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&ticks] { ++ticks; });
        tick.start(10);
        bool zeroTimerFired = false;
        QObject context;
        Pending p;
        startLookup(store, n, &context, p, ticks);
        QTimer::singleShot(0, this, [&zeroTimerFired] { zeroTimerFired = true; });
        QVERIFY(!p.answeredInsideCall); // the call started the job and returned
        QTRY_VERIFY(p.answer.has_value());
        QTRY_VERIFY(zeroTimerFired);
        QCOMPARE(p.answer->secret, std::optional<QString>(kSecret));
        QCOMPARE(p.answer->keyringTimedOut, false);
        QCOMPARE(p.answer->problem.isEmpty(), m_mode == QLatin1String("keyring"));
        store.remove(n.name, n.user);
    }
    void silentKeyringTimesOutWithoutBlocking()
    {
        if (m_mode != QLatin1String("silent"))
            QSKIP("run as tst_credentials_silentkeyring");
        const PacsNode n = node();
        CredentialStore store(m_service, 300);
        int ticks = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&ticks] { ++ticks; });
        tick.start(10);
        QObject context;
        Pending p;
        startLookup(store, n, &context, p, ticks);
        QVERIFY(!p.answeredInsideCall);
        QTRY_VERIFY_WITH_TIMEOUT(p.answer.has_value(), 3000);
        // ~30 ticks in 300 ms; the old nested loop also ticked, but only inside the call.
        QVERIFY2(p.ticksAtAnswer >= 10, qPrintable(QString::number(p.ticksAtAnswer)));
        QVERIFY(m_silent->callsSwallowed() > 0); // the keyring was asked, and kept silent
        QVERIFY(p.answer->keyringTimedOut);
        QCOMPARE(p.answer->problem,
                 QStringLiteral("no system keyring (the keyring did not answer within 0.3 s)"));
        QCOMPARE(p.answer->secret, std::nullopt);

        // While that job hangs, later requests are answered at once from session memory.
        QCOMPARE(store.store(n.name, n.user, n.secret), CredentialStore::Where::SessionMemory);
        QVERIFY2(store.keyringProblem().contains("has not answered an earlier request") &&
                     store.keyringProblem().contains("memory for this session only"),
                 qPrintable(store.keyringProblem()));
        Pending again;
        startLookup(store, n, &context, again, ticks);
        QVERIFY(!again.answeredInsideCall);
        QTRY_VERIFY(again.answer.has_value());
        QCOMPARE(again.answer->secret, std::optional<QString>(kSecret));
        QVERIFY(again.answer->keyringTimedOut);
    }
    void answerForADestroyedContextIsDropped()
    {
        if (m_mode != QLatin1String("silent") && m_mode != QLatin1String("none"))
            QSKIP("run as tst_credentials_silentkeyring or tst_credentials_nokeyring");
        const PacsNode n = node();
        CredentialStore store(m_service, 300);
        bool called = false;
        {
            QObject closedDialog;
            store.lookupAsync(n.name, n.user, &closedDialog,
                              [&called](const CredentialStore::Answer&) { called = true; });
        } // destroyed while the request is pending
        // Answers come in order: once this later one has come, the first one would have.
        QObject context;
        int ticks = 0;
        Pending later;
        startLookup(store, n, &context, later, ticks);
        QTRY_VERIFY_WITH_TIMEOUT(later.answer.has_value(), 3000);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
