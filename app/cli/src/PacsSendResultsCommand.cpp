#include "PacsArgs.h"
#include "chexview/gate/InputGate.h"
#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/MeasurementReportWriter.h"
#include "chexview/results/ParametricMapWriter.h"
#include "chexview/results/ResultProvenance.h"
#include "chexview/results/SecondaryCaptureWriter.h"
#include "chexview/results/SourceStudy.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace chexview {

int runPacsSendResults(const PacsArgs& a, QTextStream& out, QTextStream& err)
{
    const QString file = a.positional.first();
    const QString prefix = QStringLiteral("chexview-cli pacs send-results: error: ");
    SourceStudy source;
    XrayImagePtr image;
    try {
        source = SourceStudy::read(file);
        image = ImageLoader::load(file);
    } catch (const ImageError& e) {
        err << prefix << ImageError::codeName(e.code()) << ": " << e.message() << '\n';
        return 1;
    } catch (const std::runtime_error& e) {
        err << prefix << "not-dicom: " << e.what() << '\n';
        return 1;
    }
    if (a.anonymize)
        source.anonymize();
    // The input gate runs before every analysis; its verdict goes into the report.
    const GateVerdict gate = InputGate::check(*image);
    if (gate.isRefused() && !a.forceGate) {
        err << prefix << "refused by the input gate: " << gate.reasons.join(QStringLiteral("; "))
            << " (--force analyzes it anyway)\n";
        return 1;
    }

    InferenceEnginePtr engine;
    AnalysisResult result;
    try {
        engine = InferenceEngine::load(ModelManifest::load(a.model), a.engine);
        result = Analyzer::analyze(*engine, *image);
    } catch (const EngineError& e) {
        err << prefix << e.message() << '\n';
        return 1;
    }
    int finding = int(result.ranking().front());
    if (!a.finding.isEmpty()) {
        finding = int(result.labels.indexOf(a.finding));
        if (finding < 0) {
            err << prefix << "unknown finding '" << a.finding << "' (one of "
                << result.labels.join(", ") << ")\n";
            return 2;
        }
    }
    ResultProvenance provenance = ResultProvenance::of(result, engine->manifest());
    provenance.gateVerdict =
        !a.gateVerdict.isEmpty() ? a.gateVerdict : gate.recordedSummary(a.forceGate);

    QTemporaryDir temp;
    const QString dir = a.dest.isEmpty() ? temp.path() : a.dest;
    QDir().mkpath(dir);
    const QString srPath = dir + QStringLiteral("/chexview-sr.dcm");
    const QString pmPath = dir + QStringLiteral("/chexview-pm.dcm");
    const QString scPath = dir + QStringLiteral("/chexview-sc.dcm");
    QString srUid, pmUid, scUid;
    try {
        srUid = MeasurementReportWriter::write(result, source, provenance, srPath);
        pmUid = ParametricMapWriter::write(result, source, provenance, pmPath);
        const QImage composed =
            SecondaryCaptureWriter::compose(DisplayPipeline::render(*image, {}), result, finding);
        scUid = SecondaryCaptureWriter::write(composed, result, finding, source, scPath,
                                              provenance.gateVerdict);
    } catch (const std::runtime_error& e) {
        err << prefix << "storage: " << e.what() << '\n';
        return 1;
    }
    try {
        PacsSession::Options o = sessionOptions(a);
        o.retrieval = PacsSession::Retrieval::Get; // storing: the node's protocol, never C-MOVE
        PacsSession(a.node, o).store({srPath, pmPath, scPath});
    } catch (const PacsError& e) {
        err << prefix << PacsError::codeName(e.code()) << ": " << e.message() << '\n';
        return 1;
    }
    QJsonObject o;
    o.insert(QStringLiteral("file"), file);
    o.insert(QStringLiteral("StudyInstanceUID"), source.studyInstanceUid);
    o.insert(QStringLiteral("sr_sop_instance_uid"), srUid);
    o.insert(QStringLiteral("pm_sop_instance_uid"), pmUid);
    o.insert(QStringLiteral("sc_sop_instance_uid"), scUid);
    o.insert(QStringLiteral("sc_finding"), result.labels[finding]);
    o.insert(QStringLiteral("model"), result.model);
    o.insert(QStringLiteral("trained"), result.trained);
    o.insert(QStringLiteral("precision"), result.precision);
    QJsonObject findings;
    for (int k = 0; k < result.labels.size(); ++k)
        findings.insert(result.labels[k], double(result.probabilities[size_t(k)]));
    o.insert(QStringLiteral("findings"), findings);
    if (!a.dest.isEmpty()) {
        o.insert(QStringLiteral("sr_path"), srPath);
        o.insert(QStringLiteral("pm_path"), pmPath);
        o.insert(QStringLiteral("sc_path"), scPath);
    }
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    if (!result.trained)
        err << "chexview-cli pacs send-results: warning: untrained demo weights — the stored "
               "scores are meaningless\n";
    return 0;
}

} // namespace chexview
