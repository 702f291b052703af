#pragma once

#include "chexview/eval/EvaluationSet.h"

#include <vector>

namespace chexview {

/// One misclassified image of a finding at a threshold.
struct ErrorCase
{
    int index = -1; ///< into EvaluationSet::images
    double probability = 0.0;
    bool falsePositive = false; ///< false: a false negative
};

/// The mistakes of one finding at a threshold, most confident first: false positives by
/// descending score, false negatives by ascending score (ties by image name). Pure.
class ErrorRanking
{
public:
    static std::vector<ErrorCase> falsePositives(const EvaluationSet& set, int finding,
                                                 double threshold);
    static std::vector<ErrorCase> falseNegatives(const EvaluationSet& set, int finding,
                                                 double threshold);
    /// The finding names an image is labelled with, "No Finding" when none.
    static QString labelText(const EvaluationSet& set, int index);
};

} // namespace chexview
