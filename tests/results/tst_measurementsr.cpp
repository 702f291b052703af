// The viewer's measurements as a DICOM SR (issue 20): a TID 1500 report with SCOORDs written by
// MeasurementSrWriter from measurements on real DICOM films, validated by dciodvfy (dicom3tools;
// any "Error" line fails), read back by ResultReader and `chexview-cli results` with the
// coordinates, values, UCUM units and calibration asserted; anonymized reports carry no patient
// data; `measure` writes the same report from the command line and refuses a PNG.
#include "TestData.h"
#include "chexview/cli/CliApp.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/measure/MeasurementStore.h"
#include "chexview/results/MeasurementSrWriter.h"
#include "chexview/results/ResultReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

const char* kRsna = "dicom/rsna_cr_jpeg_baseline.dcm";          // Pixel Spacing 0.168, PA
const char* kUncalibrated = "dicom/CR-MONO1-10-chest.dcm";      // no spacing, PA
const char* kBothSpacings = "dicom/CR-ModalitySequenceLUT.dcm"; // PS = IPS = 0.15

Measurement make(Measurement::Kind kind, QList<QPointF> points)
{
    Measurement m;
    m.kind = kind;
    m.points = std::move(points);
    return m;
}

/// One of each tool, in image pixel coordinates.
QList<Measurement> oneOfEach()
{
    using K = Measurement::Kind;
    return {make(K::Length, {{100, 200}, {400, 600}}),          // 500 px
            make(K::Angle, {{100, 100}, {200, 100}, {200, 0}}), // 90 degrees
            make(K::EllipseRoi, {{300, 300}, {500, 400}}),      // 200 x 100 px box
            make(K::RectangleRoi, {{600, 600}, {700, 650}}),    // 100 x 50 px
            make(K::CardiothoracicRatio, {{400, 500}, {620, 500}, {200, 480}, {800, 480}})};
}

QString dciodvfyErrors(const QString& path)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {path});
    if (!p.waitForFinished(60000))
        return QStringLiteral("Error - dciodvfy did not finish");
    const QString text = QString::fromLocal8Bit(p.readAll());
    if (text.isEmpty())
        return QStringLiteral("Error - dciodvfy printed nothing: is dicom3tools installed?");
    QStringList errors;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("Error")))
            errors << line;
    return errors.join(QLatin1Char('\n'));
}

struct Written
{
    QString path;
    QString uid;
    SourceStudy source;
    QList<MeasurementValues> values;
};

Written writeReport(QTemporaryDir& dir, const char* file, bool anonymize,
                    const QList<Measurement>& list = oneOfEach())
{
    Written w;
    const QString path = test::sharedData(file);
    const XrayImagePtr image = ImageLoader::load(path);
    const PixelCalibration cal = PixelCalibration::fromMetadata(image->metadata());
    for (const Measurement& m : list)
        w.values << MeasurementEvaluator::evaluate(m, *image, cal, image->metadata().viewPosition);
    w.source = SourceStudy::read(path);
    if (anonymize)
        w.source.anonymize();
    w.path = dir.filePath(QStringLiteral("measurements.dcm"));
    w.uid = MeasurementSrWriter::write(list, w.values, cal, w.source, w.path);
    return w;
}

const StoredResult::Value* valueNamed(const StoredResult::MeasurementGroup& g, const char* name)
{
    for (const StoredResult::Value& v : g.values)
        if (v.name == QLatin1String(name))
            return &v;
    return nullptr;
}

} // namespace

