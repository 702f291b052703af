// Measurements to the PACS (issue 20): `measure --sr` writes the viewer's measurements as a TID
// 1500 SR, `pacs store` sends it over STOW-RS or C-STORE to a real Orthanc (orthanc_fixture.py),
// and what comes back by C-GET is the same report: dciodvfy finds no error, the coordinates and
// values read back, the anonymized one carries no patient data. The viewer's Measure ▸ Store
// Measurements on PACS (MainWindow::storeMeasurementSrOn) reaches the same Orthanc.
#include "chexview/cli/CliApp.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/ResultReader.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/window/MainWindow.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

QJsonObject orthancState()
{
    QFile f(qEnvironmentVariable("CHEXVIEW_ORTHANC_STATE") + QStringLiteral("/server.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no Orthanc state (the orthanc_start fixture did not run)");
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString dciodvfyErrors(const QString& path)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {path});
    if (!p.waitForFinished(60000))
        return QStringLiteral("Error - dciodvfy did not finish");
    const QString text = QString::fromLocal8Bit(p.readAll());
    QStringList errors;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("Error")))
            errors << line;
    return text.isEmpty() ? QStringLiteral("Error - dciodvfy printed nothing") : errors.join('\n');
}

int run(const QStringList& args, QString* outText, QString* errText)
{
    QTextStream out(outText), err(errText);
    const int code = CliApp(out, err).run(args);
    out.flush();
    err.flush();
    return code;
}

} // namespace

