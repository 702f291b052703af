// The composed stored -> display table, checked value by value.
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/VoiPresets.h"

#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

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
        // Uniform ramp: lung band = 1st..65th percentile of 0..4095.
        QVERIFY(std::abs((p[0].center() - p[0].width() / 2) - 0.01 * 4095) < 3);
        QVERIFY(std::abs((p[0].center() + p[0].width() / 2) - 0.65 * 4095) < 3);
        // MONOCHROME1 mirrors the bands (bright anatomy has low values).
        const XrayImagePtr m1 = ramp(12, XrayImage::Polarity::Monochrome1);
        const QList<VoiWindow> q = VoiPresets::builtIn(*m1);
        QVERIFY(std::abs((q[0].center() + q[0].width() / 2) - 0.99 * 4095) < 3);
    }
};

QTEST_GUILESS_MAIN(TestDisplayPipeline)
#include "tst_displaypipeline.moc"
