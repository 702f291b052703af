#pragma once

#include "chexview/image/XrayImage.h"

#include <QByteArray>
#include <QString>

namespace chexview {

/// Opens any supported chest X-ray file: format is detected from content, never from the
/// extension. Thread contract: load() is reentrant and may run on any thread concurrently;
/// the DICOM codecs are registered once, thread-safely, on first use. Files are only read.
class ImageLoader
{
public:
    enum class Format
    {
        Unknown,
        Png,
        Jpeg,
        Tiff,
        Dicom,
        Jpeg2000
    };

    /// Largest accepted image (pixels of one frame); larger files fail with TooLarge.
    static constexpr qint64 kMaxPixels = qint64(16384) * 16384;

    /// Loads the first frame. Throws ImageError.
    static XrayImagePtr load(const QString& path);
    /// Content sniffing on the first bytes of a file.
    static Format detect(const QByteArray& head);
    static QString formatName(Format f);
    /// File name filter for open dialogs and folder scans.
    static QStringList nameFilters();
};

} // namespace chexview
