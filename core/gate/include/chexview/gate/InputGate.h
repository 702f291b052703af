#pragma once

#include "chexview/gate/GateVerdict.h"
#include "chexview/image/XrayImage.h"

namespace chexview {

/// The input gate, run before every analysis: geometry (GeometryRule), DICOM header
/// (DicomHeaderRule), content (ContentRule) and the learned OOD score (OodScorer) combined into
/// one verdict. Callers score an image only when the verdict is not refuse, or when the user
/// forces it. Pure; reentrant, any thread (a few ms per image: one pass over the stored values).
class InputGate
{
public:
    static GateVerdict check(const XrayImage& image);
};

} // namespace chexview
