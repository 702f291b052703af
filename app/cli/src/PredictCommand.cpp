#include "EngineOptionsArgs.h"
#include "InputPaths.h"
#include "chexview/cli/Commands.h"
#include "chexview/gate/InputGate.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/workflow/BatchInference.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace chexview {

namespace {

QString jsonString(const QString& s)
{
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString gateJson(const GateVerdict& gate)
{
    return QString::fromUtf8(QJsonDocument(gate.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

int runPredictCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString model = ResourceLocator::defaultModel(), camDir, csvPath;
    InferenceEngine::Options opt; // precision empty: the engine's default, as in the viewer
    BatchInference::Options run;
    run.purpose = BatchInference::Purpose::Streaming;
    int& batch = run.batch; // 0: BatchInference::defaultBatch
    QStringList files, emptyFolders;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        QString usage;
        if (parseEngineOptions(args, i, model, opt, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli predict: " << usage << '\n';
                return 2;
            }
            continue;
        }
        if (a == QLatin1String("--tta"))
            run.tta = true;
        else if (a == QLatin1String("--force")) // score images the input gate refuses
            run.forceGated = true;
        else if (a == QLatin1String("--cam-dir") && i + 1 < args.size())
            camDir = args[++i];
        else if (a == QLatin1String("--csv") && i + 1 < args.size())
            csvPath = args[++i];
        else if (a == QLatin1String("--batch") && i + 1 < args.size()) {
            batch = args[++i].toInt();
            if (batch < 1 || batch > 256) {
                err << "chexview-cli predict: --batch takes 1 to 256\n";
                return 2;
            }
        } else if (!a.startsWith(QLatin1Char('-'))) {
            const QStringList found = expandInputPath(a);
            if (found.isEmpty())
                emptyFolders << a;
            files << found;
        } else {
            err << "chexview-cli predict: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    for (const QString& folder : emptyFolders)
        err << folder << ": error: no supported images in this folder\n";
    if (files.isEmpty() && !emptyFolders.isEmpty())
        return 1;
    if (files.isEmpty()) {
        err << "usage: chexview-cli predict FILE|FOLDER... [--tta] [--force] [--batch N] "
               "[--cam-dir DIR] "
               "[--csv OUT] "
            << engineOptionsUsage() << '\n';
        return 2;
    }
    InferenceEnginePtr engine;
    try {
        engine = InferenceEngine::load(ModelManifest::load(model), opt);
    } catch (const EngineError& e) {
        err << "chexview-cli predict: error: " << e.message() << '\n';
        return 1;
    }
    const ModelManifest& m = engine->manifest();
    if (!m.trained)
        err << "chexview-cli predict: warning: untrained demo weights — scores are meaningless\n";
    QFile csv(csvPath);
    QTextStream csvOut(&csv);
    if (!csvPath.isEmpty()) {
        if (!csv.open(QIODevice::WriteOnly | QIODevice::Text)) {
            err << "chexview-cli predict: cannot write " << csvPath << '\n';
            return 1;
        }
        // Probabilities, then each finding's operating threshold and positive flag (1 when the
        // probability reaches the threshold), in the manifest's order.
        csvOut << "file,model,precision,device,ms," << m.labels.join(QLatin1Char(','));
        for (const QString& label : m.labels)
            csvOut << ",threshold_" << label;
        for (const QString& label : m.labels)
            csvOut << ",positive_" << label;
        csvOut << '\n';
    }
    if (!camDir.isEmpty()) {
        QDir().mkpath(camDir);
        run.keepAllCams = true;
        run.keepImages = true;
    }
    const bool tta = run.tta;
    int failures = 0;
    // One line per image as soon as its batch is scored; "ms" is the batch's time per image.
    auto print = [&](const BatchInference::Item& item) {
        const QString& file = item.file;
        if (!item.error.isEmpty()) {
            ++failures;
            err << file << ": error: " << item.error << '\n';
            err.flush();
            return;
        }
        if (item.gated) { // no scores: the gate's reasons instead
            out << QStringLiteral("{\"file\":%1,\"model\":%2,\"gate\":%3}\n")
                       .arg(jsonString(file), jsonString(m.name), gateJson(item.gate));
            out.flush();
            return;
        }
        const AnalysisResult& r = item.analysis;
        const double ms = item.msPerImage;
        QString line =
            QStringLiteral("{\"file\":%1,\"model\":%2,\"trained\":%3,\"precision\":%"
                           "4,\"device\":%5,\"engine\":%6,\"tta\":%7,\"ms\":%8,\"gate\":%9,")
                .arg(jsonString(file), jsonString(m.name),
                     m.trained ? QStringLiteral("true") : QStringLiteral("false"),
                     jsonString(r.precision), jsonString(r.device), jsonString(r.engine),
                     tta ? QStringLiteral("true") : QStringLiteral("false"))
                .arg(ms, 0, 'f', 1)
                .arg(gateJson(item.gate));
        if (item.gate.isRefused())
            line += QStringLiteral("\"forced\":true,");
        line += QStringLiteral("\"findings\":{");
        for (int k = 0; k < m.labels.size(); ++k)
            line += (k ? QStringLiteral(",") : QString()) + jsonString(m.labels[k]) +
                    QLatin1Char(':') + QString::number(double(r.probabilities[size_t(k)]), 'g', 6);
        out << line << "}}\n";
        if (csv.isOpen()) {
            csvOut << jsonString(file) << ',' << jsonString(m.name) << ',' << r.precision << ','
                   << r.device << ',' << QString::number(ms, 'f', 1);
            for (float p : r.probabilities)
                csvOut << ',' << QString::number(double(p), 'g', 6);
            for (double th : r.thresholds)
                csvOut << ',' << QString::number(th, 'g', 6);
            for (int k = 0; k < int(r.probabilities.size()); ++k)
                csvOut << ',' << (r.isPositive(k) ? 1 : 0);
            csvOut << '\n';
        }
        if (!camDir.isEmpty() && item.image) {
            const QImage display = DisplayPipeline::render(*item.image, {});
            for (int k = 0; k < m.labels.size(); ++k) {
                const CamOverlay o = CamRenderer::render(r, k, CamRenderer::Colormap::Jet, 0.6);
                CamRenderer::blend(display, o)
                    .save(QDir(camDir).filePath(
                        QStringLiteral("%1_%2.png")
                            .arg(QFileInfo(file).completeBaseName(), m.labels[k])));
            }
        }
        out.flush();
    };
    run.gate = [](const XrayImage& image) { return InputGate::check(image); };
    BatchInference::run(*engine, files, run, print);
    return failures || !emptyFolders.isEmpty() ? 1 : 0;
}

} // namespace chexview
