#include "chexview/image/ImageInfoJson.h"

#include <QJsonArray>

namespace chexview {

namespace {

QJsonValue orNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject ImageInfoJson::describe(const QString& file, const XrayImage& image)
{
    const ImageMetadata& m = image.metadata();
    QJsonObject o;
    o.insert(QStringLiteral("file"), file);
    o.insert(QStringLiteral("format"), m.format);
    o.insert(QStringLiteral("width"), image.width());
    o.insert(QStringLiteral("height"), image.height());
    o.insert(QStringLiteral("bits_stored"), image.bitsStored());
    if (m.reduction > 1) { // stored reduced to fit the memory budget: what the file claims
        o.insert(QStringLiteral("source_width"), m.sourceWidth);
        o.insert(QStringLiteral("source_height"), m.sourceHeight);
        o.insert(QStringLiteral("reduction"), m.reduction);
    }
    o.insert(QStringLiteral("photometric"), orNull(m.photometric));
    o.insert(QStringLiteral("transfer_syntax"), orNull(m.transferSyntaxUid));
    o.insert(QStringLiteral("modality"), orNull(m.modality));
    o.insert(QStringLiteral("view_position"), orNull(m.viewPosition));
    if (m.spacingRowMm && m.spacingColMm)
        o.insert(QStringLiteral("pixel_spacing"), QJsonArray{*m.spacingRowMm, *m.spacingColMm});
    else
        o.insert(QStringLiteral("pixel_spacing"), QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("frames"), image.frameCount());
    QJsonArray windows;
    for (const VoiWindow& w : image.filePresets()) {
        QJsonObject jw;
        jw.insert(QStringLiteral("name"), w.name());
        if (w.isLut()) {
            jw.insert(QStringLiteral("function"), QStringLiteral("LUT"));
        } else {
            jw.insert(QStringLiteral("center"), w.center());
            jw.insert(QStringLiteral("width"), w.width());
            jw.insert(QStringLiteral("function"), VoiWindow::functionName(w.function()));
        }
        windows.append(jw);
    }
    o.insert(QStringLiteral("window"), windows);
    if (!m.warnings.isEmpty())
        o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(m.warnings));
    return o;
}

} // namespace chexview
