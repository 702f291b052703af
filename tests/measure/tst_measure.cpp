// core/measure: calibration rules (Pixel Spacing, Imager Pixel Spacing, magnification,
// conflicts, Data_Entry), lengths and angles, ROI statistics on known pixels, the
// cardiothoracic ratio, the SCOORD view for TID 1500, JSON and the per-image store.
#include "chexview/measure/PixelCalibration.h"
#include "chexview/measure/CardiothoracicRatio.h"
#include "chexview/measure/Measurement.h"
#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/measure/MeasurementGeometry.h"
#include "chexview/measure/MeasurementStore.h"
#include "chexview/measure/RegionStatistics.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

ImageMetadata withTags(const QString& ps, const QString& ips, const QString& ermf)
{
    ImageMetadata meta;
    auto add = [&meta](const char* tag, const char* keyword, const QString& value) {
        if (!value.isNull())
            meta.tags << DicomTagEntry{QString::fromLatin1(tag), QString::fromLatin1(keyword),
                                       QStringLiteral("DS"), value, 0};
    };
    add("(0028,0030)", "PixelSpacing", ps);
    add("(0018,1164)", "ImagerPixelSpacing", ips);
    add("(0018,1114)", "EstimatedRadiographicMagnificationFactor", ermf);
    return meta;
}

/// 10×10 image, stored value x + 10·y, rescale slope 2 intercept −1000 (HU).
XrayImagePtr grid()
{
    StoredImage st;
    st.width = 10;
    st.height = 10;
    st.bitsStored = 8;
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x)
            st.values.push_back(x + 10 * y);
    ImageMetadata meta;
    meta.format = QStringLiteral("test");
    return std::make_shared<XrayImage>(std::move(st), ModalityLut::rescale(2.0, -1000.0),
                                       XrayImage::Polarity::Monochrome2, meta);
}

Measurement make(Measurement::Kind kind, QList<QPointF> points)
{
    Measurement m;
    m.kind = kind;
    m.points = std::move(points);
    return m;
}

} // namespace

