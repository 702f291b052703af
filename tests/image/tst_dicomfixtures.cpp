// DICOM decoding against independent tools: fixtures encoded by DCMTK/GDCM from a real NIH PNG,
// and real files decoded by GDCM + pydicom (tests/tools/make_fixtures.py).
#include "TestData.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {
// Lossy fixtures: JPEG baseline/extended at DCMTK's default quality 90, JPEG 2000 at GDCM
// quality 40 and JPEG-LS near-lossless (NEAR=2) must stay at or above these PSNRs.
constexpr double kMinPsnrLossy = 40.0;
constexpr int kNearLosslessMaxError = 2;

QJsonObject entry(const QString& file)
{
    for (const QJsonValue& v : fixtureManifest())
        if (v.toObject().value(QStringLiteral("file")).toString() == file)
            return v.toObject();
    return {};
}
} // namespace

class TestDicomFixtures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transferSyntaxes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("kind");
        for (const QJsonValue& v : fixtureManifest()) {
            const QJsonObject o = v.toObject();
            const QString kind = o.value(QStringLiteral("kind")).toString();
            if (kind == QLatin1String("raster"))
                continue;
            const QString file = o.value(QStringLiteral("file")).toString();
            QTest::newRow(qPrintable(QFileInfo(file).completeBaseName()))
                << file << o.value(QStringLiteral("reference")).toString() << kind;
        }
    }
    void transferSyntaxes()
    {
        QFETCH(QString, file);
        QFETCH(QString, reference);
        QFETCH(QString, kind);
        const QString path = QFileInfo(file).isAbsolute() ? file : fixture(file);
        const RawImage ref = loadReference(reference);
        const XrayImagePtr img = ImageLoader::load(path);
        QCOMPARE(img->width(), ref.width);
        QCOMPARE(img->height(), ref.height);
        const auto& got = img->stored().values;
        if (kind == QLatin1String("lossless") || kind == QLatin1String("reference")) {
            QCOMPARE(maxAbsDiff(got, ref.values), 0);
        } else if (kind == QLatin1String("near")) {
            QVERIFY(maxAbsDiff(got, ref.values) <= kNearLosslessMaxError);
        } else {
            const double peak = double((1 << img->bitsStored()) - 1);
            const double p = psnr(got, ref.values, peak);
            qInfo("%s PSNR %.2f dB", qPrintable(QFileInfo(file).fileName()), p);
            QVERIFY2(p >= kMinPsnrLossy, qPrintable(QStringLiteral("PSNR %1 dB").arg(p)));
            QVERIFY(!std::isinf(p)); // lossy must not be bit-exact: proves the codec ran
        }
    }

    void transferSyntaxUidReported_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("uid");
        QTest::newRow("implicit LE") << "nih8_ile.dcm"
                                     << "1.2.840.10008.1.2";
        QTest::newRow("explicit LE") << "nih8_ele.dcm"
                                     << "1.2.840.10008.1.2.1";
        QTest::newRow("explicit BE") << "nih8_ebe.dcm"
                                     << "1.2.840.10008.1.2.2";
        QTest::newRow("deflate") << "nih8_deflate.dcm"
                                 << "1.2.840.10008.1.2.1.99";
        QTest::newRow("jpeg baseline") << "nih8_jpeg_baseline.dcm"
                                       << "1.2.840.10008.1.2.4.50";
        QTest::newRow("jpeg extended") << "nih12_jpeg_extended.dcm"
                                       << "1.2.840.10008.1.2.4.51";
        QTest::newRow("jpeg lossless") << "nih12_jpeg_lossless.dcm"
                                       << "1.2.840.10008.1.2.4.57";
        QTest::newRow("jpeg lossless sv1") << "nih12_jpeg_lossless_sv1.dcm"
                                           << "1.2.840.10008.1.2.4.70";
        QTest::newRow("jpeg-ls") << "nih12_jpegls.dcm"
                                 << "1.2.840.10008.1.2.4.80";
        QTest::newRow("jpeg-ls near") << "nih12_jpegls_near.dcm"
                                      << "1.2.840.10008.1.2.4.81";
        QTest::newRow("rle") << "nih12_rle.dcm"
                             << "1.2.840.10008.1.2.5";
        QTest::newRow("j2k lossless") << "nih12_j2k.dcm"
                                      << "1.2.840.10008.1.2.4.90";
    }
    void transferSyntaxUidReported()
    {
        QFETCH(QString, file);
        QFETCH(QString, uid);
        QCOMPARE(ImageLoader::load(fixture(file))->metadata().transferSyntaxUid, uid);
    }

    void monochrome1RendersInverted()
    {
        const XrayImagePtr m2 = ImageLoader::load(fixture(QStringLiteral("nih12_ele.dcm")));
        const XrayImagePtr m1 = ImageLoader::load(fixture(QStringLiteral("nih12_mono1.dcm")));
        QVERIFY(m1->stored().values == m2->stored().values); // polarity is not a pixel rewrite
        QCOMPARE(m1->polarity(), XrayImage::Polarity::Monochrome1);
        DisplayPipeline::Settings s;
        s.window = VoiWindow(2048, 4096, VoiWindow::Function::LinearExact);
        const QImage a = DisplayPipeline::render(*m2, s);
        const QImage b = DisplayPipeline::render(*m1, s);
        for (int y = 0; y < a.height(); y += 37)
            for (int x = 0; x < a.width(); x += 29)
                QCOMPARE(qGray(b.pixel(x, y)), 255 - qGray(a.pixel(x, y)));
        // The user's invert on MONOCHROME1 gives back the MONOCHROME2 picture.
        s.userInvert = true;
        QCOMPARE(DisplayPipeline::render(*m1, s), a);
    }

    void rescaleGivesModalityValues()
    {
        const QJsonObject e = entry(QStringLiteral("nih12_rescale.dcm"));
        const double slope = e.value(QStringLiteral("slope")).toDouble();
        const double intercept = e.value(QStringLiteral("intercept")).toDouble();
        QCOMPARE(slope, 2.0);
        const XrayImagePtr img = ImageLoader::load(fixture(QStringLiteral("nih12_rescale.dcm")));
        const RawImage ref = loadReference(QStringLiteral("src12"));
        const std::vector<float> mod = img->modalityValues();
        QCOMPARE(mod.size(), ref.values.size());
        for (size_t i = 0; i < mod.size(); i += 997)
            QCOMPARE(double(mod[i]), ref.values[i] * slope + intercept);
        QCOMPARE(img->modalityLut().unit(), QStringLiteral("US"));
        QVERIFY(!img->metadata().spacingRowMm.has_value()); // "0\\0" means unknown
    }

    void modalityLutSequence()
    {
        // The real dental film carries a Modality LUT Sequence: check a few entries directly.
        const XrayImagePtr img =
            ImageLoader::load(sharedData(QStringLiteral("dicom/CR-ModalitySequenceLUT.dcm")));
        QVERIFY(img->modalityLut().isTable());
        const auto [lo, hi] = img->modalityRange();
        QVERIFY(hi > lo);
        QVERIFY(img->modalityValueAt(100, 100) ==
                img->modalityLut().apply(img->stored().at(100, 100)));
    }

    void voiPresetsAndLut()
    {
        const XrayImagePtr img = ImageLoader::load(fixture(QStringLiteral("nih12_voilut.dcm")));
        const QList<VoiWindow>& p = img->filePresets();
        QCOMPARE(p.size(), 3);
        QCOMPARE(p[0].name(), QStringLiteral("FULL"));
        QCOMPARE(p[0].function(), VoiWindow::Function::Sigmoid);
        QCOMPARE(p[1].center(), 1200.0);
        QCOMPARE(p[1].width(), 800.0);
        QVERIFY(p[2].isLut());
        QCOMPARE(p[2].name(), QStringLiteral("GAMMA 0.5"));
        // gamma-0.5 LUT: stored 1024 -> sqrt(1024/4095) of full scale.
        QVERIFY(std::abs(p[2].apply(1024) - std::sqrt(1024 / 4095.0)) < 1e-4);
        DisplayPipeline::Settings s;
        s.window = p[2];
        const QImage shown = DisplayPipeline::render(*img, s);
        const int stored = img->stored().at(300, 500);
        const double entry = std::round(std::sqrt(stored / 4095.0) * 65535.0);
        QCOMPARE(qGray(shown.pixel(300, 500)), int(std::lround(entry / 65535.0 * 255.0)));
    }

    void metadataOfFixture()
    {
        const XrayImagePtr img =
            ImageLoader::load(fixture(QStringLiteral("nih8_jpeg_baseline.dcm")));
        const ImageMetadata& m = img->metadata();
        QCOMPARE(m.patientName, QStringLiteral("Fixture^NIH"));
        QCOMPARE(m.patientAge, QStringLiteral("058Y"));
        QCOMPARE(m.viewPosition, QStringLiteral("PA"));
        QVERIFY(m.spacingRowMm && std::abs(*m.spacingRowMm - 0.143) < 1e-9);
        QVERIFY(m.warnings.isEmpty());
        bool found = false;
        for (const DicomTagEntry& t : m.tags)
            if (t.tag == QLatin1String("(0010,0010)")) {
                QCOMPARE(t.keyword, QStringLiteral("PatientName"));
                QCOMPARE(t.vr, QStringLiteral("PN"));
                QCOMPARE(t.value, QStringLiteral("Fixture^NIH"));
                found = true;
            }
        QVERIFY(found);
    }

    void malformedAgeIsKeptRawWithWarning()
    {
        const XrayImagePtr img =
            ImageLoader::load(sharedData(QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm")));
        QCOMPARE(img->metadata().patientAge, QStringLiteral("62"));
        QCOMPARE(img->metadata().warnings.size(), 1);
        QVERIFY(img->metadata().warnings.first().contains(QStringLiteral("(0010,1010)")));
    }

    void noSpacingWhenAbsent()
    {
        const XrayImagePtr img =
            ImageLoader::load(sharedData(QStringLiteral("dicom/CR-MONO1-10-chest.dcm")));
        QVERIFY(!img->metadata().spacingRowMm.has_value());
        QCOMPARE(img->filePresets().size(), 1);
        QCOMPARE(img->filePresets().first().center(), 550.0);
        QCOMPARE(img->filePresets().first().width(), 1024.0);
    }
};

QTEST_GUILESS_MAIN(TestDicomFixtures)
#include "tst_dicomfixtures.moc"
