#include "chexview/eval/ErrorRanking.h"

#include <algorithm>

namespace chexview {

namespace {

std::vector<ErrorCase> collect(const EvaluationSet& set, int k, double threshold, bool fp)
{
    std::vector<ErrorCase> out;
    if (!set.hasScores(k))
        return out;
    const std::vector<double>& s = set.scores[size_t(k)];
    for (int i = 0; i < set.size(); ++i) {
        const bool called = s[size_t(i)] >= threshold;
        const bool positive = set.positive(i, k);
        if (fp ? (called && !positive) : (!called && positive))
            out.push_back({i, s[size_t(i)], fp});
    }
    std::sort(out.begin(), out.end(), [&](const ErrorCase& a, const ErrorCase& b) {
        if (a.probability != b.probability)
            return fp ? a.probability > b.probability : a.probability < b.probability;
        return set.images[a.index] < set.images[b.index];
    });
    return out;
}

} // namespace

std::vector<ErrorCase> ErrorRanking::falsePositives(const EvaluationSet& set, int finding,
                                                    double threshold)
{
    return collect(set, finding, threshold, true);
}

std::vector<ErrorCase> ErrorRanking::falseNegatives(const EvaluationSet& set, int finding,
                                                    double threshold)
{
    return collect(set, finding, threshold, false);
}

QString ErrorRanking::labelText(const EvaluationSet& set, int index)
{
    QStringList names;
    for (int k = 0; k < kFindingCount; ++k)
        if (set.positive(index, k))
            names << chestXray14Findings()[k];
    return names.isEmpty() ? QStringLiteral("No Finding") : names.join(QLatin1Char('|'));
}

} // namespace chexview
