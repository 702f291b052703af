#pragma once

#include "chexview/dataset/LabeledDataset.h"

namespace chexview {

/// Reads a labels CSV found by its header: `Image Index` and `Finding Labels` (pipe-separated,
/// "No Finding") are required; `Patient ID` gives the patient (else the NIH file name's digits
/// before '_'); `Official Split` or `Split` groups images into splits (else one split "all");
/// `Patient Age`, `Patient Gender` and `View Position` give demographics when present.
/// Reads NIH's Data_Entry_2017*.csv[.gz] and images-256's labels.csv alike. Pure; any thread.
/// Malformed rows (too few fields, unknown finding, duplicate image) are recorded in
/// LabeledDataset::issues with file and line, and left out.
class LabelsCsvReader
{
public:
    /// Throws std::runtime_error when the file cannot be read or the required columns are missing.
    static LabeledDataset read(const QString& path);
    /// True when the first line names the `Image Index` and `Finding Labels` columns.
    static bool looksLikeLabelsCsv(const QString& path);
};

} // namespace chexview
