#pragma once

#include "chexview/eval/Evaluator.h"

#include <QString>

namespace chexview {

/// Text renderings of each finding's calibration (ECE, Brier score, reliability bins) for
/// `chexview-cli evaluate --calibration` and `--out`. NaN prints as "n/a" in the table and
/// empty in CSV. Pure.
class CalibrationFormatter
{
public:
    /// Finding, ECE, Brier, mean probability, fraction positive; then how ECE is defined.
    static QString table(const EvaluationReport& r);
    /// finding,bin_low,bin_high,count,mean_probability,fraction_positive — every bin of every
    /// finding that has scores (empty bins with empty means), for a reliability diagram.
    static QString reliabilityCsv(const EvaluationReport& r);
};

} // namespace chexview
