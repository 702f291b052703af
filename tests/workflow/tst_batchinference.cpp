// Batch inference (core/workflow), the loop behind predict FOLDER, evaluate --images and the
// Evaluation tab: batched results equal one-at-a-time results, the predictions cache makes a
// second run compute nothing and never mixes precisions, a cancelled run resumes, failures of
// one file (exceptions inside the decode pool included) leave the others scored.
#include "TestData.h"
#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/eval/Localization.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/workflow/BatchInference.h"
#include "chexview/workflow/PredictionCache.h"

#include <opencv2/core.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

InferenceEnginePtr loadEngine(Precision precision = Precision::Fp32)
{
    InferenceEngine::Options o;
    o.precision = precision;
    o.threads = 1;
    return InferenceEngine::load(
        ModelManifest::load(QStringLiteral(CHEXVIEW_MODEL_FIXTURES "/package")), o);
}

QStringList copyImages(const QString& dir, int n)
{
    const QStringList all =
        BatchInference::imageFiles(sharedData(QStringLiteral("nih/images-256")));
    QStringList out;
    for (int i = 0; i < n; ++i) {
        const QString to = QDir(dir).filePath(QFileInfo(all[i]).fileName());
        QFile::copy(all[i], to);
        out << to;
    }
    return out;
}

} // namespace

