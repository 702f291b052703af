#include "chexview/workflow/WorklistJob.h"

#include "chexview/model/InferenceEngine.h"

#include <algorithm>

namespace chexview {

double WorklistJob::waitedMinutes(const Study& s, const QDateTime& now)
{
    if (s.date.isEmpty())
        return 0.0;
    const QDateTime t =
        QDateTime::fromString(s.date + (s.time.isEmpty() ? QStringLiteral("000000") : s.time),
                              QStringLiteral("yyyyMMddHHmmss"));
    return t.isValid() ? std::max<qint64>(0, t.secsTo(now)) / 60.0 : 0.0;
}

WorklistOutcome WorklistJob::run(const InferenceEngine& engine, const WorklistRequest& request,
                                 const std::function<void(const StudyScoring::Progress&)>& progress,
                                 const CancelToken* cancel)
{
    // A bad priority list is an error before anything is decoded.
    const ModelManifest& m = engine.manifest();
    TriageOrder::parsePriority(request.triage.priority, m.labels);
    const StudyScoring::Result scored =
        StudyScoring::score(engine, request.patients, request.scoring, progress, cancel);
    WorklistOutcome out;
    out.failures = scored.failures;
    out.cancelled = scored.cancelled;
    out.studies = scored.studies;
    const QDateTime now = request.now.isValid() ? request.now : QDateTime::currentDateTime();
    std::vector<TriageItem> items;
    size_t k = 0;
    for (const PatientStudies& p : request.patients)
        for (const Study& s : p.studies) {
            const StudyScores& sc = scored.studies[k++];
            out.refused << sc.refused;
            TriageItem item{p.patientId,           s.studyUid, m.labels, sc.scores, m.thresholds,
                            waitedMinutes(s, now), {}};
            if (sc.scores.empty()) {
                if (out.cancelled)
                    continue; // not reached before the cancel: not "unscored"
                ++out.unscoredStudies;
                item.unscored = !sc.refused.isEmpty()
                                    ? QStringLiteral("refused by the input gate (%1)")
                                          .arg(sc.refused.join(QStringLiteral("; ")))
                                    : QStringLiteral("no image could be read");
            }
            items.push_back(std::move(item));
        }
    out.entries = TriageOrder::order(items, request.triage);
    return out;
}

} // namespace chexview
