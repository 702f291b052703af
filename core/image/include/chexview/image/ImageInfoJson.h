#pragma once

#include "chexview/image/XrayImage.h"

#include <QJsonObject>

namespace chexview {

/// The `chexview-cli info` record of one image. Pure; any thread.
class ImageInfoJson
{
public:
    static QJsonObject describe(const QString& file, const XrayImage& image);
};

} // namespace chexview
