// What a measurement is read against (issue 20), one rule for the viewer and the CLI: the real
// NIH Data_Entry calibrates an NIH PNG from OriginalImagePixelSpacing scaled to the stored size
// (00000100_000.png: 2500×2048 at 0.171 mm, stored 1024² → 0.4175 × 0.3420 mm) and gives its
// view; a DICOM file keeps its own spacing; a name Data_Entry does not list stays in pixels;
// `chexview-cli measure --data-entry` prints the same lengths.
#include "TestData.h"
#include "chexview/cli/CliApp.h"
#include "chexview/dataset/DataEntryIndex.h"
#include "chexview/dataset/DatasetError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/workflow/MeasurementContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

namespace {

QString dataEntryPath()
{
    return sharedData(QStringLiteral("nih/meta/Data_Entry_2017_v2020.csv.gz"));
}

const DataEntryIndex& dataEntry()
{
    static const DataEntryIndex index = DataEntryIndex::read(dataEntryPath());
    return index;
}

} // namespace

class TestMeasurementContext : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void indexReadsTheRealDataEntry()
    {
        // Data_Entry_2017_v2020 lists 112,120 films, each with its original size.
        QCOMPARE(dataEntry().size(), 112120);
        const LabelRecord* r = dataEntry().find(QStringLiteral("00000100_000.png"));
        QVERIFY(r);
        QCOMPARE(r->originalWidth, 2500);
        QCOMPARE(r->originalHeight, 2048);
        QCOMPARE(r->spacingXMm, 0.171);
        QCOMPARE(r->view, QStringLiteral("PA"));
        QVERIFY(!dataEntry().find(QStringLiteral("not-in-nih.png")));
    }

    void indexRefusesOtherFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("a-labels-csv")
            << QByteArray("Image Index,Finding Labels\na.png,No Finding\n");
        QTest::newRow("data-entry-header-only")
            << QByteArray("Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,"
                          "Patient Gender,View Position,OriginalImage[Width,Height],"
                          "OriginalImagePixelSpacing[x,y]\n");
        QTest::newRow("empty") << QByteArray();
    }
    void indexRefusesOtherFiles()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("Data_Entry.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QVERIFY_THROWS_EXCEPTION(DatasetError, DataEntryIndex::read(path));
    }

    void contextForImage_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withIndex");
        QTest::addColumn<double>("colMm");
        QTest::addColumn<double>("rowMm");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("view");
        QTest::addColumn<bool>("calibratedByDataEntry");
        QTest::newRow("nih-png-with-data-entry")
            << "nih/images-1024/00000100_000.png" << true << 0.171 * 2500 / 1024
            << 0.171 * 2048 / 1024 << "mm (Data_Entry)"
            << "PA" << true;
        QTest::newRow("nih-png-without-data-entry")
            << "nih/images-1024/00000100_000.png" << false << 1.0 << 1.0 << "px"
            << "" << false;
        QTest::newRow("dicom-keeps-its-pixel-spacing")
            << "dicom/rsna_cr_jpeg_baseline.dcm" << true << 0.168 << 0.168 << "mm"
            << "PA" << false;
        QTest::newRow("dicom-keeps-its-imager-spacing")
            << "dicom/CR-ModalitySequenceLUT.dcm" << true << 0.15 << 0.15 << "mm at detector"
            << "" << false;
    }
    void contextForImage()
    {
        QFETCH(QString, file);
        QFETCH(bool, withIndex);
        QFETCH(double, colMm);
        QFETCH(double, rowMm);
        QFETCH(QString, unit);
        QFETCH(QString, view);
        QFETCH(bool, calibratedByDataEntry);
        const QString path = sharedData(file);
        const XrayImagePtr image = ImageLoader::load(path);
        const MeasurementContext c =
            MeasurementContext::forImage(image->metadata(), path, {image->width(), image->height()},
                                         withIndex ? &dataEntry() : nullptr);
        QVERIFY2(std::abs(c.calibration.colMm - colMm) < 1e-9,
                 qPrintable(QString::number(c.calibration.colMm)));
        QVERIFY2(std::abs(c.calibration.rowMm - rowMm) < 1e-9,
                 qPrintable(QString::number(c.calibration.rowMm)));
        QCOMPARE(c.calibration.lengthUnit(), unit);
        QCOMPARE(c.view, view);
        QCOMPARE(c.calibration.source == PixelCalibration::Source::DataEntry,
                 calibratedByDataEntry);
    }

    void unlistedPngStaysInPixels()
    {
        // The same film under a name Data_Entry does not know: no calibration is guessed.
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("renamed.png"));
        QVERIFY(QFile::copy(sharedData(QStringLiteral("nih/images-1024/00000100_000.png")), copy));
        const XrayImagePtr image = ImageLoader::load(copy);
        const MeasurementContext c = MeasurementContext::forImage(
            image->metadata(), copy, {image->width(), image->height()}, &dataEntry());
        QVERIFY(!c.calibration.calibrated());
        QVERIFY(c.view.isEmpty()); // nor a view
    }

    void cliMeasureUsesDataEntry_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<double>("horizontalMm");
        QTest::addColumn<double>("verticalMm");
        QTest::addColumn<QString>("view");
        QTest::newRow("with-data-entry")
            << QStringList{"--data-entry", dataEntryPath()} << 100 * 0.171 * 2500 / 1024
            << 100 * 0.171 * 2048 / 1024 << "PA";
        QTest::newRow("without") << QStringList{} << 100.0 << 100.0 << "";
    }
    void cliMeasureUsesDataEntry()
    {
        QFETCH(QStringList, extra);
        QFETCH(double, horizontalMm);
        QFETCH(double, verticalMm);
        QFETCH(QString, view);
        QString text, errors;
        QTextStream out(&text), err(&errors);
        const QStringList args =
            QStringList{"measure",  sharedData("nih/images-1024/00000100_000.png"),
                        "--length", "100,500,200,500",
                        "--length", "500,100,500,200"} +
            extra;
        QCOMPARE(CliApp(out, err).run(args), 0);
        out.flush();
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        QCOMPARE(o.value("view").toString(), view);
        const QJsonArray m = o.value("measurements").toArray();
        QCOMPARE(m.size(), 2);
        const double h =
            m[0].toObject().value("values").toArray()[0].toObject().value("value").toDouble();
        const double v =
            m[1].toObject().value("values").toArray()[0].toObject().value("value").toDouble();
        QVERIFY2(std::abs(h - horizontalMm) < 1e-6, qPrintable(QString::number(h)));
        QVERIFY2(std::abs(v - verticalMm) < 1e-6, qPrintable(QString::number(v)));
    }

    void cliMeasureRefusesABadDataEntry()
    {
        QString text, errors;
        QTextStream out(&text), err(&errors);
        QCOMPARE(CliApp(out, err).run({"measure", sharedData("nih/images-1024/00000100_000.png"),
                                       "--length", "0,0,1,1", "--data-entry",
                                       sharedData("nih/images-256/labels.csv")}),
                 1);
        err.flush();
        QVERIFY2(errors.contains(QLatin1String("not a Data_Entry file")), qPrintable(errors));
        QVERIFY(text.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMeasurementContext)
#include "tst_measurementcontext.moc"