class TestBatchInference : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchedEqualsSingleAndCacheResumes()
    {
        QTemporaryDir dir;
        const QStringList files = copyImages(dir.path(), 6);
        QCOMPARE(BatchInference::imageFiles(dir.path()), files);
        const InferenceEnginePtr engine = loadEngine();
        BatchInference::Options o;
        o.batch = 2;
        o.cacheFile = dir.filePath(QStringLiteral("cache.csv"));

        // Cancelled after the first batch: 2 images computed and cached.
        const CancelToken cancel;
        const BatchInference::Result first = BatchInference::run(
            *engine, files, o, {},
            [&](const BatchInference::Progress& p) {
                QCOMPARE(p.total, 6);
                cancel.cancel();
            },
            &cancel);
        QVERIFY(first.cancelled);
        QCOMPARE(first.computed, 2);
        QCOMPARE(first.table.size(), 2);

        // The resumed run takes those 2 from the cache and computes the other 4.
        const BatchInference::Result second = BatchInference::run(*engine, files, o);
        QVERIFY(!second.cancelled);
        QCOMPARE(second.cached, 2);
        QCOMPARE(second.computed, 4);
        QCOMPARE(second.table.size(), 6);
        QVERIFY(second.failures.isEmpty());
        // A third run computes nothing.
        const BatchInference::Result third = BatchInference::run(*engine, files, o);
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
        BatchInference::Options o;
        o.batch = 4;
        o.cacheFile = dir.filePath(QStringLiteral("cache.csv"));
        o.keepCams = [&boxes](const QString& name) { return !boxes.boxesFor(name).isEmpty(); };
        const InferenceEnginePtr engine = loadEngine();
        BatchInference::run(*engine, files, o); // fills the cache
        // Cached scores do not hold CAMs: the boxed image is computed again, the others not.
        const BatchInference::Result r = BatchInference::run(*engine, files, o);
        QCOMPARE(r.cached, 2);
        QCOMPARE(int(r.cams.size()), 1);
        const BatchInference::ImageCams& c = r.cams[0];
        QCOMPARE(c.image, QStringLiteral("00001369_000.png"));
        const AnalysisResult single = Analyzer::analyze(*engine, *ImageLoader::load(boxed), false);
        QCOMPARE(int(c.cams.values.size()), int(single.cams.values.size()));
        for (size_t i = 0; i < c.cams.values.size(); ++i)
            QVERIFY(std::abs(c.cams.values[i] - single.cams.values[i]) < 1e-4);
        QCOMPARE(c.cams.geometry.imageWidth, 256);
        QCOMPARE(c.cams.geometry.cropX, single.cams.geometry.cropX);

        const std::vector<LocalizationCase> cases =
            Localization::evaluateImage(c.image, c.cams, boxes.boxesFor(c.image), 0.5);
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
        BatchInference::Options o;
        o.batch = 8;
        const BatchInference::Result r = BatchInference::run(*loadEngine(), files, o);
        QCOMPARE(r.table.size(), 2);
        QCOMPARE(r.failures.size(), 1);
        QVERIFY(r.failures[0].startsWith(bad));
    }

    void sinkSeesEveryFileInOrder()
    {
        QTemporaryDir dir;
        QStringList files = copyImages(dir.path(), 3);
        const QString bad = dir.filePath(QStringLiteral("broken.png"));
        writeFile(bad, "not an image");
        files.insert(2, bad);
        BatchInference::Options o;
        o.batch = 2;
        o.keepAllCams = true;
        QStringList seen, errors;
        const BatchInference::Result r =
            BatchInference::run(*loadEngine(), files, o, [&](const BatchInference::Item& item) {
                seen << item.file;
                if (!item.error.isEmpty())
                    errors << item.error;
                else
                    QCOMPARE(int(item.analysis.cams.values.size()), kFindingCount * 7 * 7);
            });
        QCOMPARE(seen, files);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith(QStringLiteral("not-an-image: ")), qPrintable(errors[0]));
        QCOMPARE(r.computed, 3);
        QVERIFY(r.cams.empty()); // keepAllCams hands CAMs to the sink, not to the result
    }

    // The cache key names everything that changes the numbers: a run at another precision
    // (or engine, or device) never reads the scores of this one.
    void cacheKeySeparatesPrecisionEngineAndDevice()
    {
        QTemporaryDir dir;
        const QStringList files = copyImages(dir.path(), 2);
        const InferenceEnginePtr fp32 = loadEngine(Precision::Fp32);
        const InferenceEnginePtr opt = loadEngine(Precision::Fp32Opt);
        const QByteArray key = PredictionCache::runKey(*fp32, false);
        QVERIFY2(key.endsWith("|libtorch|cpu|fp32|single"), key.constData());
        QVERIFY(PredictionCache::runKey(*opt, false).endsWith("|libtorch|cpu|fp32-opt|single"));
        QVERIFY(PredictionCache::runKey(*fp32, true).endsWith("|tta"));
        BatchInference::Options o;
        o.cacheFile = dir.filePath(QStringLiteral("cache.csv"));
        QCOMPARE(BatchInference::run(*fp32, files, o).computed, 2);
        const BatchInference::Result other = BatchInference::run(*opt, files, o);
        QCOMPARE(other.cached, 0);
        QCOMPARE(other.computed, 2);
        QCOMPARE(BatchInference::run(*fp32, files, o).cached, 2);
    }

    // The folder listing is the viewer's: JPEG 2000 files included, other files not.
    void imageFilesAreTheViewersExtensions()
    {
        QTemporaryDir dir;
        for (const char* name : {"a.png", "b.jp2", "c.j2k", "d.dcm", "e.txt", "f.jpeg", "g.tif"})
            writeFile(dir.filePath(QString::fromLatin1(name)), "x");
        QStringList names;
        for (const QString& f : BatchInference::imageFiles(dir.path()))
            names << QFileInfo(f).fileName();
        QCOMPARE(names, (QStringList{QStringLiteral("a.png"), QStringLiteral("b.jp2"),
                                     QStringLiteral("c.j2k"), QStringLiteral("d.dcm"),
                                     QStringLiteral("f.jpeg"), QStringLiteral("g.tif")}));
    }

    void defaultBatchIsDecidedOnce_data()
    {
        QTest::addColumn<int>("device");
        QTest::addColumn<int>("purpose");
        QTest::addColumn<int>("batch");
        using P = BatchInference::Purpose;
        QTest::newRow("cpu streaming") << int(Device::Cpu) << int(P::Streaming) << 1;
        QTest::newRow("cpu throughput") << int(Device::Cpu) << int(P::Throughput) << 16;
        QTest::newRow("cuda streaming") << int(Device::Cuda) << int(P::Streaming) << 64;
        QTest::newRow("hpu throughput") << int(Device::Hpu) << int(P::Throughput) << 64;
    }
    void defaultBatchIsDecidedOnce()
    {
        QFETCH(int, device);
        QFETCH(int, purpose);
        QFETCH(int, batch);
        QCOMPARE(BatchInference::defaultBatch(Device(device), BatchInference::Purpose(purpose)),
                 batch);
    }

    // A cv::Exception or bad_alloc inside the decode pool fails those files, not the process.
    void decodePoolExceptionsAreReported_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("cv::Exception") << 0 << QStringLiteral("internal-error: ");
        QTest::newRow("bad_alloc") << 1 << QStringLiteral("out-of-memory: ");
    }
    void decodePoolExceptionsAreReported()
    {
        QFETCH(int, kind);
        QFETCH(QString, prefix);
        QTemporaryDir dir;
        const QStringList files = copyImages(dir.path(), 3);
        FaultInjection::arm("batch-decode", [kind] {
            if (kind == 0)
                throw cv::Exception(cv::Error::StsNoMem, "injected", "decode", __FILE__, __LINE__);
            throw std::bad_alloc();
        });
        const BatchInference::Result r = BatchInference::run(*loadEngine(), files, {});
        FaultInjection::disarm();
        QCOMPARE(r.failures.size(), 3);
        for (const QString& f : r.failures)
            QVERIFY2(f.contains(QStringLiteral(": ") + prefix), qPrintable(f));
        QCOMPARE(BatchInference::run(*loadEngine(), files, {}).computed, 3); // and it recovers
    }
};

QTEST_GUILESS_MAIN(TestBatchInference)
#include "tst_batchinference.moc"
