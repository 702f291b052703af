// Heatmap rendering of CAMs with a known answer: a map with positive activation is Grad-CAM
// (ReLU / max); a map without any (a missed finding's, typically) is min-max scaled instead of
// being emptied, so the viewer still paints where the evidence was strongest.
#include "chexview/model/CamRenderer.h"

#include <QTest>

using namespace chexview;

namespace {

AnalysisResult result(const std::vector<float>& map2x2)
{
    AnalysisResult r;
    r.labels = {QStringLiteral("A")};
    r.thresholds = {0.5};
    r.probabilities = {0.01f};
    r.cams.values = map2x2;
    r.cams.width = r.cams.height = 2;
    r.cams.geometry.imageWidth = r.cams.geometry.imageHeight = 8;
    r.cams.geometry.crop = 8;
    return r;
}

} // namespace

class TestCamRenderer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalization_data()
    {
        QTest::addColumn<std::vector<float>>("cam");
        QTest::addColumn<std::vector<float>>("expected");
        QTest::addColumn<bool>("positive");
        QTest::newRow("positive map: ReLU then / max")
            << std::vector<float>{-1.0f, 0.0f, 1.0f, 4.0f}
            << std::vector<float>{0.0f, 0.0f, 0.25f, 1.0f} << true;
        QTest::newRow("no positive activation: min-max")
            << std::vector<float>{-5.0f, -4.0f, -3.0f, -1.0f}
            << std::vector<float>{0.0f, 0.25f, 0.5f, 1.0f} << false;
        QTest::newRow("flat negative map: nothing")
            << std::vector<float>{-2.0f, -2.0f, -2.0f, -2.0f}
            << std::vector<float>{0.0f, 0.0f, 0.0f, 0.0f} << false;
    }
    void normalization()
    {
        QFETCH(std::vector<float>, cam);
        QFETCH(std::vector<float>, expected);
        QFETCH(bool, positive);
        const AnalysisResult r = result(cam);
        QCOMPARE(r.cams.normalized(0), expected);
        QCOMPARE(r.cams.hasPositiveActivation(0), positive);
    }

    void negativeMapIsPainted()
    {
        // Before, an all-negative map rendered fully transparent: nothing on the image.
        const CamOverlay o = CamRenderer::render(result({-5.0f, -4.0f, -3.0f, -1.0f}), 0,
                                                 CamRenderer::Colormap::Jet, 1.0, 16);
        QCOMPARE(o.image.size(), QSize(16, 16));
        QCOMPARE(qAlpha(o.image.pixel(15, 15)), 255); // the strongest corner, opaque
        QCOMPARE(qAlpha(o.image.pixel(0, 0)), 0);     // the weakest, transparent
    }
};

QTEST_GUILESS_MAIN(TestCamRenderer)
#include "tst_camrenderer.moc"
