// One CAM type for every reader: the viewer's overlay (CamRenderer), the stored heatmap
// (ParametricMapGrid samples through sampleAt) and localization (upsampled) read the same
// numbers at the same image pixel, mirrored alike when the crop was flipped.
#include "chexview/model/CamRenderer.h"
#include "chexview/model/ClassActivationMaps.h"

#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

/// A 256 x 256 image, scale 1, a 224 crop at (16, 16); one 7 x 7 map rising to the right and
/// down, so that a mirror shows.
ClassActivationMaps gradient(bool flipped)
{
    ClassActivationMaps c;
    c.width = c.height = 7;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            c.values.push_back(float(x + 2 * y) - 3.0f);
    c.geometry.imageWidth = c.geometry.imageHeight = 256;
    c.geometry.cropX = c.geometry.cropY = 16;
    c.geometry.crop = 224;
    c.geometry.flipped = flipped;
    return c;
}

} // namespace

class TestClassActivationMaps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shape()
    {
        ClassActivationMaps c = gradient(false);
        QCOMPARE(c.count(), 1);
        QVERIFY(c.plane(0) != nullptr);
        QVERIFY(c.plane(1) == nullptr);
        QVERIFY(c.plane(-1) == nullptr);
        QVERIFY(c.normalized(3).empty());
        c.geometry.scale = 0.25; // a 1024 image brought to 256: the crop is 4x larger in it
        QCOMPARE(c.rectInImage(), QRectF(64, 64, 896, 896));
        c.geometry.scale = 0.0;
        QVERIFY(c.rectInImage().isEmpty());
    }

    void everyReaderAgrees_data()
    {
        QTest::addColumn<bool>("flipped");
        QTest::newRow("plain crop") << false;
        QTest::newRow("mirrored crop") << true;
    }
    void everyReaderAgrees()
    {
        QFETCH(bool, flipped);
        const ClassActivationMaps c = gradient(flipped);
        const std::vector<float> up = c.upsampled(0, 224, 224, true);
        const std::vector<float> norm = c.normalized(0);
        AnalysisResult r;
        r.labels = {QStringLiteral("Cardiomegaly")};
        r.thresholds = {0.5};
        r.probabilities = {0.9f};
        r.cams = c;
        const CamOverlay o = CamRenderer::render(r, 0, CamRenderer::Colormap::Jet, 1.0, 224);
        QCOMPARE(o.rect, QRectF(16, 16, 224, 224));
        for (int row : {0, 37, 111, 223})
            for (int col : {0, 5, 112, 200, 223}) {
                const float u = up[size_t(row) * 224 + size_t(col)];
                const float s = c.sampleAt(norm, 16 + col + 0.5, 16 + row + 0.5);
                QVERIFY2(
                    std::abs(u - s) < 1e-5f,
                    qPrintable(QStringLiteral("%1,%2: %3 vs %4").arg(col).arg(row).arg(u).arg(s)));
                QCOMPARE(qAlpha(o.image.pixel(col, row)), int(std::lround(u * 255.0f)));
            }
        // The map rises to the right; mirrored, the image's right is its left.
        QCOMPARE(up[112 * 224 + 223] > up[112 * 224 + 0], !flipped);
        QCOMPARE(c.sampleAt(norm, 5, 100), 0.0f); // outside the crop
    }

    void mirroredIsTheMirrorImage()
    {
        const std::vector<float> a = gradient(false).upsampled(0, 50, 40, false);
        const std::vector<float> b = gradient(true).upsampled(0, 50, 40, false);
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 50; ++x)
                QCOMPARE(b[size_t(y) * 50 + size_t(x)], a[size_t(y) * 50 + size_t(49 - x)]);
    }
};

QTEST_MAIN(TestClassActivationMaps)
#include "tst_classactivationmaps.moc"
