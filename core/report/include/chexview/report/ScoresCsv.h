#pragma once

#include "chexview/model/Analysis.h"

#include <QString>

namespace chexview {

/// The scores of one analysis as CSV (File > Export Scores): comment lines for the file, model,
/// precision and device, then `finding,probability,threshold,positive`, one row per finding in
/// the model's order. Anonymized, the file path (which often names the patient) is replaced by
/// "(anonymized)". Pure; any thread.
class ScoresCsv
{
public:
    static QString format(const AnalysisResult& result, bool anonymize);
};

} // namespace chexview
