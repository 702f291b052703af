#pragma once

#include "chexview/gate/GateVerdict.h"
#include "chexview/image/XrayImage.h"

namespace chexview {

/// Gate rule 2, DICOM files only: a Modality (0008,0060) that is not a projection radiograph of
/// the kind CheXNet saw (anything but CR, DX, DR, RG, OT or none: CT, MR, US, MG, IO, PX, ...),
/// a BodyPartExamined (0018,0015) present and not chest, or a lateral ViewPosition (0018,5101)
/// (LL, RL, LATERAL, ...) is refused with the tag named; AP passes with a note; another view
/// (oblique, ...) warns. Pure; any thread.
class DicomHeaderRule
{
public:
    static void apply(const XrayImage& image, GateVerdict& verdict);
    static bool isProjectionModality(const QString& modality);
    static bool isChest(const QString& bodyPart);
    static bool isLateral(const QString& viewPosition);
};

} // namespace chexview
