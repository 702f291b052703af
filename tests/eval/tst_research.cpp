// Researcher-mode analyses with answers known in advance: the localization of synthetic
// heatmaps against boxes (pointing game, exact IoU of rectangles), and the comparison of two
// score sources (identical, perturbed, seeded).
#include "chexview/dataset/ChestXray14.h"
#include "chexview/eval/Localization.h"
#include "chexview/eval/ResearchFormatter.h"
#include "chexview/eval/SourceComparison.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace chexview;

Q_DECLARE_METATYPE(QRectF)

namespace {

// A width x height grid over rect, 1 on the cells of `hot` (cell coordinates), 0 elsewhere.
HeatmapGrid grid(int width, int height, const QRectF& rect, const QRect& hot, float value = 1.0f)
{
    HeatmapGrid g;
    g.width = width;
    g.height = height;
    g.rect = rect;
    g.values.assign(size_t(width * height), 0.0f);
    for (int y = hot.top(); y <= hot.bottom(); ++y)
        for (int x = hot.left(); x <= hot.right(); ++x)
            g.values[size_t(y * width + x)] = value;
    return g;
}

// n images of n/2 patients (two images each), finding 0 positive on every third image,
// scores of finding 0 and 1 drawn from a seeded generator (positives higher on average).
EvaluationSet syntheticSet(int n)
{
    EvaluationSet s;
    s.scores.assign(size_t(kFindingCount), {});
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < n; ++i) {
        s.images << QStringLiteral("%1_000.png").arg(i, 8, 10, QLatin1Char('0'));
        if (i % 2 == 0)
            s.patients << QString::number(i / 2);
        s.patientIndex.push_back(i / 2);
        const bool pos = i % 3 == 0;
        s.labels.push_back(uint16_t(pos ? 1u : 0u) | uint16_t(i % 4 == 0 ? 2u : 0u));
        s.scores[0].push_back(std::min(1.0, u(rng) * 0.7 + (pos ? 0.3 : 0.0)));
        s.scores[1].push_back(u(rng));
    }
    return s;
}

EvaluationOptions compareOptions(int resamples, uint64_t seed)
{
    EvaluationOptions o;
    o.bootstrap = resamples;
    o.seed = seed;
    o.threshold.kind = ThresholdRule::Kind::Fixed;
    o.threshold.value = 0.5;
    return o;
}

} // namespace

class TestResearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pointingGame_data()
    {
        QTest::addColumn<QRect>("hot");
        QTest::addColumn<QRectF>("box");
        QTest::addColumn<bool>("hit");
        // 10 x 10 cells over (0,0)-(100,100): cell (x,y) is centred on (10x+5, 10y+5).
        QTest::newRow("peak inside the box") << QRect(3, 4, 1, 1) << QRectF(30, 40, 10, 10) << true;
        QTest::newRow("peak outside the box")
            << QRect(8, 8, 1, 1) << QRectF(30, 40, 10, 10) << false;
        QTest::newRow("peak just left of the box")
            << QRect(2, 4, 1, 1) << QRectF(26, 40, 20, 20) << false;
    }
    void pointingGame()
    {
        QFETCH(QRect, hot);
        QFETCH(QRectF, box);
        QFETCH(bool, hit);
        HeatmapGrid g = grid(10, 10, QRectF(0, 0, 100, 100), hot, 2.0f);
        g.values[0] = 1.0f; // a lower bump elsewhere must not matter
        const LocalizationCase c =
            Localization::evaluate(QStringLiteral("x.png"), 1, g, {box}, 0.5);
        QCOMPARE(c.peak, QPointF(hot.x() * 10 + 5, hot.y() * 10 + 5));
        QCOMPARE(c.hit, hit);
    }

    void iouOfKnownRectangles_data()
    {
        QTest::addColumn<QRect>("hot");
        QTest::addColumn<QRectF>("box");
        QTest::addColumn<double>("iou");
        // 4 x 4 cells of 2 x 2 pixels over (10,20)-(18,28).
        QTest::newRow("identical") << QRect(0, 0, 2, 2) << QRectF(10, 20, 4, 4) << 1.0;
        QTest::newRow("quarter overlap") << QRect(0, 0, 2, 2) << QRectF(12, 22, 4, 4) << 4.0 / 28.0;
        QTest::newRow("disjoint") << QRect(0, 0, 1, 1) << QRectF(16, 26, 2, 2) << 0.0;
        QTest::newRow("box inside the region, fractional")
            << QRect(0, 0, 4, 4) << QRectF(11.5, 21.25, 1.5, 2.0) << 3.0 / 64.0;
        QTest::newRow("box partly outside the map")
            << QRect(3, 3, 1, 1) << QRectF(17, 27, 4, 4) << 1.0 / 19.0;
    }
    void iouOfKnownRectangles()
    {
        QFETCH(QRect, hot);
        QFETCH(QRectF, box);
        QFETCH(double, iou);
        const HeatmapGrid g = grid(4, 4, QRectF(10, 20, 8, 8), hot);
        QVERIFY2(std::abs(Localization::iou(g, box, 0.5) - iou) < 1e-9,
                 qPrintable(QString::number(Localization::iou(g, box, 0.5), 'g', 17)));
    }

    void thresholdAndEmptyMaps()
    {
        HeatmapGrid g = grid(4, 1, QRectF(0, 0, 4, 1), QRect(0, 0, 1, 1), 1.0f);
        g.values = {1.0f, 0.6f, 0.4f, -1.0f};
        QCOMPARE(Localization::region(g, 0.5), (std::vector<uint8_t>{1, 1, 0, 0}));
        QVERIFY(std::abs(Localization::iou(g, QRectF(0, 0, 2, 1), 0.5) - 1.0) < 1e-12);
        // No positive evidence: an empty region, IoU 0 (never the box's own area).
        g.values = {-1.0f, -2.0f, -3.0f, -4.0f};
        QCOMPARE(Localization::region(g, 0.5), (std::vector<uint8_t>(4, 0)));
        QCOMPARE(Localization::iou(g, QRectF(0, 0, 2, 1), 0.5), 0.0);
    }

    void upsampleIsBilinearOverTheCrop()
    {
        ClassActivationMaps cams;
        cams.values = {0.0f, 1.0f, 2.0f, 3.0f}; // one 2 x 2 map
        cams.width = cams.height = 2;
        cams.geometry.crop = 4; // scale 1, at the origin: the crop is (0, 0, 4, 4)
        const HeatmapGrid g = Localization::upsample(cams, 0, 4);
        QCOMPARE(g.rect, QRectF(0, 0, 4, 4));
        // OpenCV INTER_LINEAR 2->4: source x = (d + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25.
        const std::vector<float> row0 = {0.0f, 0.25f, 0.75f, 1.0f};
        for (int x = 0; x < 4; ++x) {
            QCOMPARE(g.values[size_t(x)], row0[size_t(x)]);
            QCOMPARE(g.values[size_t(12 + x)], row0[size_t(x)] + 2.0f);
        }
        QCOMPARE(g.values[size_t(4 + 1)], 0.25f + 0.5f); // y 0.25 of the way to row 1
    }

    void flippedCropPointsAtTheMirroredPlace()
    {
        // The map of a mirrored crop peaks in its left column: in the image, that is the right.
        ClassActivationMaps cams;
        cams.values = {1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f}; // 3 x 3
        cams.width = cams.height = 3;
        cams.geometry.crop = 30;
        cams.geometry.flipped = true;
        const QPointF p = Localization::peak(Localization::upsample(cams, 0, 30));
        QVERIFY2(p.x() > 20.0, qPrintable(QString::number(p.x())));
        cams.geometry.flipped = false;
        QVERIFY(Localization::peak(Localization::upsample(cams, 0, 30)).x() < 10.0);
    }

    void imageCasesUseTheCropAndTheBoxFrame()
    {
        // A 256 x 256 image, scale 1, crop 224 at (16,16); a 7 x 7 CAM per finding with the
        // Cardiomegaly maximum at cell (5, 3): its centre is at 16 + 32 * 5.5, 16 + 32 * 3.5.
        CropGeometry g;
        g.imageWidth = g.imageHeight = 256;
        g.scale = 1.0;
        g.cropX = g.cropY = 16;
        g.crop = 224;
        ClassActivationMaps cams;
        cams.values.assign(size_t(kFindingCount) * 49, 0.1f);
        cams.values[49 * 1 + 3 * 7 + 5] = 5.0f;
        cams.width = cams.height = 7;
        cams.geometry = g;
        ExpertBox inside{QStringLiteral("a.png"), 1, QRectF(4 * 176, 4 * 112, 4 * 32, 4 * 32)};
        ExpertBox other{QStringLiteral("a.png"), 4, QRectF(0, 0, 100, 100)}; // Mass
        const std::vector<LocalizationCase> cases =
            Localization::evaluateImage(QStringLiteral("a.png"), cams, {inside, other}, 0.5);
        QCOMPARE(int(cases.size()), 2);
        QCOMPARE(cases[0].finding, 1);
        QVERIFY(cases[0].hit);
        QVERIFY(std::abs(cases[0].peak.x() - (16 + 32 * 5.5)) < 1.0);
        QVERIFY(std::abs(cases[0].peak.y() - (16 + 32 * 3.5)) < 1.0);
        QVERIFY(cases[0].iou > 0.2);
        QCOMPARE(cases[1].finding, 4);
        QVERIFY(!cases[1].hit); // Mass's map is flat at 0.1: it points nowhere, although its
        // first cell (where a maximum search stops) lies inside the box
        const std::vector<LocalizationSummary> s = Localization::summarize(cases);
        QCOMPARE(s[1].hits, 1);
        QCOMPARE(s[1].n, 1);
        QCOMPARE(s[1].hitRate, 1.0);
        QCOMPARE(s[4].hitRate, 0.0);
        QVERIFY(std::isnan(s[0].hitRate));
        const QString csv = ResearchFormatter::localizationCsv(s);
        QVERIFY(csv.contains(QStringLiteral("Cardiomegaly,1,1,1,")));
        QVERIFY(!csv.contains(QStringLiteral("Atelectasis"))); // no boxes: not listed
    }

    void identicalSourcesDoNotDiffer()
    {
        const EvaluationSet a = syntheticSet(120);
        const ComparisonReport r = SourceComparison::compare(a, a, compareOptions(200, 3));
        QCOMPARE(r.images.size(), 120);
        QVERIFY(r.flips.empty());
        const FindingComparison& f = r.findings[0];
        QVERIFY(f.computable);
        QCOMPARE(f.delta, 0.0);
        QCOMPARE(f.ciLow, 0.0);
        QCOMPARE(f.ciHigh, 0.0);
        QCOMPARE(f.ciResamples, 200);
        QCOMPARE(f.maxAbsDelta, 0.0);
        QVERIFY(!r.findings[5].computable); // no scores
        QVERIFY(std::isnan(r.findings[5].delta));
        QCOMPARE(r.meanOver, 2);
    }

    void perturbationFlipsKnownVerdicts()
    {
        const EvaluationSet a = syntheticSet(120);
        EvaluationSet b = a;
        // Three images pushed across 0.5 for finding 0; one moved without crossing it.
        std::vector<int> crossed;
        for (int i = 0; i < a.size() && crossed.size() < 3; ++i)
            if (a.scores[0][size_t(i)] < 0.4) {
                b.scores[0][size_t(i)] = 0.9;
                crossed.push_back(i);
            }
        int quiet = -1;
        for (int i = 0; i < a.size() && quiet < 0; ++i)
            if (a.scores[0][size_t(i)] > 0.6)
                quiet = i;
        b.scores[0][size_t(quiet)] = 0.99;
        const ComparisonReport r = SourceComparison::compare(a, b, compareOptions(300, 5));
        QCOMPARE(r.findings[0].flips, 3);
        QCOMPARE(r.findings[0].flipsToPositive, 3);
        QCOMPARE(r.findings[1].flips, 0);
        QCOMPARE(int(r.flips.size()), 3);
        std::vector<int> flipped;
        for (const VerdictFlip& f : r.flips)
            flipped.push_back(f.index);
        std::sort(flipped.begin(), flipped.end());
        QCOMPARE(flipped, crossed);
        double largest = 0.0;
        for (int i : crossed)
            largest = std::max(largest, 0.9 - a.scores[0][size_t(i)]);
        largest = std::max(largest, 0.99 - a.scores[0][size_t(quiet)]);
        QCOMPARE(r.findings[0].maxAbsDelta, largest);
        // The paired CI contains the estimate, and B - A is A's AUROC subtracted from B's.
        const FindingComparison& f = r.findings[0];
        QCOMPARE(f.delta, f.aurocB - f.aurocA);
        QVERIFY(f.delta != 0.0);
        QVERIFY2(f.ciLow <= f.delta && f.delta <= f.ciHigh,
                 qPrintable(QStringLiteral("%1 [%2, %3]").arg(f.delta).arg(f.ciLow).arg(f.ciHigh)));
        const QString flips = ResearchFormatter::flipsCsv(r);
        QCOMPARE(flips.count(QLatin1Char('\n')), 4);
        QVERIFY(flips.contains(QStringLiteral("Atelectasis,") + a.images[crossed[0]]));
    }

    void seedMakesTheIntervalReproducible()
    {
        const EvaluationSet a = syntheticSet(90);
        EvaluationSet b = a;
        for (double& v : b.scores[0])
            v = std::clamp(v + 0.05 * std::sin(v * 40.0), 0.0, 1.0);
        const ComparisonReport x = SourceComparison::compare(a, b, compareOptions(150, 11));
        const ComparisonReport y = SourceComparison::compare(a, b, compareOptions(150, 11));
        const ComparisonReport z = SourceComparison::compare(a, b, compareOptions(150, 12));
        QCOMPARE(x.findings[0].ciLow, y.findings[0].ciLow);
        QCOMPARE(x.findings[0].ciHigh, y.findings[0].ciHigh);
        QVERIFY(x.findings[0].ciLow != z.findings[0].ciLow ||
                x.findings[0].ciHigh != z.findings[0].ciHigh);
    }

    void imagesOnlyInOneSourceAreCounted()
    {
        const EvaluationSet a = syntheticSet(30);
        EvaluationSet b = syntheticSet(30);
        b.images[0] = QStringLiteral("elsewhere.png");
        const ComparisonReport r = SourceComparison::compare(a, b, compareOptions(0, 1));
        QCOMPARE(r.images.size(), 29);
        QCOMPARE(r.onlyInA, 1);
        QCOMPARE(r.onlyInB, 1);
        QVERIFY(std::isnan(r.findings[0].ciLow)); // no resamples asked for
        QVERIFY(ResearchFormatter::comparisonTable(r).contains(QStringLiteral("on 29 images")));
    }
};

QTEST_GUILESS_MAIN(TestResearch)
#include "tst_research.moc"
