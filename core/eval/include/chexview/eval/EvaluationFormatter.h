#pragma once

#include "chexview/eval/Evaluator.h"

#include <QJsonObject>

namespace chexview {

/// Text renderings of an evaluation for `chexview-cli evaluate` and the GUI's copy: the
/// per-finding table, metrics.csv, the JSON object, roc_<finding>.csv and errors.csv.
/// NaN (not computable, no denominator) prints as "n/a" in the table, empty in CSV and null
/// in JSON. Pure.
class EvaluationFormatter
{
public:
    static QString table(const EvaluationReport& r);
    static QString csv(const EvaluationReport& r);
    static QJsonObject json(const EvaluationReport& r);
    /// fpr,tpr,threshold per ROC point.
    static QString rocCsv(const EvaluationSet& set, int finding);
    /// finding,kind,rank,image,probability,threshold,labels — per finding, false positives then
    /// false negatives, most confident first.
    static QString errorsCsv(const EvaluationSet& set, const EvaluationReport& r);
    /// The unmatched/issue summary, one line per kind (empty when clean).
    static QStringList matchLines(const MatchReport& m);
};

} // namespace chexview