class TestMeasure : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void calibration_data()
    {
        QTest::addColumn<QString>("ps");
        QTest::addColumn<QString>("ips");
        QTest::addColumn<QString>("ermf");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("colMm");
        QTest::addColumn<double>("length100px"); // a horizontal 100-pixel segment
        QTest::addColumn<bool>("noted");
        const QString none;
        QTest::newRow("Pixel Spacing only: mm") << QStringLiteral("0.143\\0.143") << none << none
                                                << QStringLiteral("mm") << 0.143 << 14.3 << false;
        QTest::newRow("Imager Pixel Spacing only: mm at detector")
            << none << QStringLiteral("0.15\\0.15") << none << QStringLiteral("mm at detector")
            << 0.15 << 15.0 << false;
        QTest::newRow("equal Pixel and Imager Pixel Spacing: at detector")
            << QStringLiteral("0.15\\0.15") << QStringLiteral("0.15\\0.15") << none
            << QStringLiteral("mm at detector") << 0.15 << 15.0 << false;
        QTest::newRow("Imager Pixel Spacing and magnification 1.25: corrected")
            << none << QStringLiteral("0.15\\0.15") << QStringLiteral("1.25")
            << QStringLiteral("mm (magnification 1.25 corrected)") << 0.12 << 12.0 << false;
        QTest::newRow("Pixel Spacing = Imager / magnification: mm, consistent")
            << QStringLiteral("0.12\\0.12") << QStringLiteral("0.15\\0.15")
            << QStringLiteral("1.25") << QStringLiteral("mm") << 0.12 << 12.0 << false;
        QTest::newRow("Pixel Spacing and Imager Pixel Spacing disagree: noted")
            << QStringLiteral("0.1\\0.1") << QStringLiteral("0.15\\0.15") << none
            << QStringLiteral("mm") << 0.1 << 10.0 << true;
        QTest::newRow("neither: px")
            << none << none << none << QStringLiteral("px") << 1.0 << 100.0 << false;
        QTest::newRow("0\\0 spacing: px, noted") << QStringLiteral("0\\0") << none << none
                                                 << QStringLiteral("px") << 1.0 << 100.0 << true;
        QTest::newRow("one value only: px, noted") << QStringLiteral("0.143") << none << none
                                                   << QStringLiteral("px") << 1.0 << 100.0 << true;
        QTest::newRow("anisotropic: row 0.2, column 0.1")
            << QStringLiteral("0.2\\0.1") << none << none << QStringLiteral("mm") << 0.1 << 10.0
            << false;
    }

    void calibration()
    {
        QFETCH(QString, ps);
        QFETCH(QString, ips);
        QFETCH(QString, ermf);
        QFETCH(QString, unit);
        QFETCH(double, colMm);
        QFETCH(double, length100px);
        QFETCH(bool, noted);
        const PixelCalibration cal = PixelCalibration::fromMetadata(withTags(ps, ips, ermf));
        QCOMPARE(cal.lengthUnit(), unit);
        QVERIFY(std::abs(cal.colMm - colMm) < 1e-9);
        QVERIFY(std::abs(cal.length({10, 20}, {110, 20}) - length100px) < 1e-9);
        QCOMPARE(!cal.notes.isEmpty(), noted);
    }

    void dataEntrySpacingIsScaledToTheStoredSize()
    {
        // 00000001_000.png: 2682×2749 original at 0.143 mm, stored 1024×1024.
        const PixelCalibration cal =
            PixelCalibration::fromOriginalSpacing(0.143, 0.143, {2682, 2749}, {1024, 1024});
        QCOMPARE(cal.source, PixelCalibration::Source::DataEntry);
        QVERIFY(std::abs(cal.colMm - 0.143 * 2682 / 1024) < 1e-12);
        QVERIFY(std::abs(cal.rowMm - 0.143 * 2749 / 1024) < 1e-12);
        QVERIFY(cal.lengthUnit().contains(QStringLiteral("Data_Entry")));
        QVERIFY(cal.notes.join(QString()).contains(QStringLiteral("2682×2749")));
        QVERIFY(!PixelCalibration::fromOriginalSpacing(0, 0.1, {10, 10}, {5, 5}).calibrated());
        QVERIFY(!PixelCalibration::fromOriginalSpacing(0.1, 0.1, {}, {5, 5}).calibrated());
    }

    void anglesInPhysicalSpace()
    {
        const PixelCalibration px;
        QVERIFY(std::abs(MeasurementGeometry::angleDegrees({10, 0}, {0, 0}, {0, 10}, px) - 90) <
                1e-9);
        QVERIFY(std::abs(MeasurementGeometry::angleDegrees({10, 0}, {0, 0}, {10, 10}, px) - 45) <
                1e-9);
        QVERIFY(std::abs(MeasurementGeometry::angleDegrees({10, 0}, {0, 0}, {-10, 0}, px) - 180) <
                1e-9);
        QCOMPARE(MeasurementGeometry::angleDegrees({0, 0}, {0, 0}, {1, 1}, px), 0.0);
        // Rows twice as far apart as columns: the pixel diagonal is atan(2) from horizontal.
        const PixelCalibration aniso =
            PixelCalibration::fromMetadata(withTags(QStringLiteral("0.2\\0.1"), QString(), QString()));
        QVERIFY(std::abs(MeasurementGeometry::angleDegrees({10, 0}, {0, 0}, {10, 10}, aniso) -
                         std::atan(2.0) * 180 / M_PI) < 1e-9);
    }

    void roiStatisticsOnKnownPixels_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QPointF>("a");
        QTest::addColumn<QPointF>("b");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("sd");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        // Stored 32..34, 42..44, 52..54 → HU 2s−1000; SD = 2·sqrt(606/8).
        QTest::newRow("rectangle 3x3")
            << int(Measurement::Kind::RectangleRoi) << QPointF(2, 3) << QPointF(5, 6) << qint64(9)
            << -914.0 << 2.0 * std::sqrt(606.0 / 8.0) << -936.0 << -892.0;
        QTest::newRow("rectangle corners reversed")
            << int(Measurement::Kind::RectangleRoi) << QPointF(5, 6) << QPointF(2, 3) << qint64(9)
            << -914.0 << 2.0 * std::sqrt(606.0 / 8.0) << -936.0 << -892.0;
        // Circle of radius 5 in the whole image: 80 pixel centres inside (counted by hand/script).
        QTest::newRow("ellipse = inscribed circle")
            << int(Measurement::Kind::EllipseRoi) << QPointF(0, 0) << QPointF(10, 10) << qint64(80)
            << -901.0 << 50.969338015335445 << -994.0 << -808.0;
        QTest::newRow("rectangle clipped to the image")
            << int(Measurement::Kind::RectangleRoi) << QPointF(-100, -100) << QPointF(1, 1)
            << qint64(1) << -1000.0 << 0.0 << -1000.0 << -1000.0;
        QTest::newRow("far outside: empty")
            << int(Measurement::Kind::RectangleRoi) << QPointF(1e12, 1e12) << QPointF(2e12, 2e12)
            << qint64(0) << 0.0 << 0.0 << 0.0 << 0.0;
    }

    void roiStatisticsOnKnownPixels()
    {
        QFETCH(int, kind);
        QFETCH(QPointF, a);
        QFETCH(QPointF, b);
        QFETCH(qint64, count);
        QFETCH(double, mean);
        QFETCH(double, sd);
        QFETCH(double, min);
        QFETCH(double, max);
        const XrayImagePtr img = grid();
        const RegionStatistics s =
            RegionStatistics::compute(*img, make(Measurement::Kind(kind), {a, b}));
        QCOMPARE(s.pixelCount, count);
        QVERIFY2(std::abs(s.mean - mean) < 1e-9, qPrintable(QString::number(s.mean)));
        QVERIFY2(std::abs(s.sd - sd) < 1e-9, qPrintable(QString::number(s.sd, 'g', 12)));
        QCOMPARE(s.min, min);
        QCOMPARE(s.max, max);
    }

    void evaluatorTextAndValues()
    {
        const XrayImagePtr img = grid();
        const PixelCalibration cal =
            PixelCalibration::fromMetadata(withTags(QString(), QStringLiteral("0.5\\0.5"), QString()));
        const MeasurementValues len = MeasurementEvaluator::evaluate(
            make(Measurement::Kind::Length, {{0, 0}, {6, 8}}), *img, cal, QStringLiteral("PA"));
        QCOMPARE(len.text, QStringLiteral("5.0 mm at detector"));
        QCOMPARE(len.values.value(0).ucum, QStringLiteral("mm"));
        const MeasurementValues roi = MeasurementEvaluator::evaluate(
            make(Measurement::Kind::RectangleRoi, {{2, 3}, {5, 6}}), *img, cal, {});
        QCOMPARE(roi.values.value(0).value, 2.25); // 3 x 3 pixels of 0.5 x 0.5 mm
        QCOMPARE(roi.values.value(0).shown, QStringLiteral("mm² at detector"));
        QVERIFY2(roi.text.endsWith(
                     QStringLiteral(" mm² at detector  mean -914.0 SD 17.4  min -936 max -892")),
                 qPrintable(roi.text));
        QCOMPARE(roi.values.value(2).concept, QStringLiteral("Mean"));
        QCOMPARE(roi.values.value(2).value, -914.0);
        const MeasurementValues pxLen = MeasurementEvaluator::evaluate(
            make(Measurement::Kind::Length, {{0, 0}, {3, 4}}), *img, PixelCalibration(), {});
        QCOMPARE(pxLen.text, QStringLiteral("5 px"));
    }

    void cardiothoracicRatio_data()
    {
        QTest::addColumn<double>("cardiac");
        QTest::addColumn<double>("thoracic");
        QTest::addColumn<QString>("view");
        QTest::addColumn<double>("ratio");
        QTest::addColumn<bool>("enlarged");
        QTest::addColumn<bool>("warned");
        QTest::newRow("PA normal 0.45")
            << 450.0 << 1000.0 << QStringLiteral("PA") << 0.45 << false << false;
        QTest::newRow("PA exactly 0.50: not flagged")
            << 500.0 << 1000.0 << QStringLiteral("PA") << 0.50 << false << false;
        QTest::newRow("PA 0.504 rounds to 0.50: not flagged")
            << 504.0 << 1000.0 << QStringLiteral("PA") << 0.50 << false << false;
        QTest::newRow("PA 0.56: flagged")
            << 560.0 << 1000.0 << QStringLiteral("PA") << 0.56 << true << false;
        QTest::newRow("AP 0.56: warned, not flagged")
            << 560.0 << 1000.0 << QStringLiteral("AP") << 0.56 << false << true;
        QTest::newRow("unknown view: warned")
            << 400.0 << 1000.0 << QString() << 0.40 << false << true;
    }

    void cardiothoracicRatio()
    {
        QFETCH(double, cardiac);
        QFETCH(double, thoracic);
        QFETCH(QString, view);
        QFETCH(double, ratio);
        QFETCH(bool, enlarged);
        QFETCH(bool, warned);
        // Segments drawn right to left too: widths are extents.
        const Measurement m =
            make(Measurement::Kind::CardiothoracicRatio,
                 {{300 + cardiac, 500}, {300, 500}, {100, 400}, {100 + thoracic, 400}});
        const CardiothoracicRatio r = CardiothoracicRatio::compute(m, view);
        QVERIFY(r.valid);
        QCOMPARE(r.ratio, ratio);
        QCOMPARE(r.enlarged, enlarged);
        QCOMPARE(!r.warnings.isEmpty(), warned);
        QCOMPARE(r.text().contains(QStringLiteral("enlarged")), enlarged);
        QVERIFY(r.text().startsWith(QStringLiteral("CTR %1").arg(ratio, 0, 'f', 2)));
        if (view == QLatin1String("AP"))
            QVERIFY(r.text().contains(QStringLiteral("AP: overestimated")));
        // No thorax: invalid, not a division by zero.
        QVERIFY(!CardiothoracicRatio::compute(make(Measurement::Kind::CardiothoracicRatio,
                                                   {{0, 0}, {10, 0}, {5, 5}, {5.5, 5}}),
                                              view)
                     .valid);
    }

    void scoordsForTid1500()
    {
        const auto ellipse = make(Measurement::Kind::EllipseRoi, {{10, 20}, {30, 60}}).scoords();
        QCOMPARE(ellipse.size(), 1);
        QCOMPARE(ellipse[0].graphicType, QStringLiteral("ELLIPSE"));
        // Major axis (vertical, 40 long) first, then the minor axis.
        QCOMPARE(ellipse[0].data, (QList<QPointF>{{20, 20}, {20, 60}, {10, 40}, {30, 40}}));
        const auto rect = make(Measurement::Kind::RectangleRoi, {{1, 2}, {3, 4}}).scoords();
        QCOMPARE(rect[0].graphicType, QStringLiteral("POLYGON"));
        QCOMPARE(rect[0].data.size(), 5);
        QCOMPARE(rect[0].data.first(), rect[0].data.last());
        const auto ctr =
            make(Measurement::Kind::CardiothoracicRatio, {{1, 1}, {2, 1}, {0, 2}, {3, 2}})
                .scoords();
        QCOMPARE(ctr.size(), 2);
        QCOMPARE(ctr[1].role, QStringLiteral("thoracic width"));
        QVERIFY(make(Measurement::Kind::Angle, {{1, 1}}).scoords().isEmpty());
    }

    void jsonAndStore()
    {
        QTemporaryDir dir;
        MeasurementStore store(dir.filePath(QStringLiteral("m")));
        Measurement a = make(Measurement::Kind::Angle, {{1.5, 2.5}, {3, 4}, {5, 6.25}});
        a.label = QStringLiteral("Cobb");
        const Measurement b =
            make(Measurement::Kind::CardiothoracicRatio, {{1, 1}, {2, 1}, {0, 2}, {3, 2}});
        QVERIFY(store.save(QStringLiteral("sop-1.2.3"), {a, b}));
        QCOMPARE(store.load(QStringLiteral("sop-1.2.3")), (QList<Measurement>{a, b}));
        QVERIFY(store.load(QStringLiteral("sop-9.9")).isEmpty());
        // Malformed entries are skipped, a malformed file reads as nothing.
        QVERIFY(!Measurement::fromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("x")}}));
        QJsonObject shortOne = a.toJson();
        shortOne.insert(QStringLiteral("points"), QJsonArray{QJsonArray{1, 2}});
        QVERIFY(!Measurement::fromJson(shortOne));
        {
            QFile f(store.fileFor(QStringLiteral("sop-1.2.3")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{not json");
        }
        QVERIFY(store.load(QStringLiteral("sop-1.2.3")).isEmpty());
        // Empty list removes the file.
        QVERIFY(store.save(QStringLiteral("sop-1.2.3"), {}));
        QVERIFY(!QFile::exists(store.fileFor(QStringLiteral("sop-1.2.3"))));
    }

    void imageKeyIsSopUidOrFileHash()
    {
        ImageMetadata dicom;
        dicom.tags << DicomTagEntry{QStringLiteral("(0008,0018)"), QStringLiteral("SOPInstanceUID"),
                                    QStringLiteral("UI"), QStringLiteral("1.2.840.10008.5"), 0};
        QCOMPARE(MeasurementStore::imageKey(dicom, QString()),
                 QStringLiteral("sop-1.2.840.10008.5"));
        QTemporaryDir dir;
        const QString f = dir.filePath(QStringLiteral("a.png"));
        {
            QFile out(f);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("abc");
        }
        // SHA-256("abc").
        QCOMPARE(MeasurementStore::imageKey({}, f),
                 QStringLiteral("sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
                                "0015ad"));
        QVERIFY(MeasurementStore::imageKey({}, dir.filePath(QStringLiteral("missing"))).isEmpty());
        // A UID with path characters is not used as a file name.
        ImageMetadata hostile;
        hostile.tags << DicomTagEntry{
            QStringLiteral("(0008,0018)"), {}, {}, QStringLiteral("../../etc/passwd"), 0};
        QVERIFY(MeasurementStore::imageKey(hostile, f).startsWith(QStringLiteral("sha256-")));
    }
};

QTEST_GUILESS_MAIN(TestMeasure)
#include "tst_measure.moc"
