// chexview_pacs and `chexview-cli pacs` against a real Orthanc (started by orthanc_fixture.py on
// 127.0.0.1 with the real DICOMs of tests/data/dicom preloaded; see tests/CMakeLists.txt). The AI
// results of a study (send-results, findInstances, `pacs results`): tst_pacs_results.cpp.
#include "OrthancServer.h"
#include "chexview/cli/CliApp.h"
#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace chexview;
using chexview::test::orthanc;
using Orthanc = chexview::test::OrthancServer;
using chexview::test::dimseNode;
using chexview::test::webNode;

namespace {

/// The dataset after the Part 10 preamble and meta group (the whole file if it has none).
QByteArray datasetBytes(const QByteArray& file)
{
    if (file.size() < 144 || file.mid(128, 4) != "DICM")
        return file;
    const quint32 groupLength = qFromLittleEndian<quint32>(file.constData() + 140);
    return file.mid(144 + qsizetype(groupLength));
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList studiesOf(const QList<StudyRecord>& records)
{
    QStringList uids;
    for (const StudyRecord& r : records)
        uids << r.studyInstanceUid;
    uids.sort();
    return uids;
}

/// Study UIDs of the preloaded instances matching `key == value` (sorted, unique).
QStringList expectedStudies(const char* key, const QString& value)
{
    QStringList uids;
    for (const QJsonValue& v : orthanc().instances) {
        const QJsonObject i = v.toObject();
        if (i.value(QLatin1String(key)).toString() == value &&
            !uids.contains(i.value("study").toString()))
            uids << i.value("study").toString();
    }
    uids.sort();
    return uids;
}

int unusedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    return s.serverPort(); // closed again when s goes away
}

} // namespace

