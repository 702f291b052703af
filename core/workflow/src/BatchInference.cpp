#include "chexview/workflow/BatchInference.h"
#include "chexview/workflow/ApplicationThreadPool.h"

#include "chexview/error/Error.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/workflow/PredictionCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <ctime>

#include <sys/resource.h>

namespace chexview {

namespace {

/// One file, read, hashed, decoded and preprocessed on the decode pool (or why not).
struct Prepared
{
    QString file;
    QByteArray key;
    XrayImagePtr image;
    std::vector<ModelInput> inputs; ///< 1, or 10 with TTA; empty when cached, gated or failed
    QString error;
    GateVerdict gate;
    bool gated = false;
    double seconds = 0.0;
    double hashCpu = 0.0;
    double decodeCpu = 0.0;
    double preprocessCpu = 0.0;
};

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

/// The decode pool: batch decoding never waits behind PACS transfers or the viewer's loader
/// (they have pools of their own).
QThreadPool& decodePool()
{
    return *ApplicationThreadPool::pool(QStringLiteral("chexview-batch-decode"),
                                        QThread::idealThreadCount());
}

} // namespace

int BatchInference::defaultBatch(Device device, Purpose purpose)
{
    if (isAccelerator(device))
        return 64;
    return purpose == Purpose::Streaming ? 1 : 16;
}

double BatchInference::processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QStringList BatchInference::imageFiles(const QString& dir)
{
    QStringList out;
    const QDir d(dir);
    for (const QString& name : d.entryList(ImageLoader::nameFilters(), QDir::Files, QDir::Name))
        out << d.filePath(name);
    return out;
}

BatchInference::Result BatchInference::run(const InferenceEngine& engine, const QStringList& files,
                                           const Options& options, const Sink& sink,
                                           const std::function<void(const Progress&)>& progress,
                                           const CancelToken* cancel)
{
    const QByteArray suffix = PredictionCache::runKey(engine, options.tta);
    PredictionCache cache(options.cacheFile); // read once: the pool threads only read it
    Result r;
    r.table.source = QStringLiteral("engine");
    r.table.layout = QStringLiteral("engine");
    for (auto& c : r.table.columns)
        c.reserve(size_t(files.size()));
    const PreprocessSpec spec = engine.manifest().preprocessing;
    const bool tta = options.tta, keepImages = options.keepImages;
    const auto keepCams = options.keepCams;
    const bool keepAll = options.keepAllCams;
    const auto gate = options.gate;
    const bool force = options.forceGated;
    auto wantsCams = [keepCams, keepAll](const QString& file) {
        return keepAll || (keepCams && keepCams(QFileInfo(file).fileName()));
    };
    // Hash, and decode + preprocess only what the cache does not have. Runs on pool threads:
    // everything it can throw becomes this file's error.
    auto prepare = [&cache, suffix, spec, tta, keepImages, wantsCams, gate,
                    force](const QString& file) {
        QElapsedTimer t;
        t.start();
        double cpu = threadCpuSeconds();
        Prepared p;
        p.file = file;
        auto lap = [&cpu](double& into) {
            const double now = threadCpuSeconds();
            into += now - cpu;
            cpu = now;
        };
        try {
            FaultInjection::point("batch-decode");
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly)) {
                p.error = QStringLiteral("not-found: ") + f.errorString();
                return p;
            }
            QCryptographicHash sha(QCryptographicHash::Sha256);
            sha.addData(&f);
            p.key = sha.result().toHex() + suffix;
            lap(p.hashCpu);
            if (cache.contains(p.key) && !wantsCams(file))
                return p;
            const XrayImagePtr image = ImageLoader::load(file);
            lap(p.decodeCpu);
            if (gate) {
                p.gate = gate(*image);
                p.gated = p.gate.isRefused() && !force;
                if (p.gated)
                    return p;
            }
            p.inputs = Analyzer::prepare(*image, spec, tta);
            lap(p.preprocessCpu);
            if (keepImages)
                p.image = image;
        } catch (const std::exception& e) {
            p.inputs.clear();
            p.error = describeFailure(e);
        } catch (...) {
            p.inputs.clear();
            p.error = describeUnknownFailure();
        }
        p.seconds = t.nsecsElapsed() / 1e9;
        return p;
    };
    auto record = [&r](const QString& file, const std::array<double, kFindingCount>& s) {
        r.table.images.push_back(QFileInfo(file).fileName());
        for (int k = 0; k < kFindingCount; ++k)
            r.table.columns[size_t(k)].push_back(s[size_t(k)]);
    };
    auto fail = [&r, &sink](const QString& file, const QString& error) {
        r.failures << QStringLiteral("%1: %2").arg(file, error);
        if (sink) {
            Item item;
            item.file = file;
            item.error = error;
            sink(item);
        }
    };
    const int batch = std::max(
        1, options.batch > 0 ? options.batch : defaultBatch(engine.device(), options.purpose));
    QElapsedTimer clock;
    clock.start();
    const double cpuAtStart = processCpuSeconds();
    QFuture<Prepared> next = QtConcurrent::mapped(&decodePool(), files.mid(0, batch), prepare);
    for (int start = 0; start < files.size(); start += batch) {
        QElapsedTimer batchClock;
        batchClock.start();
        const QList<Prepared> ready = next.results();
        if (cancel && cancel->isCancelled()) {
            r.cancelled = true;
            break;
        }
        // Overlap: the next batch is decoded while this one is in inference.
        if (start + batch < files.size())
            next = QtConcurrent::mapped(&decodePool(), files.mid(start + batch, batch), prepare);
        std::vector<std::vector<ModelInput>> inputs;
        std::vector<const Prepared*> owners;
        for (const Prepared& p : ready) {
            r.decodeSeconds += p.seconds;
            r.hashCpuSeconds += p.hashCpu;
            r.decodeCpuSeconds += p.decodeCpu;
            r.preprocessCpuSeconds += p.preprocessCpu;
            if (p.error.isEmpty() && !p.inputs.empty()) {
                inputs.push_back(p.inputs);
                owners.push_back(&p);
            }
        }
        std::vector<AnalysisResult> analyses;
        QString batchError;
        if (!inputs.empty()) {
            QElapsedTimer t;
            t.start();
            try {
                analyses = Analyzer::analyzePrepared(engine, inputs, tta);
            } catch (const std::exception& e) {
                batchError = describeFailure(e);
            }
            r.inferenceSeconds += t.nsecsElapsed() / 1e9;
        }
        const double ms =
            batchClock.nsecsElapsed() / 1e6 / double(std::max<qsizetype>(1, ready.size()));
        size_t at = 0; // index into analyses, in the order of owners
        for (const Prepared& p : ready) {
            if (!p.error.isEmpty()) {
                fail(p.file, p.error);
                continue;
            }
            Item item;
            item.file = p.file;
            item.msPerImage = ms;
            item.gate = p.gate;
            if (p.gated) {
                item.gated = true;
                r.gated << QStringLiteral("%1: %2").arg(p.file,
                                                        p.gate.reasons.join(QStringLiteral("; ")));
                if (sink)
                    sink(item);
                continue;
            }
            if (p.inputs.empty()) {
                item.cached = true;
                item.scores = cache.value(p.key);
                ++r.cached;
            } else {
                if (!batchError.isEmpty()) {
                    fail(p.file, batchError);
                    continue;
                }
                AnalysisResult& a = analyses[at++];
                a.file = p.file;
                for (int k = 0; k < kFindingCount; ++k)
                    item.scores[size_t(k)] = double(a.probabilities[size_t(k)]);
                const QString name = QFileInfo(p.file).fileName();
                const bool listed = keepCams && keepCams(name);
                if (listed) {
                    ImageCams c;
                    c.image = name;
                    c.cams = a.cams;
                    r.cams.push_back(std::move(c));
                }
                if (!listed && !keepAll)
                    a.cams.values.clear();
                item.analysis = std::move(a);
                item.image = p.image;
                ++r.computed;
                if (!cache.contains(p.key))
                    cache.append(p.key, item.scores);
            }
            record(p.file, item.scores);
            if (sink)
                sink(item);
        }
        if (progress) {
            Progress pr;
            pr.done = std::min(start + batch, int(files.size()));
            pr.total = int(files.size());
            pr.cached = r.cached;
            const double s = clock.nsecsElapsed() / 1e9;
            pr.imagesPerSecond = s > 0 ? pr.done / s : 0.0;
            pr.etaSeconds = pr.imagesPerSecond > 0 ? (pr.total - pr.done) / pr.imagesPerSecond : 0;
            progress(pr);
        }
    }
    next.waitForFinished();
    r.seconds = clock.nsecsElapsed() / 1e9;
    r.cpuSeconds = processCpuSeconds() - cpuAtStart;
    return r;
}

} // namespace chexview
