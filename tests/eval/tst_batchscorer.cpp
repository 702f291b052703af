// Running the model over a folder for evaluation: batched results equal one-at-a-time results,
// the predictions cache makes a second run compute nothing, and a cancelled run resumes.
#include "TestData.h"
#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/eval/BatchScorer.h"
#include "chexview/eval/Localization.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

InferenceEnginePtr loadEngine()
{
    InferenceEngine::Options o;
    o.precision = QStringLiteral("fp32");
    o.threads = 1;
    return InferenceEngine::load(
        ModelManifest::load(QStringLiteral(CHEXVIEW_MODEL_FIXTURES "/package")), o);
}

QStringList copyImages(const QString& dir, int n)
{
    const QStringList all = BatchScorer::imageFiles(sharedData(QStringLiteral("nih/images-256")));
    QStringList out;
    for (int i = 0; i < n; ++i) {
        const QString to = QDir(dir).filePath(QFileInfo(all[i]).fileName());
        QFile::copy(all[i], to);
        out << to;
    }
    return out;
}

} // namespace

class TestBatchScorer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchedEqualsSingleAndCacheResumes()
    {
        QTemporaryDir dir;
        const QStringList files = copyImages(dir.path(), 6);
        QCOMPARE(BatchScorer::imageFiles(dir.path()), files);
        const InferenceEnginePtr engine = loadEngine();
        BatchScorer::Options o;
        o.batch = 2;
        o.cacheFile = dir.filePath(QStringLiteral("cache.csv"));

        // Cancelled after the first batch: 2 images computed and cached.
        std::atomic<bool> cancel{false};
        const BatchScorer::Result first = BatchScorer::score(
            *engine, files, o,
            [&](const BatchScorer::Progress& p) {
                QCOMPARE(p.total, 6);
                cancel = true;
            },
            &cancel);
        QVERIFY(first.cancelled);
        QCOMPARE(first.computed, 2);
        QCOMPARE(first.table.size(), 2);

        // The resumed run takes those 2 from the cache and computes the other 4.
        const BatchScorer::Result second = BatchScorer::score(*engine, files, o);
        QVERIFY(!second.cancelled);
        QCOMPARE(second.cached, 2);
        QCOMPARE(second.computed, 4);
        QCOMPARE(second.table.size(), 6);
        QVERIFY(second.failures.isEmpty());
        // A third run computes nothing.
        const BatchScorer::Result third = BatchScorer::score(*engine, files, o);
        QCOMPARE(third.cached, 6);
        QCOMPARE(third.computed, 0);

        // Every score equals a one-image analysis of the same file (batching changes nothing).
        for (int i = 0; i < files.size(); ++i) {
            const AnalysisResult single =
                Analyzer::analyze(*engine, *ImageLoader::load(files[i]), false);
            QCOMPARE(second.table.images[size_t(i)], QFileInfo(files[i]).fileName());
            for (int k = 0; k < kFindingCount; ++k) {
                QVERIFY(std::abs(second.table.columns[size_t(k)][size_t(i)] -
                                 double(single.probabilities[size_t(k)])) < 1e-5);
                QVERIFY(std::abs(third.table.columns[size_t(k)][size_t(i)] -
                                 second.table.columns[size_t(k)][size_t(i)]) < 1e-8);
            }
        }
    }

    void camsForBoxedImagesGiveLocalization()
    {
        // End to end: the real BBox list, an image with a Cardiomegaly box, the model's CAMs.
        QTemporaryDir dir;
        const QString boxed = dir.filePath(QStringLiteral("00001369_000.png"));
        QVERIFY(QFile::copy(sharedData(QStringLiteral("nih/images-256/00001369_000.png")), boxed));
        const QStringList files = QStringList{boxed} + copyImages(dir.path(), 2);
        const ExpertBoxes boxes =
            ExpertBoxes::read(sharedData(QStringLiteral("nih/meta/BBox_List_2017.csv.gz")));
        BatchScorer::Options o;
        o.batch = 4;
        o.cacheFile = dir.filePath(QStringLiteral("cache.csv"));
        o.keepCams = [&boxes](const QString& name) { return !boxes.boxesFor(name).isEmpty(); };
        const InferenceEnginePtr engine = loadEngine();
        BatchScorer::score(*engine, files, o); // fills the cache
        // Cached scores do not hold CAMs: the boxed image is computed again, the others not.
        const BatchScorer::Result r = BatchScorer::score(*engine, files, o);
        QCOMPARE(r.cached, 2);
        QCOMPARE(int(r.cams.size()), 1);
        const BatchScorer::ImageCams& c = r.cams[0];
        QCOMPARE(c.image, QStringLiteral("00001369_000.png"));
        const AnalysisResult single = Analyzer::analyze(*engine, *ImageLoader::load(boxed), false);
        QCOMPARE(int(c.cams.size()), int(single.cams.size()));
        for (size_t i = 0; i < c.cams.size(); ++i)
            QVERIFY(std::abs(c.cams[i] - single.cams[i]) < 1e-4);
        QCOMPARE(c.geometry.imageWidth, 256);
        QCOMPARE(c.geometry.cropX, single.geometry.cropX);

        const std::vector<LocalizationCase> cases = Localization::evaluateImage(
            c.image, c.cams, c.camWidth, c.camHeight, c.geometry, boxes.boxesFor(c.image), 0.5);
        QCOMPARE(int(cases.size()), 1);
        QCOMPARE(cases[0].finding, 1); // Cardiomegaly
        // The peak is the maximum of the Cardiomegaly CAM, inside the crop; the hit is whether
        // it lies in the box scaled from 1024 to 256 (336.99, 276.32, 553.72 x 386.84).
        const QRectF box(336.998941798942 / 4, 276.316402116402 / 4, 553.718518518519 / 4,
                         386.844444444444 / 4);
        QVERIFY(cases[0].peak.x() >= 16 && cases[0].peak.x() <= 240);
        QCOMPARE(cases[0].hit, box.contains(cases[0].peak));
        QVERIFY(cases[0].iou >= 0.0 && cases[0].iou <= 1.0);
    }

    void unreadableFileIsReportedAndTheRestScored()
    {
        QTemporaryDir dir;
        QStringList files = copyImages(dir.path(), 2);
        const QString bad = dir.filePath(QStringLiteral("broken.png"));
        writeFile(bad, "not an image");
        files.insert(1, bad);
        BatchScorer::Options o;
        o.batch = 8;
        const BatchScorer::Result r = BatchScorer::score(*loadEngine(), files, o);
        QCOMPARE(r.table.size(), 2);
        QCOMPARE(r.failures.size(), 1);
        QVERIFY(r.failures[0].startsWith(bad));
    }
};

QTEST_GUILESS_MAIN(TestBatchScorer)
#include "tst_batchscorer.moc"
