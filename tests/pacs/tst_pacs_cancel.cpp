// Cancelling a PACS call that hangs: a peer that accepts the TCP connection and never answers
// (or, for DIMSE, accepts the association and never answers the request). Each call runs on a
// worker thread through PacsSession with a 30 s network timeout, as the Query PACS dialog runs
// it; the token is cancelled after 300 ms, and the call must end with PacsError Cancelled well
// before any timeout (within 2 s), having aborted its connection.
#include "SilentPeer.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/workflow/PacsSession.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtConcurrent>

using namespace chexview;

Q_DECLARE_METATYPE(SilentPeer::Stage)
Q_DECLARE_METATYPE(chexview::PacsSession::Protocol)

class TestPacsCancel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cancelStopsAHangingCall_data()
    {
        QTest::addColumn<PacsSession::Protocol>("protocol");
        QTest::addColumn<SilentPeer::Stage>("stage");
        QTest::addColumn<QString>("operation");
        using P = PacsSession::Protocol;
        using S = SilentPeer::Stage;
        QTest::newRow("C-ECHO, no A-ASSOCIATE-AC") << P::Dimse << S::Connection << "echo";
        QTest::newRow("C-ECHO, no C-ECHO-RSP") << P::Dimse << S::Response << "echo";
        QTest::newRow("C-FIND, no A-ASSOCIATE-AC") << P::Dimse << S::Connection << "find";
        QTest::newRow("C-FIND, no C-FIND-RSP") << P::Dimse << S::Response << "find";
        QTest::newRow("C-GET, no A-ASSOCIATE-AC") << P::Dimse << S::Connection << "retrieve";
        QTest::newRow("QIDO-RS echo, no HTTP response") << P::DicomWeb << S::Connection << "echo";
        QTest::newRow("QIDO-RS search, no HTTP response") << P::DicomWeb << S::Connection << "find";
    }
    void cancelStopsAHangingCall()
    {
        QFETCH(PacsSession::Protocol, protocol);
        QFETCH(SilentPeer::Stage, stage);
        QFETCH(QString, operation);
        SilentPeer peer(stage);
        QVERIFY(peer.port() > 0);
        PacsNode node;
        if (protocol == PacsSession::Protocol::Dimse)
            node.setDimse(QStringLiteral("SILENT@127.0.0.1:%1").arg(peer.port()));
        else
            node.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(peer.port()));
        node.callingAet = QStringLiteral("CHEXVIEW");
        PacsSession::Options options = PacsSession::defaultOptions(node);
        options.timeoutSeconds = 30;
        const PacsSession session(node, options);
        QTemporaryDir cache;
        CancelToken token;
        QFuture<QString> call = QtConcurrent::run([&] {
            try {
                if (operation == QLatin1String("echo"))
                    return session.echo(token);
                if (operation == QLatin1String("find"))
                    return QString::number(session.findStudies(StudyQuery(), token).size());
                InstanceCache instances(cache.path());
                return QString::number(
                    session.retrieveStudy(QStringLiteral("1.2.3.4"), instances, {}, token));
            } catch (const PacsError& e) {
                return PacsError::codeName(e.code()) + QStringLiteral(": ") + e.message();
            }
        });
        const auto join = qScopeGuard([&call] { call.waitForFinished(); }); // also on failure
        bool finishedBeforeCancel = true;
        QTimer::singleShot(300, this, [&] {
            finishedBeforeCancel = call.isFinished();
            token.cancel();
        });
        // 300 ms, then the cancel must end the call long before the 30 s timeout.
        QTRY_VERIFY_WITH_TIMEOUT(call.isFinished(), 2300);
        QVERIFY2(!finishedBeforeCancel, qPrintable(call.result())); // it did hang
        QCOMPARE(call.result(), QStringLiteral("cancelled: cancelled"));
        QCOMPARE(peer.connections(), 1);
        QCOMPARE(peer.associationsAccepted(), stage == SilentPeer::Stage::Response ? 1 : 0);
        QTRY_COMPARE(peer.closedByClient(), 1); // the association is aborted, not left open
    }

    void cancelledBeforeTheCallNeverConnects()
    {
        SilentPeer peer(SilentPeer::Stage::Response);
        PacsNode node;
        node.setDimse(QStringLiteral("SILENT@127.0.0.1:%1").arg(peer.port()));
        node.callingAet = QStringLiteral("CHEXVIEW");
        CancelToken token;
        token.cancel();
        try {
            PacsSession(node, PacsSession::defaultOptions(node)).echo(token);
            QFAIL("a cancelled token still echoed");
        } catch (const PacsError& e) {
            QCOMPARE(e.code(), PacsError::Code::Cancelled);
        }
        QCoreApplication::processEvents();
        QCOMPARE(peer.connections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPacsCancel)
#include "tst_pacs_cancel.moc"
