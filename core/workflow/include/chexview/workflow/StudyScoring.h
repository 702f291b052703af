#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/study/PatientStudies.h"

#include "chexview/workflow/CancelToken.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <vector>

namespace chexview {

/// The model's scores of one study: per finding (the manifest's label order) the highest
/// over the study's frontal images (all images when none is frontal).
struct StudyScores
{
    QString patientId;
    QString studyUid;
    std::vector<double> scores; ///< empty when no image of the study could be scored
    int images = 0;             ///< images scored
    QStringList refused;        ///< "file: reasons" of the images the input gate kept out
};

/// Scores studies through the batch inference that `evaluate` uses (BatchInference: its decode
/// pool, batches, the predictions cache keyed by content + model SHA-256), each decoded image
/// through the input gate first (a refused image is not scored unless forced; images whose
/// scores come from the cache are not decoded, so not gated again).
/// Thread contract: blocks its calling thread (not the GUI thread); `progress` runs on it;
/// `cancel` may be set from any thread.
class StudyScoring
{
public:
    struct Options
    {
        int batch = 16;
        QString cacheFile;       ///< empty: no cache
        bool gate = true;        ///< run InputGate::check on each decoded image
        bool forceGated = false; ///< score refused images anyway
    };
    struct Progress
    {
        int done = 0;
        int total = 0;
    };
    struct Result
    {
        std::vector<StudyScores> studies; ///< in the order of the input
        QStringList failures;             ///< "file: message"
        int cached = 0;
        int computed = 0;
        bool cancelled = false;
    };

    /// True for PA/AP/empty view positions (what CheXNet was trained on).
    static bool isFrontal(const QString& viewPosition);
    static Result score(const InferenceEngine& engine, const QList<PatientStudies>& patients,
                        const Options& options,
                        const std::function<void(const Progress&)>& progress = {},
                        const CancelToken* cancel = nullptr);
};

} // namespace chexview
