// The AI results of a study on a real Orthanc (issue 21; orthanc_fixture.py, see
// tests/CMakeLists.txt): `pacs send-results` stores a TID 1500 SR, a Parametric Map and a
// Secondary Capture; PacsSession::findInstances by SOP class (QIDO-RS or image-level C-FIND)
// then finds exactly those beside what the study held before; retrieveInstances brings back
// just them (WADO-RS or image-level C-GET), valid for dciodvfy; `pacs results` prints the
// findings of `predict`.
#include "OrthancServer.h"
#include "chexview/cli/CliApp.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/ResultSopClasses.h"
#include "chexview/workflow/PacsSession.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace chexview;
using chexview::test::orthanc;

namespace {

const char* const kSource = CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm";
const char* const kSourceUid = "1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819";
const char* const kStudyUid = "1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818";
const char* const kSecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

PacsSession session(bool dimse)
{
    const PacsNode node = dimse ? test::dimseNode() : test::webNode();
    PacsSession::Options o = PacsSession::defaultOptions(node);
    o.protocol = dimse ? PacsSession::Protocol::Dimse : PacsSession::Protocol::DicomWeb;
    return PacsSession(node, o);
}

/// SOP Instance UIDs of the study's instances of `sopClass` on the node (sorted).
QStringList found(const PacsSession& s, const QString& sopClass)
{
    QStringList uids;
    for (const InstanceRecord& i : s.findInstances(kStudyUid, {sopClass})) {
        if (i.studyInstanceUid != QLatin1String(kStudyUid) || i.sopClassUid != sopClass ||
            !InstanceCache::isValidUid(i.seriesInstanceUid))
            return {QStringLiteral("bad record: ") + QJsonDocument(i.toJson()).toJson()};
        uids << i.sopInstanceUid;
    }
    uids.sort();
    return uids;
}

QStringList nodeArgs(bool dimse)
{
    const test::OrthancServer server = orthanc();
    if (dimse)
        return {"--dimse", QStringLiteral("%1@127.0.0.1:%2").arg(server.aet).arg(server.dicomPort),
                "--aet", server.callingAet};
    return {"--dicomweb", QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(server.httpPort),
            "--user", server.user};
}

int run(const QStringList& args, QString* outText, QString* errText)
{
    QTextStream out(outText), err(errText);
    const int code = CliApp(out, err).run(args);
    out.flush();
    err.flush();
    return code;
}

/// The "Error" lines dciodvfy (dicom3tools) prints for a file ("" when none).
QString dciodvfyErrors(const QString& path)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {path});
    if (!p.waitForFinished(60000))
        return QStringLiteral("dciodvfy did not finish");
    QStringList errors;
    for (const QString& line : QString::fromLocal8Bit(p.readAll()).split('\n'))
        if (line.startsWith(QLatin1String("Error")))
            errors << line;
    return errors.join('\n');
}

} // namespace