class TestPacs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void echoBothProtocols()
    {
        QVERIFY(DicomWebClient(webNode()).echo().contains("answered a QIDO-RS query"));
        QVERIFY(DimseClient(dimseNode()).echo().contains("succeeded"));
    }
    void clearFailures_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        QTest::newRow("dicomweb wrong password") << 0 << int(PacsError::Code::Unauthorized);
        QTest::newRow("dicomweb nothing listening") << 1 << int(PacsError::Code::ConnectionRefused);
        QTest::newRow("dimse unknown calling AE") << 2 << int(PacsError::Code::AssociationRejected);
        QTest::newRow("dimse nothing listening") << 3 << int(PacsError::Code::ConnectionRefused);
    }
    void clearFailures()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        try {
            if (kind == 0)
                DicomWebClient(webNode(QStringLiteral("wrong"))).echo();
            if (kind == 1) {
                PacsNode n = webNode();
                n.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(unusedPort()));
                DicomWebClient(n).echo();
            }
            if (kind == 2)
                DimseClient(dimseNode(QStringLiteral("STRANGER")), 5).echo();
            if (kind == 3) {
                PacsNode n = dimseNode();
                n.port = unusedPort();
                DimseClient(n, 5).echo();
            }
            QFAIL("no error");
        } catch (const PacsError& e) {
            QCOMPARE(PacsError::codeName(e.code()), PacsError::codeName(PacsError::Code(code)));
            QVERIFY2(!e.message().contains(orthanc().password), "the password leaked");
        }
    }
    void find_data()
    {
        QTest::addColumn<bool>("dimse");
        QTest::addColumn<QString>("patientId");
        QTest::addColumn<QString>("dates");
        QTest::addColumn<QStringList>("expected");
        for (bool dimse : {false, true}) {
            const QString p = dimse ? "dimse: " : "dicomweb: ";
            QTest::newRow(qPrintable(p + "patient XX"))
                << dimse << "XX"
                << "" << expectedStudies("patient_id", "XX");
            QTest::newRow(qPrintable(p + "date 2019-04-16"))
                << dimse << ""
                << "2019-04-16" << expectedStudies("study_date", "20190416");
            QTest::newRow(qPrintable(p + "range around 2017-01-01"))
                << dimse << ""
                << "20161201-20170201" << expectedStudies("study_date", "20170101");
            QTest::newRow(qPrintable(p + "range with no study"))
                << dimse << ""
                << "20000101-20001231" << QStringList();
            QTest::newRow(qPrintable(p + "unknown patient")) << dimse << "NOBODY"
                                                             << "" << QStringList();
        }
    }
    void find()
    {
        QFETCH(bool, dimse);
        QFETCH(QString, patientId);
        QFETCH(QString, dates);
        QFETCH(QStringList, expected);
        StudyQuery q;
        q.patientId = patientId;
        q.setDateRange(dates);
        const QList<StudyRecord> found = dimse ? DimseClient(dimseNode()).findStudies(q)
                                               : DicomWebClient(webNode()).findStudies(q);
        QCOMPARE(studiesOf(found), expected);
        for (const StudyRecord& r : found) {
            QVERIFY(r.modalities.contains("CR"));
            QVERIFY(r.numberOfInstances >= 1);
        }
    }
    void retrieveBitExact_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("WADO-RS") << 0;
        QTest::newRow("C-GET") << 1;
        QTest::newRow("C-MOVE to our storage SCP") << 2;
    }
    void retrieveBitExact()
    {
        QFETCH(int, method);
        const bool dimse = method > 0;
        const Orthanc server = orthanc();
        int checked = 0, exact = 0;
        QStringList reencoded;
        for (auto it = server.instances.begin(); it != server.instances.end(); ++it) {
            const QJsonObject info = it.value().toObject();
            QTemporaryDir dir;
            InstanceCache cache(dir.path());
            QList<CachedInstance> arrived;
            auto keep = [&](const CachedInstance& i) { arrived << i; };
            const QString study = info.value("study").toString();
            const int n =
                method == 2 ? DimseClient(dimseNode())
                                  .moveStudy(study, cache, server.callingAet, server.movePort, keep)
                : dimse ? DimseClient(dimseNode()).getStudy(study, cache, keep)
                        : DicomWebClient(webNode()).retrieveStudy(study, cache, keep);
            QCOMPARE(n, arrived.size());
            QVERIFY(cache.contains(it.key()));
            const QByteArray original = readAll(info.value("path").toString());
            const QByteArray received = readAll(cache.pathFor(it.key()));
            QVERIFY(!original.isEmpty());
            const QByteArray got = datasetBytes(received), want = datasetBytes(original);
            // The pixel data element, tag to last byte, is bit-exact in every case.
            const QByteArray pixelTag("\xe0\x7f\x10\x00", 4);
            QVERIFY(got.lastIndexOf(pixelTag) > 0);
            QVERIFY2(got.mid(got.lastIndexOf(pixelTag)) == want.mid(want.lastIndexOf(pixelTag)),
                     qPrintable(info.value("path").toString()));
            if (got == want)
                ++exact;
            else
                reencoded << QFileInfo(info.value("path").toString()).fileName();
            // Over DICOMweb Orthanc sends back the very file it was given.
            if (!dimse)
                QVERIFY(received == original);
            ++checked;
        }
        QVERIFY(checked >= 4);
        // The whole dataset is bit-exact too, except over DIMSE for the one file with
        // undefined-length sequences: Orthanc's C-STORE re-encodes them with explicit lengths
        // (same elements and values, 16 bytes fewer).
        QCOMPARE(reencoded, dimse ? QStringList{"CR-ModalitySequenceLUT.dcm"} : QStringList());
        QCOMPARE(exact, checked - int(reencoded.size()));
    }
    void cliFindAndGet()
    {
        const Orthanc server = orthanc();
        qputenv("CHEXVIEW_PACS_SECRET", server.password.toUtf8());
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        const QString web = QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(server.httpPort);
        int code = CliApp(out, err).run(
            {"pacs", "find", "--dicomweb", web, "--user", server.user, "--patient-id", "XX"});
        out.flush();
        QCOMPARE(code, 0);
        const QStringList lines = outText.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        const QJsonObject study = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        QCOMPARE(study.value("PatientID").toString(), QStringLiteral("XX"));
        QCOMPARE(study.value("StudyDate").toString(), QStringLiteral("20190416"));
        const QString uid = study.value("StudyInstanceUID").toString();
        QVERIFY(!errText.contains(server.password));

        QTemporaryDir dir;
        outText.clear();
        const QString dimse =
            QStringLiteral("%1@127.0.0.1:%2").arg(server.aet).arg(server.dicomPort);
        code = CliApp(out, err).run({"pacs", "get", uid, "--dest", dir.path(), "--dimse", dimse,
                                     "--aet", server.callingAet});
        out.flush();
        QCOMPARE(code, 0);
        const QJsonObject got = QJsonDocument::fromJson(outText.toUtf8()).object();
        QCOMPARE(got.value("StudyInstanceUID").toString(), uid);
        QVERIFY(QFile::exists(got.value("path").toString()));
        // The same over C-MOVE to our own storage SCP, bit-exact with the C-GET copy.
        QTemporaryDir moved;
        const QByteArray viaGet = readAll(got.value("path").toString());
        outText.clear();
        code = CliApp(out, err).run({"pacs", "get", uid, "--dest", moved.path(), "--dimse", dimse,
                                     "--aet", server.callingAet, "--method", "move", "--move-port",
                                     QString::number(server.movePort)});
        out.flush();
        QCOMPARE(code, 0);
        const QJsonObject gotMoved = QJsonDocument::fromJson(outText.toUtf8()).object();
        QCOMPARE(gotMoved.value("StudyInstanceUID").toString(), uid);
        QVERIFY(gotMoved.value("path").toString().startsWith(moved.path()));
        QVERIFY(datasetBytes(readAll(gotMoved.value("path").toString())) == datasetBytes(viaGet));

        errText.clear();
        code = CliApp(out, err).run(
            {"pacs", "echo", "--dicomweb", web, "--user", server.user, "--timeout", "5"});
        QCOMPARE(code, 0);
        qputenv("CHEXVIEW_PACS_SECRET", "not-the-password");
        code = CliApp(out, err).run({"pacs", "echo", "--dicomweb", web, "--user", server.user});
        err.flush();
        QCOMPARE(code, 1);
        QVERIFY2(errText.contains("error: unauthorized: "), qPrintable(errText));
        QVERIFY(!errText.contains("not-the-password"));
        code = CliApp(out, err).run({"pacs", "find", "--date", "someday", "--dicomweb", web});
        QCOMPARE(code, 2);
    }
};

QTEST_GUILESS_MAIN(TestPacs)
#include "tst_pacs.moc"
