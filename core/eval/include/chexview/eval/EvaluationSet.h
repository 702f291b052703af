#pragma once

#include "chexview/dataset/LabeledDataset.h"
#include "chexview/eval/PredictionTable.h"

#include <QStringList>

#include <vector>

namespace chexview {

/// What did not pair up between labels and predictions. Nothing is dropped silently: each kind
/// is counted, the first few are named, and any of it makes the CLI exit with code 3.
struct MatchReport
{
    static constexpr int kExamples = 5;
    int predictionsWithoutLabels = 0;
    QStringList predictionsWithoutLabelsExamples;
    int labelsWithoutPredictions = 0;
    QStringList labelsWithoutPredictionsExamples;
    int duplicates = 0;          ///< prediction rows for an image already seen
    QStringList unknownColumns;  ///< prediction columns naming no finding
    QStringList missingFindings; ///< findings the predictions have no column for
    QStringList problems;        ///< malformed label or prediction lines, `file:line: text`
    bool clean() const
    {
        return !predictionsWithoutLabels && !labelsWithoutPredictions && !duplicates &&
               unknownColumns.isEmpty() && missingFindings.isEmpty() && problems.isEmpty();
    }
};

/// Labelled, scored images: the images that have both a label and a prediction, in prediction
/// order, with their patient (as an index) for patient-level resampling. Plain value type.
struct EvaluationSet
{
    QStringList images;
    std::vector<int> patientIndex; ///< per image, into patients
    QStringList patients;
    std::vector<uint16_t> labels;            ///< bit k = finding k positive
    std::vector<std::vector<double>> scores; ///< [kFindingCount][images] (empty: no column)
    MatchReport match;

    int size() const { return int(images.size()); }
    bool hasScores(int k) const { return !scores[size_t(k)].empty(); }
    bool positive(int i, int k) const { return labels[size_t(i)] >> k & 1u; }

    /// Pairs predictions with labels by file name. Pure.
    static EvaluationSet fromPredictions(const LabeledDataset& labels,
                                         const PredictionTable& predictions);
};

} // namespace chexview
