#pragma once

#include "chexview/results/SourceStudy.h"

class DcmItem;

namespace chexview {

/// Writes the patient and study attributes of `source` into a result dataset, byte for byte as
/// the source had them (empty when anonymized), plus the source's Specific Character Set.
/// Private to chexview_results.
void writeStudyModule(const SourceStudy& source, DcmItem& dataset);

} // namespace chexview
