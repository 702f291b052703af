// Running the model over a folder for evaluation: batched results equal one-at-a-time results,
// the predictions cache makes a second run compute nothing, and a cancelled run resumes.
#include "TestData.h"
#include "chexview/eval/BatchScorer.h"
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
