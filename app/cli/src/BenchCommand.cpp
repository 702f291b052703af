#include "EngineOptionsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace chexview {

namespace {

QJsonObject stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    QJsonObject o;
    o.insert(QStringLiteral("median"), std::round(v[v.size() / 2] * 100) / 100);
    o.insert(QStringLiteral("p90"),
             std::round(v[std::min(v.size() - 1, size_t(double(v.size()) * 0.9))] * 100) / 100);
    return o;
}

} // namespace

int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString model = ResourceLocator::defaultModel();
    QString image = ResourceLocator::sampleStudy() + QStringLiteral("/00000129_000.png");
    InferenceEngine::Options opt;
    int batch = 1, iters = 20;
    QList<Precision> precisions;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        QString usage;
        if (parseEngineOptions(args, i, model, opt, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli bench: " << usage << '\n';
                return 2;
            }
            if (a == QLatin1String("--precision"))
                precisions = {*opt.precision};
            continue;
        }
        if (a == QLatin1String("--batch") && i + 1 < args.size())
            batch = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--iters") && i + 1 < args.size())
            iters = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--image") && i + 1 < args.size())
            image = args[++i];
        else {
            err << "usage: chexview-cli bench [--batch N] [--iters N] [--image FILE] "
                << engineOptionsUsage() << '\n';
            return 2;
        }
    }
    if (precisions.isEmpty()) {
        if (opt.engine != Engine::Worker)
            precisions = precisionsOf(Engine::LibTorch);
        else if (opt.device == Device::Cpu)
            precisions = {Precision::Fp32, Precision::Fp32Opt};
        else if (opt.device == Device::Hpu)
            precisions = {Precision::Fp32, Precision::Bf16};
        else
            precisions = {Precision::Fp32, Precision::Fp16, Precision::Bf16};
    }
    try {
        const ModelManifest manifest = ModelManifest::load(model);
        QJsonArray results;
        for (const Precision precision : precisions) {
            opt.precision = precision;
            const InferenceEnginePtr engine = InferenceEngine::load(manifest, opt);
            std::vector<double> decode, pre, infer, cam;
            // Each stage in its own loop (as a Python timing loop does), so that one stage's
            // allocations do not evict the next stage's caches and skew the comparison.
            std::vector<ModelInput> inputs;
            for (int it = 0; it < iters + 2; ++it) {
                QElapsedTimer t;
                t.start();
                const XrayImagePtr img = ImageLoader::load(image);
                const double tDecode = t.nsecsElapsed() / 1e6;
                t.restart();
                inputs.assign(size_t(batch), Preprocessor::prepare(*img, manifest.preprocessing));
                const double tPre = t.nsecsElapsed() / 1e6;
                if (it < 2)
                    continue; // warm-up
                decode.push_back(tDecode);
                pre.push_back(tPre);
            }
            std::vector<Prediction> preds;
            for (int it = 0; it < iters + 2; ++it) {
                QElapsedTimer t;
                t.start();
                preds = engine->run(inputs);
                if (it >= 2)
                    infer.push_back(t.nsecsElapsed() / 1e6 / batch);
            }
            AnalysisResult r;
            r.labels = manifest.labels;
            r.probabilities = preds.front().probabilities;
            r.cams = preds.front().cams;
            r.cams.geometry = inputs.front().geometry;
            for (int it = 0; it < iters + 2; ++it) {
                QElapsedTimer t;
                t.start();
                for (int k = 0; k < 14; ++k)
                    CamRenderer::render(r, k, CamRenderer::Colormap::Jet, 0.6);
                if (it >= 2)
                    cam.push_back(t.nsecsElapsed() / 1e6);
            }
            QJsonObject o;
            o.insert(QStringLiteral("precision"), toString(precision));
            o.insert(QStringLiteral("device"), toString(opt.device));
            o.insert(QStringLiteral("engine"), engine->description());
            o.insert(QStringLiteral("threads"), engine->options().threads);
            o.insert(QStringLiteral("batch"), batch);
            o.insert(QStringLiteral("iters"), iters);
            o.insert(QStringLiteral("load_ms"), std::round(engine->loadMilliseconds()));
            o.insert(QStringLiteral("decode_ms"), stats(decode));
            o.insert(QStringLiteral("preprocess_ms"), stats(pre));
            o.insert(QStringLiteral("inference_ms_per_image"), stats(infer));
            // Throughput from the median batch time: images per second through the engine.
            std::vector<double> sorted = infer;
            std::sort(sorted.begin(), sorted.end());
            o.insert(QStringLiteral("images_per_s"),
                     std::round(10000.0 / sorted[sorted.size() / 2]) / 10);
            o.insert(QStringLiteral("cam_all14_ms"), stats(cam));
            results.append(o);
            out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
            out.flush();
        }
    } catch (const EngineError& e) {
        err << "chexview-cli bench: error: " << e.message() << '\n';
        return 1;
    } catch (const std::exception& e) {
        err << "chexview-cli bench: error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

} // namespace chexview
