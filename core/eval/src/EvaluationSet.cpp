#include "chexview/eval/EvaluationSet.h"

#include "chexview/dataset/LabelSource.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace chexview {

EvaluationSet EvaluationSet::fromPredictions(const LabeledDataset& labels,
                                             const PredictionTable& predictions)
{
    QList<DatasetIssue> labelIssues = labels.issues;
    const QHash<QString, LabelRecord> byImage = LabelSource::byImage(labels, &labelIssues);
    EvaluationSet s;
    s.scores.assign(size_t(kFindingCount), {});
    MatchReport& m = s.match;
    for (const DatasetIssue& i : labelIssues)
        m.problems << i.toString();
    for (const DatasetIssue& i : predictions.issues)
        m.problems << i.toString();
    m.duplicates = predictions.duplicates;
    m.unknownColumns = predictions.unknownColumns;
    for (int k = 0; k < kFindingCount; ++k)
        if (!predictions.hasFinding(k) && predictions.size() > 0)
            m.missingFindings << chestXray14Findings()[k];

    QHash<QString, int> patientOf;
    std::vector<int> rows;
    QSet<QString> matched;
    for (int r = 0; r < predictions.size(); ++r) {
        const QString& image = predictions.images[size_t(r)];
        const auto it = byImage.constFind(image);
        if (it == byImage.constEnd()) {
            if (m.predictionsWithoutLabels++ < MatchReport::kExamples)
                m.predictionsWithoutLabelsExamples << image;
            continue;
        }
        rows.push_back(r);
        matched.insert(image);
        s.images << image;
        s.labels.push_back(it->labels);
        auto p = patientOf.constFind(it->patient);
        if (p == patientOf.constEnd()) {
            p = patientOf.insert(it->patient, int(s.patients.size()));
            s.patients << it->patient;
        }
        s.patientIndex.push_back(*p);
    }
    QStringList missing;
    for (auto it = byImage.cbegin(); it != byImage.cend(); ++it)
        if (!matched.contains(it.key()))
            missing << it.key();
    m.labelsWithoutPredictions = int(missing.size());
    std::sort(missing.begin(), missing.end());
    m.labelsWithoutPredictionsExamples = missing.mid(0, MatchReport::kExamples);
    for (int k = 0; k < kFindingCount; ++k) {
        if (!predictions.hasFinding(k))
            continue;
        std::vector<double>& col = s.scores[size_t(k)];
        col.reserve(rows.size());
        for (int r : rows)
            col.push_back(predictions.columns[size_t(k)][size_t(r)]);
    }
    return s;
}

} // namespace chexview
