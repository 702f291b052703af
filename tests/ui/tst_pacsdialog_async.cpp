// The Query PACS dialog never waits on the GUI thread: with a keyring that never answers
// (SilentSecretService on the private bus ctest starts with dbus-run-session) choosing a saved
// node leaves the dialog responsive, says "reading keyring…" and ends with the timeout message;
// a dialog closed while the keyring is pending is safe. Cancel, closing the dialog and deleting it
// stop a C-ECHO or C-FIND that hangs (SilentPeer: association accepted, no response).
#include "../pacs/SilentPeer.h"
#include "../pacs/SilentSecretService.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/ui/pacs/PacsQueryDialog.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace chexview;

namespace {

QPushButton* button(QWidget* dialog, const QString& text)
{
    for (QPushButton* b : dialog->findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

} // namespace

class TestPacsDialogAsync : public QObject
{
    Q_OBJECT
    std::unique_ptr<SilentSecretService> m_silent;
    QTemporaryDir m_cache;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pacsdialog_async"));
        QSettings().clear();
        m_silent = std::make_unique<SilentSecretService>();
        QVERIFY2(m_silent->problem().isEmpty(), qPrintable(m_silent->problem()));
        PacsNode saved;
        saved.name = QStringLiteral("Hung keyring PACS");
        saved.setDicomWeb(QStringLiteral("http://127.0.0.1:9/dicom-web"));
        saved.auth = PacsNode::Auth::Basic;
        saved.user = QStringLiteral("reader");
        QSettings settings;
        PacsNode::saveAll(settings, {saved});
    }

    // First: the keyring job really hangs here (later ones are answered at once).
    void savedNodeReadsTheKeyringWithoutBlocking()
    {
        PacsQueryDialog dialog(m_cache.path());
        dialog.setKeyringTimeoutMs(300);
        dialog.show();
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("password"));
        int ticksWhileReading = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this,
                [&] { ticksWhileReading += dialog.readingKeyring(); });
        tick.start(10);
        dialog.findChild<QComboBox*>()->setCurrentIndex(1);
        // Returned at once; the controls say what is going on.
        QVERIFY(dialog.readingKeyring());
        QVERIFY(!password->isEnabled());
        QCOMPARE(password->placeholderText(), QStringLiteral("reading keyring…"));
        QVERIFY2(dialog.statusText().contains("from the keyring…"),
                 qPrintable(dialog.statusText()));
        QVERIFY(!button(&dialog, QStringLiteral("&Search"))->isEnabled());
        QVERIFY(button(&dialog, QStringLiteral("Cancel"))->isEnabled());
        // The keyring never answers: after the 300 ms timeout the dialog says so, the field opens;
        // meanwhile the GUI thread's loop ran (~30 ticks of 10 ms).
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.readingKeyring(), 3000);
        QVERIFY2(ticksWhileReading >= 10, qPrintable(QString::number(ticksWhileReading)));
        QVERIFY(m_silent->callsSwallowed() > 0);
        QVERIFY2(dialog.statusText().contains("the keyring does not answer"),
                 qPrintable(dialog.statusText()));
        QVERIFY(password->isEnabled());
        QCOMPARE(password->text(), QString());
        QVERIFY(button(&dialog, QStringLiteral("&Search"))->isEnabled());
    }

    // The keyring still hangs: the answer is on its way (queued to the dialog) when it goes.
    void closingWhileTheKeyringIsPendingIsSafe()
    {
        auto* dialog = new PacsQueryDialog(m_cache.path());
        dialog->setKeyringTimeoutMs(300);
        dialog->findChild<QComboBox*>()->setCurrentIndex(1);
        QVERIFY(dialog->readingKeyring());
        delete dialog; // before its answer is delivered
        // A later request's answer comes after the first one's would have (one job at a time).
        QObject context;
        bool answered = false;
        CredentialStore(QStringLiteral("chexview"), 300)
            .lookupAsync(QStringLiteral("Hung keyring PACS"), QStringLiteral("reader"), &context,
                         [&answered](const CredentialStore::Answer&) { answered = true; });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 3000); // and nothing touched the deleted dialog
    }

    void cancelStopsAHangingEcho()
    {
        SilentPeer peer(SilentPeer::Stage::Response);
        PacsQueryDialog dialog(m_cache.path());
        dialog.findChild<QLineEdit*>(QStringLiteral("server"))
            ->setText(QStringLiteral("SILENT@127.0.0.1:%1").arg(peer.port()));
        QSignalSpy failed(&dialog, &PacsQueryDialog::failed);
        dialog.testConnection();
        QTRY_COMPARE(peer.associationsAccepted(), 1); // now the C-ECHO-RSP never comes
        QTest::mouseClick(button(&dialog, QStringLiteral("Cancel")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 2000); // not the 15 s timeout
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("cancelled"));
        QCOMPARE(dialog.statusText(), QStringLiteral("Cancelled."));
        QVERIFY(button(&dialog, QStringLiteral("&Test connection"))->isEnabled());
        QTRY_COMPARE(peer.closedByClient(), 1);
    }

    void closingStopsAHangingSearch()
    {
        SilentPeer peer(SilentPeer::Stage::Response);
        PacsQueryDialog dialog(m_cache.path());
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("server"))
            ->setText(QStringLiteral("SILENT@127.0.0.1:%1").arg(peer.port()));
        QSignalSpy failed(&dialog, &PacsQueryDialog::failed);
        dialog.search();
        QTRY_COMPARE(peer.associationsAccepted(), 1); // the C-FIND-RSP never comes
        dialog.close();
        QVERIFY(!dialog.isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 2000); // not the 30 s timeout
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("cancelled"));
        QTRY_COMPARE(peer.closedByClient(), 1);
    }

    void deletingTheDialogDoesNotWaitForTheTimeout()
    {
        SilentPeer peer(SilentPeer::Stage::Response);
        auto* dialog = new PacsQueryDialog(m_cache.path());
        dialog->findChild<QLineEdit*>(QStringLiteral("server"))
            ->setText(QStringLiteral("SILENT@127.0.0.1:%1").arg(peer.port()));
        dialog->search();
        QTRY_COMPARE(peer.associationsAccepted(), 1);
        QElapsedTimer clock;
        clock.start();
        delete dialog; // as Close does with WA_DeleteOnClose: cancels, then joins the job
        // Not a speed claim: without the interrupt this waits for the 30 s DIMSE timeout.
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE(peer.closedByClient(), 1);
    }
};

QTEST_MAIN(TestPacsDialogAsync)
#include "tst_pacsdialog_async.moc"
