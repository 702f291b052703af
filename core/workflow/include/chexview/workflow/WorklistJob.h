#pragma once

#include "chexview/study/PatientStudies.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/TriageOrder.h"
#include "chexview/workflow/CancelToken.h"
#include "chexview/workflow/StudyScoring.h"

#include <QDateTime>
#include <QList>

#include <functional>
#include <vector>

namespace chexview {

class InferenceEngine;

/// What a triage worklist is made from: the studies, how to score them, how to order them.
struct WorklistRequest
{
    QList<PatientStudies> patients;
    StudyScoring::Options scoring; ///< batch, cache, input gate (on by default)
    TriageOrder::Options triage;
    QDateTime now; ///< waiting times are measured to it; invalid: the current time
};

/// The ordered worklist and what went into it.
struct WorklistOutcome
{
    std::vector<TriageEntry> entries; ///< triage order, every study once (unscored ones last)
    std::vector<StudyScores> studies; ///< per study, in the order of the request
    QStringList failures;             ///< "file: message" of images that could not be read
    QStringList refused;              ///< "file: reasons" of images the input gate kept out
    int unscoredStudies = 0;          ///< studies without any scored image
    bool cancelled = false;
};

/// The triage worklist, written once for `chexview-cli worklist` and the Worklist panel: scores
/// every study through StudyScoring (batch inference, cache, input gate), then orders them
/// with TriageOrder against the manifest's thresholds and each study's waiting time. A study
/// none of whose images could be scored (refused by the gate, unreadable) stays on the list,
/// after the scored ones, with the reason.
/// Thread contract: blocks the calling thread (not the GUI thread); `progress` runs on it;
/// `cancel` may be set from any thread. Throws StudyError(BadArgument) for a bad priority list.
class WorklistJob
{
public:
    static WorklistOutcome
    run(const InferenceEngine& engine, const WorklistRequest& request,
        const std::function<void(const StudyScoring::Progress&)>& progress = {},
        const CancelToken* cancel = nullptr);
    /// Minutes from the study's date and time (local, as DICOM writes them) to `now`; 0 when
    /// the study has no valid date.
    static double waitedMinutes(const Study& study, const QDateTime& now);
};

} // namespace chexview
