#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/study/PatientStudies.h"

#include <QList>
#include <QStringList>

#include "chexview/workflow/CancelToken.h"
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
};

/// Scores studies through the batch inference that `evaluate` uses (BatchInference: its decode pool
/// decode, batches, the predictions cache keyed by content + model SHA-256). This is the one
/// place the study model (and the viewer's study views) call the batch inference, so it can be
/// re-pointed at another layer.
/// Thread contract: blocks its calling thread (not the GUI thread); `progress` runs on it;
/// `cancel` may be set from any thread.
class StudyScoring
{
public:
    struct Options
    {
        int batch = 16;
        QString cacheFile; ///< empty: no cache
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
    /// Scores and CAMs of decoded images in one engine call (the prior comparison's images).
    static std::vector<AnalysisResult> analyze(const InferenceEngine& engine,
                                               const std::vector<const XrayImage*>& images);
};

} // namespace chexview
