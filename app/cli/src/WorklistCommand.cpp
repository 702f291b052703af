#include "EngineOptionsArgs.h"
#include "StudyInputs.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/TriageOrder.h"
#include "chexview/workflow/WorklistJob.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace chexview {

namespace {

const char kUsage[] =
    "usage: chexview-cli worklist PATH... [--priority F1,F2/F3,...] [--format json|csv]\n"
    "          [--aging-minutes N] [--max-wait-minutes N] [--now YYYYMMDDHHMMSS]\n"
    "          [--batch N] [--cache FILE] [--force] [--labels CSV] [--index FILE | --no-index]\n"
    "          [--model DIR] [--precision P] [--device D] [--engine E] ...\n";

QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

int runWorklistCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    StudyInputs inputs;
    QString format = QStringLiteral("json"), model = ResourceLocator::defaultModel();
    QString nowText;
    InferenceEngine::Options engineOptions;
    TriageOrder::Options triage;
    StudyScoring::Options scoring;
    scoring.cacheFile = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                        QStringLiteral("/chexview/evaluate-predictions.csv");
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        bool ok = true;
        QString usage;
        if (parseEngineOptions(args, i, model, engineOptions, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli worklist: " << usage << '\n';
                return 2;
            }
            continue;
        }
        if (inputs.parseOption(args, i))
            continue;
        if (a == QLatin1String("--format") && hasValue)
            format = args[++i];
        else if (a == QLatin1String("--priority") && hasValue)
            triage.priority = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--aging-minutes") && hasValue)
            triage.agingStepMinutes = args[++i].toDouble(&ok);
        else if (a == QLatin1String("--max-wait-minutes") && hasValue)
            triage.maxWaitMinutes = args[++i].toDouble(&ok);
        else if (a == QLatin1String("--now") && hasValue)
            nowText = args[++i];
        else if (a == QLatin1String("--batch") && hasValue)
            scoring.batch = args[++i].toInt(&ok);
        else if (a == QLatin1String("--cache") && hasValue)
            scoring.cacheFile = args[++i];
        else if (a == QLatin1String("--force"))
            scoring.forceGated = true;
        else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out << kUsage << studyInputsUsage() << engineOptionsUsage();
            return 0;
        } else if (a.startsWith(QLatin1String("--"))) {
            err << "chexview-cli worklist: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        } else
            inputs.paths << a;
        if (!ok || scoring.batch < 1 || scoring.batch > 4096 ||
            !(triage.agingStepMinutes >= 0.0 && triage.agingStepMinutes <= 1e7) ||
            !(triage.maxWaitMinutes >= 0.0 && triage.maxWaitMinutes <= 1e7)) {
            err << "chexview-cli worklist: bad value for " << a << '\n';
            return 2;
        }
    }
    QDateTime now = QDateTime::currentDateTime();
    if (!nowText.isEmpty()) {
        now = QDateTime::fromString(nowText, QStringLiteral("yyyyMMddHHmmss"));
        if (!now.isValid()) {
            err << "chexview-cli worklist: --now wants YYYYMMDDHHMMSS\n";
            return 2;
        }
    }
    if (inputs.paths.isEmpty() ||
        (format != QLatin1String("json") && format != QLatin1String("csv"))) {
        err << kUsage;
        return 2;
    }
    try { // a bad priority list is an error before anything is read or loaded
        TriageOrder::parsePriority(triage.priority, chestXray14Findings());
    } catch (const StudyError& e) {
        err << "chexview-cli worklist: error: " << e.message() << '\n';
        return 2;
    }
    QList<PatientStudies> patients;
    if (!inputs.load(QStringLiteral("worklist"), patients, err))
        return 1;
    InferenceEnginePtr engine;
    try {
        engine = InferenceEngine::load(ModelManifest::load(model), engineOptions);
    } catch (const EngineError& e) {
        err << "chexview-cli worklist: error: " << e.message() << '\n';
        return 1;
    }
    const ModelManifest& m = engine->manifest();
    if (!m.trained)
        err << "chexview-cli worklist: warning: untrained demo weights — the order is "
               "meaningless\n";
    WorklistRequest request{patients, scoring, triage, now};
    WorklistOutcome outcome;
    try {
        outcome = WorklistJob::run(*engine, request);
    } catch (const StudyError& e) {
        err << "chexview-cli worklist: error: " << e.message() << '\n';
        return 2;
    }
    for (const QString& f : outcome.failures)
        err << "chexview-cli worklist: failed " << f << '\n';
    for (const QString& f : outcome.refused)
        err << "chexview-cli worklist: refused by the input gate: " << f
            << " (--force scores it)\n";
    const std::vector<TriageEntry>& order = outcome.entries;
    if (format == QLatin1String("csv"))
        out << "rank,patient_id,study_uid,top_finding,score,threshold,reasons\n";
    for (const TriageEntry& e : order) {
        if (format == QLatin1String("csv")) {
            out << e.rank << ',' << csvField(e.patientId) << ',' << csvField(e.studyUid) << ','
                << csvField(e.topFinding) << ',' << QString::number(e.score, 'f', 6) << ','
                << QString::number(e.threshold, 'f', 6) << ','
                << csvField(e.reasons.join(QStringLiteral("; "))) << '\n';
            continue;
        }
        // A study that could not be scored has no finding, score or threshold: null, not 0.
        const QJsonValue none(QJsonValue::Null);
        const QJsonObject o{
            {QStringLiteral("rank"), e.rank},
            {QStringLiteral("patient_id"), e.patientId},
            {QStringLiteral("study_uid"), e.studyUid},
            {QStringLiteral("top_finding"), e.scored ? QJsonValue(e.topFinding) : none},
            {QStringLiteral("score"), e.scored ? QJsonValue(e.score) : none},
            {QStringLiteral("threshold"), e.scored ? QJsonValue(e.threshold) : none},
            {QStringLiteral("level"), e.level},
            {QStringLiteral("effective_level"), e.effectiveLevel},
            {QStringLiteral("reasons"), QJsonArray::fromStringList(e.reasons)}};
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    }
    out.flush();
    return outcome.failures.isEmpty() ? 0 : 3;
}

} // namespace chexview
