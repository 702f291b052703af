// The composed stored -> display table, checked value by value.
#include "TestData.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/image/VoiPresets.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <array>
#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

/// The three presets' pictures differ by at least this mean |display level difference| on every
/// real film (measured minimum: see presetsReadableOnRealFilms' log line).
constexpr double kMinPresetDifference = 12.0; // measured: 15.1

double meanAbsDifference(const QImage& a, const QImage& b)
{
    qint64 sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        const uchar* ra = a.constScanLine(y);
        const uchar* rb = b.constScanLine(y);
        for (int x = 0; x < a.width(); ++x)
            sum += std::abs(int(ra[x]) - int(rb[x]));
    }
    return double(sum) / (double(a.width()) * a.height());
}

XrayImagePtr ramp(int bits, XrayImage::Polarity polarity, ModalityLut modality = {})
{
    StoredImage st;
    st.width = 1 << bits;
    st.height = 2;
    st.bitsStored = bits;
    for (int y = 0; y < st.height; ++y)
        for (int x = 0; x < st.width; ++x)
            st.values.push_back(x);
    ImageMetadata meta;
    meta.format = QStringLiteral("test");
    return std::make_shared<XrayImage>(std::move(st), std::move(modality), polarity, meta);
}

} // namespace

class TestDisplayPipeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowMapsToGray_data()
    {
        QTest::addColumn<int>("stored");
        QTest::addColumn<int>("gray");
        // 12-bit ramp, LINEAR_EXACT window center 1000 width 1000: [500, 1500] -> [0, 255].
        QTest::newRow("below window") << 100 << 0;
        QTest::newRow("window bottom") << 500 << 0;
        QTest::newRow("center") << 1000 << 128;
        QTest::newRow("three quarters") << 1250 << 191;
        QTest::newRow("window top") << 1500 << 255;
        QTest::newRow("above window") << 4000 << 255;
    }
    void windowMapsToGray()
    {
        QFETCH(int, stored);
        QFETCH(int, gray);
        const XrayImagePtr img = ramp(12, XrayImage::Polarity::Monochrome2);
        DisplayPipeline::Settings s;
        s.window = VoiWindow(1000, 1000, VoiWindow::Function::LinearExact);
        const QImage out = DisplayPipeline::render(*img, s);
        QCOMPARE(out.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(out.pixel(stored, 1)), gray);
        s.userInvert = true;
        QCOMPARE(qGray(DisplayPipeline::render(*img, s).pixel(stored, 1)), 255 - gray);
    }

    void modalityBeforeVoi()
    {
        // The window is in modality units: slope 2 intercept -1000 moves stored 1000 to 1000.
        const XrayImagePtr img =
            ramp(12, XrayImage::Polarity::Monochrome2, ModalityLut::rescale(2.0, -1000.0));
        DisplayPipeline::Settings s;
        s.window = VoiWindow(1000, 1000, VoiWindow::Function::LinearExact);
        const QImage out = DisplayPipeline::render(*img, s);
        QCOMPARE(qGray(out.pixel(1000, 0)), 128);
        QCOMPARE(qGray(out.pixel(750, 0)), 0);    // modality 500
        QCOMPARE(qGray(out.pixel(1250, 0)), 255); // modality 1500
    }

    void monochrome1IsPolarityOnly()
    {
        const XrayImagePtr m1 = ramp(8, XrayImage::Polarity::Monochrome1);
        const XrayImagePtr m2 = ramp(8, XrayImage::Polarity::Monochrome2);
        const QImage a = DisplayPipeline::render(*m1, {});
        const QImage b = DisplayPipeline::render(*m2, {});
        for (int x = 0; x < 256; ++x)
            QCOMPARE(qGray(a.pixel(x, 0)), 255 - qGray(b.pixel(x, 0)));
        QVERIFY(DisplayPipeline::effectiveInvert(*m1, false));
        QVERIFY(!DisplayPipeline::effectiveInvert(*m1, true));
    }

    void defaultWindowIsMinMax()
    {
        const XrayImagePtr img = ramp(10, XrayImage::Polarity::Monochrome2);
        const VoiWindow w = img->defaultWindow();
        QCOMPARE(w.center(), 511.5);
        QCOMPARE(w.width(), 1023.0);
        const QImage out = DisplayPipeline::render(*img, {});
        QCOMPARE(qGray(out.pixel(0, 0)), 0);
        QCOMPARE(qGray(out.pixel(1023, 0)), 255);
    }

    void builtInPresetsFollowHistogram()
    {
        const XrayImagePtr img = ramp(12, XrayImage::Polarity::Monochrome2);
        const QList<VoiWindow> p = VoiPresets::builtIn(*img);
        QCOMPARE(p.size(), 3);
        QCOMPARE(p[0].name(), QStringLiteral("Lung"));
        // Uniform ramp: the robust range is the 0.5th..99.5th percentile of 0..4095; Lung is
        // its lower 70 %, Mediastinum 20..90 %, Bone the upper half.
        const double low = 0.005 * 4095, range = 0.99 * 4095;
        auto edges = [](const VoiWindow& w) {
            return std::pair(w.center() - w.width() / 2, w.center() + w.width() / 2);
        };
        QVERIFY(std::abs(edges(p[0]).first - low) < 3);
        QVERIFY(std::abs(edges(p[0]).second - (low + 0.70 * range)) < 3);
        QCOMPARE(p[1].name(), QStringLiteral("Mediastinum"));
        QVERIFY(std::abs(edges(p[1]).first - (low + 0.20 * range)) < 3);
        QVERIFY(std::abs(edges(p[1]).second - (low + 0.90 * range)) < 3);
        QCOMPARE(p[2].name(), QStringLiteral("Bone"));
        QVERIFY(std::abs(edges(p[2]).first - (low + 0.50 * range)) < 3);
        QVERIFY(std::abs(edges(p[2]).second - (low + range)) < 3);
        // MONOCHROME1 mirrors the bands (bright anatomy has low values).
        const XrayImagePtr m1 = ramp(12, XrayImage::Polarity::Monochrome1);
        const QList<VoiWindow> q = VoiPresets::builtIn(*m1);
        QVERIFY(std::abs(edges(q[0]).second - (low + range)) < 3);
        QVERIFY(std::abs(edges(q[0]).first - (low + 0.30 * range)) < 3);
        QVERIFY(std::abs(edges(q[2]).first - low) < 3);
        QVERIFY(std::abs(edges(q[2]).second - (low + 0.50 * range)) < 3);
        // By name, for `render --preset`.
        QCOMPARE(VoiPresets::named(*img, QStringLiteral("BONE"))->center(), p[2].center());
        QVERIFY(!VoiPresets::named(*img, QStringLiteral("brain")));
    }

    // Every preset on every real NIH film in shared/ gives a readable grey scale: a wide
    // spread of display levels, not a threshold (F4 "Bone" used to give W32 on 8-bit films).
    void presetsReadableOnRealFilms()
    {
        QStringList files;
        for (const QString& sub : {QStringLiteral("nih/images-1024"),
                                   QStringLiteral("nih/images-256"), QStringLiteral("other")}) {
            const QDir dir(sharedData(sub));
            for (const QFileInfo& fi : dir.entryInfoList({QStringLiteral("*.png")}, QDir::Files))
                files << fi.absoluteFilePath();
        }
        QVERIFY(files.size() > 500);
        int worstLevels = 256;
        double worstClipped = 0, worstStd = 1e9;
        QString worstFile;
        double closest = 1e9;
        QString closestPair;
        for (const QString& f : files) {
            const XrayImagePtr img = ImageLoader::load(f);
            QList<QImage> shown;
            for (const VoiWindow& w : VoiPresets::builtIn(*img)) {
                DisplayPipeline::Settings s;
                s.window = w;
                const QImage out = DisplayPipeline::render(*img, s);
                shown << out;
                std::array<qint64, 256> hist{};
                for (int y = 0; y < out.height(); ++y) {
                    const uchar* row = out.constScanLine(y);
                    for (int x = 0; x < out.width(); ++x)
                        ++hist[row[x]];
                }
                const double n = double(out.width()) * out.height();
                int levels = 0;
                double mean = 0, sq = 0;
                for (int v = 0; v < 256; ++v) {
                    levels += hist[size_t(v)] > 0;
                    mean += v * double(hist[size_t(v)]) / n;
                    sq += double(v) * v * double(hist[size_t(v)]) / n;
                }
                const double sd = std::sqrt(std::max(0.0, sq - mean * mean));
                const double clipped = double(hist[0] + hist[255]) / n;
                if (levels < worstLevels || clipped > worstClipped || sd < worstStd)
                    worstFile = QStringLiteral("%1 %2").arg(QFileInfo(f).fileName(), w.name());
                worstLevels = std::min(worstLevels, levels);
                worstClipped = std::max(worstClipped, clipped);
                worstStd = std::min(worstStd, sd);
            }
            // No two presets show the same picture: mean |difference| of the display levels.
            for (int a = 0; a < shown.size(); ++a)
                for (int b = a + 1; b < shown.size(); ++b) {
                    const double d = meanAbsDifference(shown[a], shown[b]);
                    if (d < closest) {
                        closest = d;
                        closestPair =
                            QStringLiteral("%1 %2/%3").arg(QFileInfo(f).fileName()).arg(a).arg(b);
                    }
                }
        }
        qInfo("closest pair of presets: mean |difference| %.1f levels (%s)", closest,
              qPrintable(closestPair));
        QVERIFY2(closest >= kMinPresetDifference, qPrintable(closestPair));
        qInfo("%lld films x 3 presets: fewest grey levels %d, most clipped %.1f%%, lowest "
              "spread sd %.1f (last worst: %s)",
              qint64(files.size()), worstLevels, worstClipped * 100, worstStd,
              qPrintable(worstFile));
        // Measured with the fixed-fraction rule (Lung 0-70 %, Mediastinum 20-90 %, Bone 50-100 %
        // of the robust range): >= 56 levels, <= 79 % clipped, sd >= 35.1, and the closest two
        // presets 15.1 levels apart. Bone clips most: on a dark film its lower half is black by
        // design. (The percentile bands before clipped <= 71 % but gave Mediastinum and Bone one
        // window on 4 of 5 chest films; the first percentile bands gave 5 levels, 85 % clipped.)
        QVERIFY(worstLevels >= 48);
        QVERIFY(worstClipped <= 0.82);
        QVERIFY(worstStd >= 33.0);
    }
};

QTEST_GUILESS_MAIN(TestDisplayPipeline)
#include "tst_displaypipeline.moc"
