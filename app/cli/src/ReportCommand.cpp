#include "EngineOptionsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/gate/InputGate.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/EngineError.h"
#include "chexview/report/ReportBuilder.h"
#include "chexview/report/ReportWriter.h"
#include "chexview/resources/ResourceLocator.h"

#include <QGuiApplication>

namespace chexview {

int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString model = ResourceLocator::defaultModel(), finding, output, file;
    InferenceEngine::Options opt;
    bool anonymize = false, force = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        QString usage;
        if (parseEngineOptions(args, i, model, opt, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli report: " << usage << '\n';
                return 2;
            }
            continue;
        }
        if (a == QLatin1String("--anonymize"))
            anonymize = true;
        else if (a == QLatin1String("--force"))
            force = true;
        else if (a == QLatin1String("--finding") && i + 1 < args.size())
            finding = args[++i];
        else if ((a == QLatin1String("-o") || a == QLatin1String("--output")) &&
                 i + 1 < args.size())
            output = args[++i];
        else if (!a.startsWith(QLatin1Char('-')) && file.isEmpty())
            file = a;
        else {
            err << "chexview-cli report: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (file.isEmpty() || output.isEmpty()) {
        err << "usage: chexview-cli report FILE [--model DIR] [--precision fp32|fp32-opt|int8]"
               " [--device cpu|cuda] [--finding NAME] [--anonymize] [--force] -o OUT.pdf\n";
        return 2;
    }
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        err << "chexview-cli report: needs a QGuiApplication (fonts for the PDF)\n";
        return 1;
    }
    ReportBuilder::Inputs in;
    in.file = file;
    in.anonymize = anonymize;
    // Anonymized, even error messages name the file only as "the image".
    const QString shownName = anonymize ? QStringLiteral("the image") : file;
    try {
        in.image = ImageLoader::load(file);
    } catch (const ImageError& e) {
        err << shownName << ": error: " << ImageError::codeName(e.code()) << ": " << e.message()
            << '\n';
        return 1;
    }
    // The input gate before the analysis, as everywhere: a refused image gets no report unless
    // forced, and a forced one says so on the page.
    const GateVerdict gate = InputGate::check(*in.image);
    if (gate.isRefused() && !force) {
        err << "chexview-cli report: " << shownName
            << " refused by the input gate: " << gate.reasons.join(QStringLiteral("; "))
            << " (--force reports it anyway)\n";
        return 1;
    }
    in.gate = gate.recordedSummary(force);
    try {
        const InferenceEnginePtr engine = InferenceEngine::load(ModelManifest::load(model), opt);
        in.result = Analyzer::analyze(*engine, *in.image);
        in.provenance = engine->manifest().provenance;
    } catch (const EngineError& e) {
        err << "chexview-cli report: error: " << e.message() << '\n';
        return 1;
    }
    in.finding = in.result.ranking().front();
    if (!finding.isEmpty()) {
        in.finding = -1;
        for (int k = 0; k < in.result.labels.size(); ++k)
            if (in.result.labels[k].compare(finding, Qt::CaseInsensitive) == 0)
                in.finding = k;
        if (in.finding < 0) {
            err << "chexview-cli report: unknown finding '" << finding << "' (one of "
                << in.result.labels.join(QStringLiteral(", ")) << ")\n";
            return 2;
        }
    }
    if (!in.result.trained)
        err << "chexview-cli report: warning: untrained demo weights — scores are meaningless\n";
    in.display = DisplayPipeline::render(*in.image, {});
    QString error;
    if (!ReportWriter::writePdf(ReportBuilder::report(in), output, &error)) {
        err << "chexview-cli report: cannot write " << output << ": " << error << '\n';
        return 1;
    }
    out << output << '\n';
    return 0;
}

} // namespace chexview