class TestMeasurementSr : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dciodvfyFindsNoError_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("anonymize");
        for (const char* f : {kRsna, kUncalibrated, kBothSpacings}) {
            QTest::addRow("%s", f) << QString(f) << false;
            QTest::addRow("%s anonymized", f) << QString(f) << true;
        }
    }
    void dciodvfyFindsNoError()
    {
        QFETCH(QString, file);
        QFETCH(bool, anonymize);
        QTemporaryDir dir;
        const Written w = writeReport(dir, file.toLatin1().constData(), anonymize);
        // CR-ModalitySequenceLUT's own SOP Instance UID breaks the UID rules ("999.999.01...");
        // the report must still name the image by it, so dciodvfy's complaints about exactly
        // that value in Referenced SOP Instance UID (and nothing else) are expected.
        QStringList errors = dciodvfyErrors(w.path).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const qsizetype before = errors.size();
        errors.removeIf([&](const QString& e) {
            return e.contains(w.source.sopInstanceUid) &&
                   e.contains(QLatin1String("(0x0008,0x1155)"));
        });
        const bool uidBroken = w.source.sopInstanceUid.startsWith(QLatin1String("999."));
        QCOMPARE(errors.size() < before, uidBroken);
        if (uidBroken) // and the summary line that follows such a value
            errors.removeAll(
                QStringLiteral("Error - Dicom dataset contains invalid data values for Value "
                               "Representations"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    }

    void coordinatesAndValuesReadBack()
    {
        QTemporaryDir dir;
        const Written w = writeReport(dir, kRsna, false);
        const StoredResult back = ResultReader::read(w.path);
        QCOMPARE(back.kind, StoredResult::Kind::MeasurementReport);
        QCOMPARE(back.sopInstanceUid, w.uid);
        QCOMPARE(back.studyInstanceUid, w.source.studyInstanceUid);
        QCOMPARE(back.sourceSopInstanceUid, w.source.sopInstanceUid);
        QVERIFY(back.labels.isEmpty()); // measurements are not AI findings
        QCOMPARE(back.measurements.size(), 5);
        QVERIFY2(back.calibrationText.contains(QLatin1String("Pixel Spacing")),
                 qPrintable(back.calibrationText));
        const QString image = w.source.sopInstanceUid;

        const StoredResult::MeasurementGroup& length = back.measurements[0];
        QCOMPARE(length.trackingId, QStringLiteral("Length 1"));
        QVERIFY(length.trackingUid.startsWith(QLatin1String("2.25.")));
        const StoredResult::Value* len = valueNamed(length, "Length");
        QVERIFY(len);
        QVERIFY2(std::abs(len->value - 500 * 0.168) < 1e-9,
                 qPrintable(QString::number(len->value)));
        QCOMPARE(len->unit.value, QStringLiteral("mm"));
        QCOMPARE(len->unit.scheme, QStringLiteral("UCUM"));
        QCOMPARE(len->concept.value, QStringLiteral("410668003"));
        QCOMPARE(len->method.value, QStringLiteral("CXV-CAL-PS"));
        QCOMPARE(len->scoords.size(), 1);
        QCOMPARE(len->scoords[0].graphicType, QStringLiteral("POLYLINE"));
        QCOMPARE(len->scoords[0].points, (QList<QPointF>{{100, 200}, {400, 600}}));
        QCOMPARE(len->scoords[0].imageSopInstanceUid, image);

        const StoredResult::Value* angle = valueNamed(back.measurements[1], "Angle");
        QVERIFY(angle);
        QVERIFY(std::abs(angle->value - 90.0) < 1e-9);
        QCOMPARE(angle->unit.value, QStringLiteral("deg"));
        QVERIFY(!angle->method.isValid()); // an angle needs no calibration statement
        QCOMPARE(angle->scoords[0].points, (QList<QPointF>{{100, 100}, {200, 100}, {200, 0}}));

        const StoredResult::MeasurementGroup& ellipse = back.measurements[2];
        const StoredResult::Value* area = valueNamed(ellipse, "Area");
        QVERIFY(area);
        QVERIFY(std::abs(area->value - M_PI * 100 * 50 * 0.168 * 0.168) < 1e-6);
        QCOMPARE(area->unit.value, QStringLiteral("mm2"));
        QCOMPARE(area->scoords[0].graphicType, QStringLiteral("ELLIPSE"));
        QCOMPARE(area->scoords[0].points,
                 (QList<QPointF>{{300, 350}, {500, 350}, {400, 300}, {400, 400}}));
        const MeasurementValues& ev = w.values[2];
        for (const char* stat : {"Mean", "Standard Deviation", "Minimum", "Maximum"}) {
            const StoredResult::Value* v = valueNamed(ellipse, stat);
            QVERIFY2(v, stat);
            double expected = std::nan("");
            for (const MeasuredValue& mv : ev.values)
                if (mv.concept == QLatin1String(stat))
                    expected = mv.value;
            QVERIFY2(std::abs(v->value - expected) <= 1e-6 * std::max(1.0, std::abs(expected)),
                     stat);
            QCOMPARE(v->unit.value, QStringLiteral("[arb'U]"));
            QCOMPARE(v->scoords.size(), 1);
        }
        QVERIFY(valueNamed(ellipse, "Maximum")->value > valueNamed(ellipse, "Minimum")->value);
        // 15 708 pixel centres in a 200 x 100 ellipse (pi * 100 * 50 = 15 707.96).
        QVERIFY(std::abs(valueNamed(ellipse, "Pixel count")->value - 15708) <= 20);

        const StoredResult::Value* rect = valueNamed(back.measurements[3], "Area");
        QVERIFY(std::abs(rect->value - 100 * 50 * 0.168 * 0.168) < 1e-6);
        QCOMPARE(rect->scoords[0].graphicType, QStringLiteral("POLYLINE")); // closed: 5 points
        QCOMPARE(rect->scoords[0].points,
                 (QList<QPointF>{{600, 600}, {700, 600}, {700, 650}, {600, 650}, {600, 600}}));

        const StoredResult::MeasurementGroup& ctr = back.measurements[4];
        QCOMPARE(ctr.trackingId, QStringLiteral("Cardiothoracic ratio 5"));
        const StoredResult::Value* ratio = valueNamed(ctr, "Cardiothoracic ratio");
        QVERIFY(ratio);
        QCOMPARE(ratio->value, 0.37); // 220 / 600, to 2 decimals
        QCOMPARE(ratio->unit.value, QStringLiteral("1"));
        QCOMPARE(ratio->scoords.size(), 2);
        const StoredResult::Value* cardiac = valueNamed(ctr, "Cardiac width");
        const StoredResult::Value* thoracic = valueNamed(ctr, "Thoracic width");
        QVERIFY(cardiac && thoracic);
        QVERIFY(std::abs(cardiac->value - 220 * 0.168) < 1e-9);
        QVERIFY(std::abs(thoracic->value - 600 * 0.168) < 1e-9);
        QCOMPARE(cardiac->scoords.size(), 1);
        QCOMPARE(cardiac->scoords[0].points, (QList<QPointF>{{400, 500}, {620, 500}}));
        QCOMPARE(thoracic->scoords[0].points, (QList<QPointF>{{200, 480}, {800, 480}}));
    }

    void calibrationIsStated_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("ucum");
        QTest::addColumn<QString>("method");
        QTest::addColumn<double>("length");
        QTest::newRow("no spacing: pixels") << QString(kUncalibrated) << "{pixels}"
                                            << "CXV-CAL-NONE" << 500.0;
        QTest::newRow("equal PS and IPS: at the detector") << QString(kBothSpacings) << "mm"
                                                           << "CXV-CAL-IPS" << 500 * 0.15;
    }
    void calibrationIsStated()
    {
        QFETCH(QString, file);
        QFETCH(QString, ucum);
        QFETCH(QString, method);
        QFETCH(double, length);
        QTemporaryDir dir;
        const Written w = writeReport(dir, file.toLatin1().constData(), false,
                                      {make(Measurement::Kind::Length, {{100, 200}, {400, 600}})});
        const StoredResult back = ResultReader::read(w.path);
        QCOMPARE(back.measurements.size(), 1);
        const StoredResult::Value* v = valueNamed(back.measurements[0], "Length");
        QVERIFY(v);
        QCOMPARE(v->unit.value, ucum);
        QCOMPARE(v->method.value, method);
        QVERIFY(std::abs(v->value - length) < 1e-9);
    }

    void anonymizedReportHasNoPatientData()
    {
        QTemporaryDir plainDir, anonDir;
        QList<Measurement> labelled = oneOfEach();
        labelled[0].label = QStringLiteral("Doe's nodule"); // free text could name someone
        const Written plain = writeReport(plainDir, kRsna, false, labelled);
        const Written anon = writeReport(anonDir, kRsna, true, labelled);
        const QByteArray id = "16d7f894-55d7-4d95-8957-d18987f0e981"; // name and ID of the film
        QVERIFY(test::readFile(plain.path).contains(id));
        QCOMPARE(ResultReader::read(plain.path).measurements[0].trackingId,
                 QStringLiteral("Doe's nodule"));
        const QByteArray bytes = test::readFile(anon.path);
        QVERIFY(!bytes.contains(id));
        QVERIFY(!bytes.contains("Doe"));
        QVERIFY(bytes.contains("Basic Application Confidentiality Profile"));
        // Still the same study and image: the report stays with the film.
        const StoredResult back = ResultReader::read(anon.path);
        QCOMPARE(back.measurements[0].trackingId, QStringLiteral("Length 1"));
        QCOMPARE(back.studyInstanceUid, plain.source.studyInstanceUid);
        QCOMPARE(back.measurements[0].values[0].scoords[0].imageSopInstanceUid,
                 plain.source.sopInstanceUid);
    }

    void writerRefusesNothingToWrite()
    {
        QTemporaryDir dir;
        const SourceStudy s = SourceStudy::read(test::sharedData(kRsna));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 MeasurementSrWriter::write({}, {}, {}, s, dir.filePath("x.dcm")));
        QVERIFY(!QFile::exists(dir.filePath("x.dcm")));
    }

    void cliWritesAndReadsBack()
    {
        QTemporaryDir dir;
        const QString sr = dir.filePath("cli.dcm");
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        int code = CliApp(out, err).run(
            {"measure", test::sharedData(kRsna), "--length", "100,200,400,600", "--ctr",
             "400,500,620,500,200,480,800,480", "--anonymize", "--sr", sr});
        out.flush();
        err.flush();
        QVERIFY2(code == 0, qPrintable(errText));
        const QJsonObject o = QJsonDocument::fromJson(outText.toUtf8()).object();
        QCOMPARE(o.value("calibration").toObject().value("unit").toString(), QStringLiteral("mm"));
        const QJsonArray ms = o.value("measurements").toArray();
        QCOMPARE(ms.size(), 2);
        QCOMPARE(ms[0].toObject().value("text").toString(), QStringLiteral("84.0 mm"));
        QVERIFY(ms[1].toObject().value("text").toString().startsWith(QLatin1String("CTR 0.37")));
        QVERIFY(dciodvfyErrors(sr).isEmpty());
        QVERIFY(!test::readFile(sr).contains("16d7f894-55d7-4d95-8957-d18987f0e981"));

        outText.clear();
        code = CliApp(out, err).run({"results", sr});
        out.flush();
        QCOMPARE(code, 0);
        const QJsonObject r = QJsonDocument::fromJson(outText.toUtf8()).object();
        QCOMPARE(r.value("sop_instance_uid").toString(), o.value("sr_sop_instance_uid").toString());
        const QJsonArray groups = r.value("measurements").toArray();
        QCOMPARE(groups.size(), 2);
        const QJsonObject lenValue = groups[0].toObject().value("values").toArray()[0].toObject();
        QCOMPARE(lenValue.value("name").toString(), QStringLiteral("Length"));
        QCOMPARE(lenValue.value("ucum").toString(), QStringLiteral("mm"));
        QCOMPARE(lenValue.value("scoords").toArray()[0].toObject().value("points").toArray(),
                 (QJsonArray{QJsonArray{100, 200}, QJsonArray{400, 600}}));
    }

    void cliReadsTheStoreAndRefusesAPng()
    {
        QTemporaryDir dir;
        const QString film = test::sharedData(kRsna);
        const QString key = MeasurementStore::imageKey(ImageLoader::load(film)->metadata(), film);
        QVERIFY(key.startsWith(QLatin1String("sop-")));
        QVERIFY(MeasurementStore(dir.path())
                    .save(key, {make(Measurement::Kind::Angle, {{0, 0}, {10, 0}, {10, 10}})}));
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QCOMPARE(CliApp(out, err).run({"measure", film, "--store-dir", dir.path()}), 0);
        out.flush();
        const QJsonArray ms =
            QJsonDocument::fromJson(outText.toUtf8()).object().value("measurements").toArray();
        QCOMPARE(ms.size(), 1);
        QCOMPARE(ms[0].toObject().value("text").toString(), QStringLiteral("90.0°"));

        const QString sr = dir.filePath("png.dcm");
        const int code =
            CliApp(out, err).run({"measure", test::sharedData("other/00000001_000.png"), "--length",
                                  "0,0,30,40", "--sr", sr});
        err.flush();
        QCOMPARE(code, 1);
        QVERIFY2(errText.contains("a DICOM SR references a DICOM image; this one is PNG"),
                 qPrintable(errText));
        QVERIFY(!QFile::exists(sr));
        QCOMPARE(CliApp(out, err).run({"measure", film, "--length", "1,2,3"}), 2);
    }
};

QTEST_GUILESS_MAIN(TestMeasurementSr)
#include "tst_measurementsr.moc"
