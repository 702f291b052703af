// Measurements and credits in what leaves the viewer: the exported PNG draws the measurements,
// the PDF report lists them with their calibration, and the footer credits the image's real
// source (NIH ChestX-ray14, RSNA, the classic DICOM sample, or its own provider).
#include "TestData.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/measure/PixelCalibration.h"
#include "chexview/report/AnnotatedImage.h"
#include "chexview/report/ImageCredit.h"
#include "chexview/report/ReportBuilder.h"

#include <QTest>

using namespace chexview;
using namespace chexview::test;

class TestMeasureReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void creditsMatchTheSource_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("mustSay");
        QTest::addColumn<QString>("mustNotSay");
        QTest::newRow("NIH PNG") << QStringLiteral("other/00000001_000.png")
                                 << QStringLiteral("NIH ChestX-ray14") << QStringLiteral("RSNA");
        QTest::newRow("RSNA DICOM") << QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm")
                                    << QStringLiteral("RSNA Pneumonia Detection Challenge")
                                    << QStringLiteral("Wang et al.");
        QTest::newRow("classic Fuji CR sample")
            << QStringLiteral("dicom/CR-MONO1-10-chest.dcm")
            << QStringLiteral("public DICOM sample") << QStringLiteral("NIH");
        QTest::newRow("other JPEG") << QStringLiteral("other/16747_3_1.jpg")
                                    << QStringLiteral("its own provider") << QStringLiteral("NIH");
    }

    void creditsMatchTheSource()
    {
        QFETCH(QString, file);
        QFETCH(QString, mustSay);
        QFETCH(QString, mustNotSay);
        const QString path = sharedData(file);
        const XrayImagePtr img = ImageLoader::load(path);
        const QString credit = ImageCredit::of(img->metadata(), path);
        QVERIFY2(credit.contains(mustSay), qPrintable(credit));
        QVERIFY2(!credit.contains(mustNotSay), qPrintable(credit));
        ReportBuilder::Inputs in;
        in.image = img;
        in.file = path;
        QCOMPARE(ReportBuilder::report(in).credit, credit);
    }

    void exportsCarryTheMeasurements()
    {
        const QString path = sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        const XrayImagePtr img = ImageLoader::load(path);
        ReportBuilder::Inputs in;
        in.image = img;
        in.file = path;
        in.display = DisplayPipeline::render(*img, {});
        in.anonymize = true;
        in.calibration = PixelCalibration::fromMetadata(img->metadata()); // Pixel Spacing 0.168
        Measurement len;
        len.kind = Measurement::Kind::Length;
        len.points = {{100, 900.5}, {600, 900.5}}; // along the centres of row 900
        Measurement ctr;
        ctr.kind = Measurement::Kind::CardiothoracicRatio;
        ctr.points = {{350, 600}, {650, 600}, {200, 500}, {800, 500}};
        in.measurements = {len, ctr};
        const ReportWriter::Content report = ReportBuilder::report(in);
        QCOMPARE(report.measurements.size(), 3);
        QCOMPARE(report.measurements[0], QStringLiteral("1. length: 84.0 mm"));
        QVERIFY2(report.measurements[1].startsWith(QStringLiteral("2. ctr: CTR 0.50")),
                 qPrintable(report.measurements[1]));
        QVERIFY(report.measurements[2].contains(QStringLiteral("Pixel Spacing (0028,0030)")));
        // The PNG: the length's line is drawn across the image (yellow), not there without it.
        const QImage with = AnnotatedImage::render(ReportBuilder::annotatedImage(in));
        in.measurements.clear();
        const QImage without = AnnotatedImage::render(ReportBuilder::annotatedImage(in));
        int changed = 0;
        for (int x = 150; x < 550; x += 10) {
            const QColor c = with.pixelColor(x, 900);
            changed += c != without.pixelColor(x, 900) && c.red() > 200 && c.green() > 150 &&
                       c.blue() < 100;
        }
        QVERIFY2(changed >= 38, qPrintable(QString::number(changed)));
    }
};

QTEST_MAIN(TestMeasureReport)
#include "tst_measurereport.moc"
