#pragma once

#include "chexview/eval/PredictionTable.h"

namespace chexview {

/// Reads model scores from a CSV in either layout:
///  - `Image Index,prob_Atelectasis,...,prob_Hernia` (the common one; plain finding names are
///    accepted as column names too), or
///  - chexview's own `predict --csv`: `file,model,precision,device,ms,Atelectasis,...` (file
///    JSON-quoted, a path; its file name is the image).
/// Columns are found by name, in any order; columns that name no finding are listed in
/// unknownColumns. Rows with too few fields, a probability that is not a number in [0, 1], or
/// an image seen before are listed in issues and left out. Pure; any thread.
class PredictionCsvReader
{
public:
    /// Throws std::runtime_error when the file cannot be read or has no image column.
    static PredictionTable read(const QString& path);
    /// Splits one CSV line: commas outside double quotes; quotes removed, `""` and `\"` unescaped.
    static QStringList splitFields(const QByteArray& line);
};

} // namespace chexview
