#include "chexview/image/ImageLoader.h"

#include "DicomDecoder.h"
#include "Logging.h"
#include "RasterDecoder.h"
#include "chexview/image/ImageError.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>

namespace chexview {

namespace {

// A dataset without preamble starts directly with a group 0002..0028 element (either byte order).
bool looksLikeBareDataset(const QByteArray& head)
{
    if (head.size() < 8)
        return false;
    const auto* p = reinterpret_cast<const uchar*>(head.constData());
    for (const quint16 group : {qFromLittleEndian<quint16>(p), qFromBigEndian<quint16>(p)}) {
        const quint16 element = group == qFromLittleEndian<quint16>(p)
                                    ? qFromLittleEndian<quint16>(p + 2)
                                    : qFromBigEndian<quint16>(p + 2);
        if (group >= 0x0002 && group <= 0x0028 && group % 2 == 0 && element < 0x1000)
            return true;
    }
    return false;
}

} // namespace

ImageLoader::Format ImageLoader::detect(const QByteArray& head)
{
    auto startsWith = [&](const char* magic, int n) {
        return head.startsWith(QByteArray(magic, n));
    };
    // DICOM first: a Part-10 preamble may itself hold a TIFF header (dual-personality files).
    if (head.size() >= 132 && head.mid(128, 4) == "DICM")
        return Format::Dicom;
    if (startsWith("\x89PNG\r\n\x1a\n", 8))
        return Format::Png;
    if (startsWith("\xFF\xD8\xFF", 3))
        return Format::Jpeg;
    if (startsWith("II*\0", 4) || startsWith("MM\0*", 4))
        return Format::Tiff;
    if (startsWith("\xFF\x4F\xFF\x51", 4) || startsWith("\0\0\0\x0CjP  ", 8))
        return Format::Jpeg2000;
    if (looksLikeBareDataset(head))
        return Format::Dicom;
    return Format::Unknown;
}

QString ImageLoader::formatName(Format f)
{
    switch (f) {
    case Format::Png:
        return QStringLiteral("PNG");
    case Format::Jpeg:
        return QStringLiteral("JPEG");
    case Format::Tiff:
        return QStringLiteral("TIFF");
    case Format::Dicom:
        return QStringLiteral("DICOM");
    case Format::Jpeg2000:
        return QStringLiteral("JPEG 2000");
    case Format::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QStringList ImageLoader::nameFilters()
{
    return {QStringLiteral("*.dcm"),  QStringLiteral("*.dicom"), QStringLiteral("*.png"),
            QStringLiteral("*.jpg"),  QStringLiteral("*.jpeg"),  QStringLiteral("*.tif"),
            QStringLiteral("*.tiff"), QStringLiteral("*.jp2"),   QStringLiteral("*.j2k")};
}

XrayImagePtr ImageLoader::load(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw ImageError(ImageError::Code::NotFound,
                         QStringLiteral("file not found: %1").arg(path));
    if (!info.isFile())
        throw ImageError(ImageError::Code::NotAnImage, QStringLiteral("not a file: %1").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ImageError(ImageError::Code::NotFound,
                         QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    const QByteArray head = file.read(132);
    if (head.isEmpty())
        throw ImageError(ImageError::Code::NotAnImage,
                         QStringLiteral("file is empty: %1").arg(path));
    const Format format = detect(head);
    switch (format) {
    case Format::Unknown:
        throw ImageError(
            ImageError::Code::NotAnImage,
            QStringLiteral("not a PNG, JPEG, TIFF, JPEG 2000 or DICOM file: %1").arg(path));
    case Format::Dicom:
        file.close();
        return DicomDecoder::decode(path);
    default:
        break;
    }
    if (info.size() > 2LL * 1024 * 1024 * 1024)
        throw ImageError(ImageError::Code::TooLarge, QStringLiteral("file exceeds 2 GiB"));
    file.seek(0);
    const QByteArray bytes = file.readAll();
    return RasterDecoder::decode(bytes, formatName(format));
}

} // namespace chexview