class TestPacsResults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qputenv("CHEXVIEW_PACS_SECRET", orthanc().password.toUtf8()); }
    void parseInstances_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("expected"); ///< records, or -1 - PacsError code
        const QByteArray one = R"({"0020000E":{"vr":"UI","Value":["1.2.3"]},)"
                               R"("00080018":{"vr":"UI","Value":["1.2.3.4"]},)"
                               R"("00080016":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.30"]}})";
        QTest::newRow("no content") << QByteArray() << 0;
        QTest::newRow("one, study from the query") << "[" + one + "]" << 1;
        QTest::newRow("over the limit of 2")
            << "[" + one + "," + one + "," + one + "]" << -1 - int(PacsError::Code::TooLarge);
        QTest::newRow("not an array") << QByteArray("{}") << -1 - int(PacsError::Code::Protocol);
        QTest::newRow("no SOP class") << QByteArray(R"([{"00080018":{"Value":["1.2"]}}])")
                                      << -1 - int(PacsError::Code::Protocol);
    }
    void parseInstances()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, expected);
        try {
            const QList<InstanceRecord> r = DicomWebClient::parseInstances(json, "1.2", 2);
            QCOMPARE(int(r.size()), expected);
            if (!r.isEmpty())
                QCOMPARE(r.first().studyInstanceUid, QStringLiteral("1.2"));
        } catch (const PacsError& e) {
            QCOMPARE(-1 - int(e.code()), expected);
        }
    }
    void sendFindRetrieve_data()
    {
        QTest::addColumn<bool>("dimse");
        QTest::newRow("dicomweb (STOW-RS, QIDO-RS, WADO-RS)") << false;
        QTest::newRow("dimse (C-STORE anonymized, C-FIND, C-GET)") << true;
    }
    void sendFindRetrieve()
    {
        QFETCH(bool, dimse);
        const PacsSession pacs = session(dimse);
        // What the study holds before (other suites store reports in it too).
        QStringList classes = ResultSopClasses::all();
        classes << kSecondaryCapture;
        QMap<QString, QStringList> before;
        for (const QString& c : classes)
            before[c] = found(pacs, c);

        QString outText, errText;
        QStringList args{
            "pacs",           "send-results",       kSource, "--finding", "Cardiomegaly",
            "--gate-verdict", "accepted: test gate"};
        args << nodeArgs(dimse);
        if (dimse)
            args << "--anonymize";
        QVERIFY2(run(args, &outText, &errText) == 0, qPrintable(errText));
        const QJsonObject sent = QJsonDocument::fromJson(outText.toUtf8()).object();
        QCOMPARE(sent.value("StudyInstanceUID").toString(), QLatin1String(kStudyUid));
        const QString srUid = sent.value("sr_sop_instance_uid").toString();
        const QString pmUid = sent.value("pm_sop_instance_uid").toString();
        const QString scUid = sent.value("sc_sop_instance_uid").toString();

        // Each class query finds exactly what was there plus its new object.
        const QMap<QString, QString> added{{"1.2.840.10008.5.1.4.1.1.88.34", srUid},
                                           {"1.2.840.10008.5.1.4.1.1.30", pmUid},
                                           {kSecondaryCapture, scUid}};
        QList<InstanceRecord> ours;
        for (const QString& c : classes) {
            QStringList expected = before[c];
            if (added.contains(c))
                expected << added[c];
            expected.sort();
            QCOMPARE(found(pacs, c), expected);
        }
        for (const InstanceRecord& i : pacs.findInstances(kStudyUid, classes))
            if (added.values().contains(i.sopInstanceUid))
                ours << i;
        QCOMPARE(ours.size(), 3);
        qInfo("%s: %d SR, %d PM, %d SC in the study; sent SR %s PM %s SC %s",
              dimse ? "dimse" : "dicomweb",
              int(found(pacs, "1.2.840.10008.5.1.4.1.1.88.34").size()),
              int(found(pacs, "1.2.840.10008.5.1.4.1.1.30").size()),
              int(found(pacs, kSecondaryCapture).size()), qPrintable(srUid), qPrintable(pmUid),
              qPrintable(scUid));

        // Just those three come back, by the protocol of the row.
        QTemporaryDir dir;
        InstanceCache cache(dir.path());
        try {
            QCOMPARE(pacs.retrieveInstances(ours, cache), 3);
        } catch (const PacsError& e) {
            QFAIL(qPrintable(e.message()));
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
        for (const QString& uid : {srUid, pmUid, scUid}) {
            QVERIFY2(cache.contains(uid), qPrintable(uid));
            const QString report = dciodvfyErrors(cache.pathFor(uid));
            QVERIFY2(report.isEmpty(), qPrintable(report));
        }
        QProcess dump;
        dump.start("dsrdump", {"+Pl", "+Pu", "+Pc", cache.pathFor(srUid)});
        QVERIFY(dump.waitForFinished(30000));
        QCOMPARE(dump.exitCode(), 0);
        const QString text = QString::fromUtf8(dump.readAllStandardOutput());
        QVERIFY(text.contains("Comprehensive 3D SR"));
        QVERIFY(text.contains("Imaging Measurement Report"));
        QVERIFY(text.contains("Not for clinical use."));
        QVERIFY(text.contains(kSourceUid));
        QVERIFY2(!text.contains("16d7f894-55d7-4d95-8957-d18987f0e981") == dimse,
                 "patient ID copied exactly, or removed when anonymized");
        // The SC opens in chexview's own loader, with the heatmap burned in.
        const XrayImagePtr image = ImageLoader::load(cache.pathFor(scUid));
        QVERIFY(image->width() > 1024);
        QCOMPARE(image->height(), 1024);

        // `pacs results`: each result as `results` prints it, the numbers of `predict`.
        QString predictText;
        QCOMPARE(run({"predict", kSource}, &predictText, &errText), 0);
        const QJsonObject predicted = QJsonDocument::fromJson(predictText.toUtf8()).object();
        const QJsonObject findings = predicted.value("findings").toObject();
        QCOMPARE(findings.size(), 14);
        QTemporaryDir dest;
        outText.clear();
        errText.clear();
        QVERIFY2(
            run(QStringList{"pacs", "results", kStudyUid, "--dest", dest.path()} + nodeArgs(dimse),
                &outText, &errText) == 0,
            qPrintable(errText));
        const QStringList lines = outText.trimmed().split('\n');
        int results = 2; // the new SR and PM, and every result the study held before
        for (const QString& c : ResultSopClasses::all())
            results += int(before[c].size());
        QCOMPARE(int(lines.size()), results);
        QVERIFY2(errText.contains(QStringLiteral("%1 AI result(s) of study").arg(results)),
                 qPrintable(errText));
        QJsonObject sr, pm;
        for (const QString& line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY(o.value("file").toString().startsWith(dest.path()));
            if (o.value("sop_instance_uid").toString() == srUid)
                sr = o;
            if (o.value("sop_instance_uid").toString() == pmUid)
                pm = o;
        }
        QCOMPARE(sr.value("kind").toString(), QStringLiteral("tid1500-sr"));
        QCOMPARE(pm.value("kind").toString(), QStringLiteral("parametric-map"));
        QCOMPARE(sr.value("source_sop_instance_uid").toString(), QLatin1String(kSourceUid));
        QCOMPARE(pm.value("source_sop_instance_uid").toString(), QLatin1String(kSourceUid));
        QCOMPARE(sr.value("algorithm").toObject().value("name").toString(),
                 predicted.value("model").toString());
        QCOMPARE(sr.value("gate_verdict").toString(), QStringLiteral("accepted: test gate"));
        QCOMPARE(pm.value("frames").toInt(), 14);
        const QJsonObject stored = sr.value("findings").toObject();
        QCOMPARE(stored.size(), 14);
        QCOMPARE(sr.value("thresholds").toObject().size(), 14);
        double worst = 0;
        for (auto it = findings.begin(); it != findings.end(); ++it) {
            const double delta = qAbs(stored.value(it.key()).toDouble(-1) - it.value().toDouble());
            worst = std::max(worst, delta);
            QVERIFY2(delta <= 1e-5, qPrintable(it.key()));
        }
        qInfo("pacs results vs predict: max |delta| %.3g over 14 findings", worst);
    }
    void resultsOfUnknownStudy()
    {
        QString outText, errText;
        QCOMPARE(run(QStringList{"pacs", "results", "1.2.3.4.5.6.7.8.9", "--dest",
                                 QDir::tempPath() + "/chexview-none"} +
                         nodeArgs(false),
                     &outText, &errText),
                 0);
        QVERIFY(outText.isEmpty());
        QVERIFY2(errText.contains("0 AI result(s)"), qPrintable(errText));
        QCOMPARE(run({"pacs", "results", "not-a-uid", "--dicomweb", "http://127.0.0.1:1/"},
                     &outText, &errText),
                 1);
        QVERIFY2(errText.contains("bad-argument"), qPrintable(errText));
    }
};

QTEST_GUILESS_MAIN(TestPacsResults)
#include "tst_pacs_results.moc"
