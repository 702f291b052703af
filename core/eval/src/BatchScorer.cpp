#include "chexview/eval/BatchScorer.h"

#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/Preprocessor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QHash>
#include <QtConcurrent/QtConcurrentMap>

#include <array>
#include <ctime>

#include <sys/resource.h>

namespace chexview {

namespace {

using Scores = std::array<double, kFindingCount>;

struct Prepared
{
    QString file;
    QByteArray key;
    std::vector<ModelInput> inputs; ///< 1, or 10 with TTA; empty when decoding failed
    QString error;
    QString gated; ///< the input gate's reasons: not scored
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

QHash<QByteArray, Scores> readCache(const QString& path)
{
    QHash<QByteArray, Scores> cache;
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return cache;
    while (!f.atEnd()) {
        const QList<QByteArray> fields = f.readLine().trimmed().split(',');
        if (fields.size() != kFindingCount + 1)
            continue; // a line cut by an interruption
        Scores s{};
        bool ok = true;
        for (int k = 0; k < kFindingCount && ok; ++k) {
            s[size_t(k)] = fields[k + 1].toDouble(&ok);
            ok = ok && s[size_t(k)] >= 0.0 && s[size_t(k)] <= 1.0;
        }
        if (ok)
            cache.insert(fields[0], s);
    }
    return cache;
}

} // namespace

double BatchScorer::processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

QStringList BatchScorer::imageFiles(const QString& dir)
{
    QStringList out;
    const QDir d(dir);
    for (const QString& name :
         d.entryList({QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"),
                      QStringLiteral("*.tif"), QStringLiteral("*.tiff"), QStringLiteral("*.dcm"),
                      QStringLiteral("*.dicom")},
                     QDir::Files, QDir::Name))
        out << d.filePath(name);
    return out;
}

BatchScorer::Result BatchScorer::score(const InferenceEngine& engine, const QStringList& files,
                                       const Options& options,
                                       const std::function<void(const Progress&)>& progress,
                                       const std::atomic<bool>* cancel)
{
    const ModelManifest& m = engine.manifest();
    const QString precision = engine.options().precision;
    const QString which =
        precision == QLatin1String("int8") ? QStringLiteral("int8") : QStringLiteral("fp32");
    const QByteArray modelSha = m.raw.value(QStringLiteral("files"))
                                    .toObject()
                                    .value(which)
                                    .toObject()
                                    .value(QStringLiteral("sha256"))
                                    .toString()
                                    .toLatin1();
    const QByteArray suffix =
        "|" + modelSha + "|" + precision.toLatin1() + "|" + (options.tta ? "tta" : "single");
    // Read once before the run: the workers only read it (new results go to the file).
    const QHash<QByteArray, Scores> cache = readCache(options.cacheFile);
    QFile cacheOut(options.cacheFile);
    if (!options.cacheFile.isEmpty())
        cacheOut.open(QIODevice::WriteOnly | QIODevice::Append);

    Result r;
    r.table.source = QStringLiteral("engine");
    r.table.layout = QStringLiteral("engine");
    for (auto& c : r.table.columns)
        c.reserve(size_t(files.size()));
    auto record = [&](const QString& file, const Scores& s) {
        r.table.images.push_back(QFileInfo(file).fileName());
        for (int k = 0; k < kFindingCount; ++k)
            r.table.columns[size_t(k)].push_back(s[size_t(k)]);
    };
    const PreprocessSpec spec = m.preprocessing;
    const bool tta = options.tta;
    // Hash, and decode + preprocess only what the cache does not have.
    const auto keepCams = options.keepCams;
    auto wantsCams = [keepCams](const QString& file) {
        return keepCams && keepCams(QFileInfo(file).fileName());
    };
    const auto gate = options.gate;
    auto prepare = [&cache, suffix, spec, tta, wantsCams, gate](const QString& file) {
        QElapsedTimer t;
        t.start();
        double cpu = threadCpuSeconds();
        Prepared p;
        p.file = file;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            p.error = f.errorString();
            return p;
        }
        p.key = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex() + suffix;
        auto lap = [&cpu](double& into) {
            const double now = threadCpuSeconds();
            into += now - cpu;
            cpu = now;
        };
        lap(p.hashCpu);
        if (cache.contains(p.key) && !wantsCams(file))
            return p;
        try {
            const XrayImagePtr image = ImageLoader::load(file);
            lap(p.decodeCpu);
            if (gate && !(p.gated = gate(*image)).isEmpty())
                return p;
            if (tta)
                p.inputs = Preprocessor::tenCrop(*image, spec);
            else
                p.inputs.push_back(Preprocessor::prepare(*image, spec));
            lap(p.preprocessCpu);
        } catch (const ImageError& e) {
            p.error = e.message();
        }
        p.seconds = t.nsecsElapsed() / 1e9;
        return p;
    };
    const int batch = std::max(1, options.batch);
    QElapsedTimer clock;
    clock.start();
    const double cpuAtStart = processCpuSeconds();
    QFuture<Prepared> next = QtConcurrent::mapped(files.mid(0, batch), prepare);
    for (int start = 0; start < files.size(); start += batch) {
        const QList<Prepared> ready = next.results();
        if (cancel && cancel->load()) {
            r.cancelled = true;
            break;
        }
        // Overlap: the next batch is decoded while this one is in inference.
        if (start + batch < files.size())
            next = QtConcurrent::mapped(files.mid(start + batch, batch), prepare);
        std::vector<ModelInput> inputs;
        std::vector<const Prepared*> owners;
        for (const Prepared& p : ready) {
            r.decodeSeconds += p.seconds;
            r.hashCpuSeconds += p.hashCpu;
            r.decodeCpuSeconds += p.decodeCpu;
            r.preprocessCpuSeconds += p.preprocessCpu;
            if (!p.error.isEmpty()) {
                r.failures << QStringLiteral("%1: %2").arg(p.file, p.error);
            } else if (!p.gated.isEmpty()) {
                r.gated << QStringLiteral("%1: %2").arg(p.file, p.gated);
            } else if (p.inputs.empty()) {
                record(p.file, cache.value(p.key));
                ++r.cached;
            } else {
                for (const ModelInput& in : p.inputs)
                    inputs.push_back(in);
                owners.push_back(&p);
            }
        }
        if (!inputs.empty()) {
            QElapsedTimer t;
            t.start();
            try {
                const std::vector<Prediction> out = engine.run(inputs);
                r.inferenceSeconds += t.nsecsElapsed() / 1e9;
                size_t at = 0;
                for (const Prepared* p : owners) {
                    if (wantsCams(p->file)) {
                        const Prediction& centre = out[at]; // the plain centre crop comes first
                        ImageCams c;
                        c.image = QFileInfo(p->file).fileName();
                        c.cams = centre.cams;
                        c.camWidth = centre.camWidth;
                        c.camHeight = centre.camHeight;
                        c.geometry = p->inputs.front().geometry;
                        r.cams.push_back(std::move(c));
                    }
                    Scores s{};
                    for (size_t j = 0; j < p->inputs.size(); ++j, ++at)
                        for (int k = 0; k < kFindingCount; ++k)
                            s[size_t(k)] +=
                                double(out[at].probabilities[size_t(k)]) / double(p->inputs.size());
                    record(p->file, s);
                    ++r.computed;
                    if (cacheOut.isOpen() && !cache.contains(p->key)) {
                        QByteArray line = p->key;
                        for (double v : s)
                            line += ',' + QByteArray::number(v, 'g', 9);
                        cacheOut.write(line + '\n');
                    }
                }
                if (cacheOut.isOpen())
                    cacheOut.flush();
            } catch (const EngineError& e) {
                for (const Prepared* p : owners)
                    r.failures << QStringLiteral("%1: %2").arg(p->file, e.message());
            }
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
