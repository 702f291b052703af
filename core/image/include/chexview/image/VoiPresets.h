#pragma once

#include "chexview/image/VoiWindow.h"
#include "chexview/image/XrayImage.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace chexview {

/// Built-in contrast presets (lung, mediastinum, bone). For images in Hounsfield units they are
/// the usual HU windows; projection radiographs have no absolute scale, so there each preset is
/// a fixed part of the image's robust range (0.5th..99.5th percentile of its modality values):
/// Lung 0–70 %, Mediastinum 20–90 %, Bone 50–100 % (mirrored for MONOCHROME1), so the three
/// always differ. Pure; any thread.
class VoiPresets
{
public:
    static QList<VoiWindow> builtIn(const XrayImage& image);
    /// The built-in preset called `name` (case-insensitive: "lung", "mediastinum", "bone");
    /// nullopt for any other name.
    static std::optional<VoiWindow> named(const XrayImage& image, const QString& name);
    /// The preset names, lower case, in menu order.
    static QStringList names();
};

} // namespace chexview