class TestPacsMeasurements : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storeAndReadBack_data()
    {
        QTest::addColumn<bool>("dimse");
        QTest::addColumn<bool>("anonymize");
        QTest::newRow("STOW-RS") << false << false;
        QTest::newRow("C-STORE anonymized") << true << true;
    }
    void storeAndReadBack()
    {
        QFETCH(bool, dimse);
        QFETCH(bool, anonymize);
        const QJsonObject s = orthancState();
        const QString source =
            QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm");
        QTemporaryDir dir;
        const QString sr = dir.filePath("measurements.dcm");
        QString outText, errText;
        QStringList measure{"measure",         source, "--length", "100,200,400,600", "--ellipse",
                            "300,300,500,400", "--sr", sr};
        if (anonymize)
            measure << "--anonymize";
        QCOMPARE(run(measure, &outText, &errText), 0);
        const QJsonObject written = QJsonDocument::fromJson(outText.toUtf8()).object();
        const QString srUid = written.value("sr_sop_instance_uid").toString();
        QVERIFY(srUid.startsWith(QLatin1String("2.25.")));

        qputenv("CHEXVIEW_PACS_SECRET", s.value("password").toString().toUtf8());
        QStringList store{"pacs", "store", sr};
        if (dimse)
            store << "--dimse"
                  << QStringLiteral("%1@127.0.0.1:%2")
                         .arg(s.value("aet").toString())
                         .arg(s.value("dicom_port").toInt())
                  << "--aet" << s.value("calling_aet").toString();
        else
            store
                << "--dicomweb"
                << QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt())
                << "--user" << s.value("user").toString();
        outText.clear();
        QVERIFY2(run(store, &outText, &errText) == 0, qPrintable(errText));
        QCOMPARE(QJsonDocument::fromJson(outText.toUtf8()).object().value("stored").toString(), sr);

        // Back by C-GET (by Study Instance UID alone).
        PacsNode node;
        node.setDimse(QStringLiteral("%1@127.0.0.1:%2")
                          .arg(s.value("aet").toString())
                          .arg(s.value("dicom_port").toInt()));
        node.callingAet = s.value("calling_aet").toString();
        QTemporaryDir cacheDir;
        InstanceCache cache(cacheDir.path());
        try {
            DimseClient(node).getStudy(ResultReader::read(sr).studyInstanceUid, cache);
        } catch (const PacsError& e) {
            QFAIL(qPrintable(e.message()));
        }
        QVERIFY(cache.contains(srUid));
        const QString back = cache.pathFor(srUid);
        const QString errors = dciodvfyErrors(back);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
        const StoredResult r = ResultReader::read(back);
        QCOMPARE(r.measurements.size(), 2);
        QCOMPARE(r.measurements[0].values[0].name, QStringLiteral("Length"));
        QVERIFY(std::abs(r.measurements[0].values[0].value - 500 * 0.168) < 1e-9);
        QCOMPARE(r.measurements[0].values[0].scoords[0].points,
                 (QList<QPointF>{{100, 200}, {400, 600}}));
        QCOMPARE(r.measurements[1].values[0].scoords[0].graphicType, QStringLiteral("ELLIPSE"));
        QCOMPARE(r.sourceSopInstanceUid,
                 QStringLiteral("1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819"));
        QFile f(back);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().contains("16d7f894-55d7-4d95-8957-d18987f0e981"), !anonymize);
    }

    void viewerStoresOnTheNode()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pacs_measurements"));
        QSettings().setValue(QStringLiteral("analysis/onOpen"), false);
        qputenv("CHEXVIEW_MODEL", QByteArray("/nonexistent/chexview-model")); // no scores needed
        const QJsonObject s = orthancState();
        MainWindow w;
        QSignalSpy shown(&w, &MainWindow::imageShown);
        w.openPath(QStringLiteral(CHEXVIEW_SHARED_DATA "/dicom/rsna_cr_jpeg_baseline.dcm"));
        QTRY_COMPARE(shown.count(), 1);
        MeasurementLayer* layer = w.imageView()->measurements();
        QTRY_VERIFY(layer->image() == w.imageView()->image());
        layer->clear();
        Measurement angle;
        angle.kind = Measurement::Kind::Angle;
        angle.points = {{100, 100}, {200, 100}, {200, 0}};
        layer->add(angle);

        PacsNode node;
        node.name = QStringLiteral("test orthanc");
        node.setDicomWeb(
            QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(s.value("http_port").toInt()));
        node.auth = PacsNode::Auth::Basic;
        node.user = s.value("user").toString();
        node.secret = s.value("password").toString();
        QSignalSpy stored(&w, &MainWindow::measurementsStored);
        w.storeMeasurementSrOn(node);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 60000);
        QVERIFY2(stored.first().at(0).toBool(), qPrintable(stored.first().at(1).toString()));
        QCOMPARE(stored.first().at(1).toString(),
                 QStringLiteral("Measurements stored on test orthanc"));

        // On the PACS: the study now holds a measurement report with that angle.
        PacsNode dimse;
        dimse.setDimse(QStringLiteral("%1@127.0.0.1:%2")
                           .arg(s.value("aet").toString())
                           .arg(s.value("dicom_port").toInt()));
        dimse.callingAet = s.value("calling_aet").toString();
        QTemporaryDir cacheDir;
        InstanceCache cache(cacheDir.path());
        QList<CachedInstance> arrived;
        DimseClient(dimse).getStudy(
            QStringLiteral("1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818"), cache,
            [&arrived](const CachedInstance& i) { arrived << i; });
        int angles = 0;
        for (const CachedInstance& i : arrived) {
            if (!i.sopClassUid.startsWith(QLatin1String("1.2.840.10008.5.1.4.1.1.88.")))
                continue;
            const StoredResult r = ResultReader::read(i.path);
            for (const StoredResult::MeasurementGroup& g : r.measurements)
                for (const StoredResult::Value& v : g.values)
                    if (v.name == QLatin1String("Angle") && std::abs(v.value - 90.0) < 1e-9 &&
                        v.scoords.value(0).points ==
                            QList<QPointF>{{100, 100}, {200, 100}, {200, 0}})
                        ++angles;
        }
        QCOMPARE(angles, 1);
    }
};

QTEST_MAIN(TestPacsMeasurements)
#include "tst_pacs_measurements.moc"
