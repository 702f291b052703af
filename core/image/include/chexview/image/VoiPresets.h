#pragma once

#include "chexview/image/VoiWindow.h"
#include "chexview/image/XrayImage.h"

#include <QList>

namespace chexview {

/// Built-in contrast presets (lung, mediastinum, bone). For images in Hounsfield units they are
/// the usual HU windows; projection radiographs have no absolute scale, so there each preset is
/// taken from percentiles of the image's own modality histogram. Pure; any thread.
class VoiPresets
{
public:
    static QList<VoiWindow> builtIn(const XrayImage& image);
};

} // namespace chexview
