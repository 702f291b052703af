#pragma once

#include "chexview/image/ModalityLut.h"
#include "chexview/image/VoiWindow.h"

#include <QList>
#include <QStringList>

class DcmItem;

namespace chexview {

/// Reads the modality stage (Rescale Slope/Intercept or Modality LUT Sequence) and the VOI
/// presets (Window Center/Width, VOI LUT Function, VOI LUT Sequence) of a dataset.
/// A missing or malformed optional attribute is a warning with a fallback. Reentrant.
class DicomLutReader
{
public:
    static ModalityLut modality(DcmItem& dataset, QStringList& warnings);
    static QList<VoiWindow> voiPresets(DcmItem& dataset, QStringList& warnings);
};

} // namespace chexview
