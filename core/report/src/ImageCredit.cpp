#include "chexview/report/ImageCredit.h"

#include <QFileInfo>
#include <QObject>
#include <QRegularExpression>

namespace chexview {

namespace {

QString tagValue(const ImageMetadata& meta, const char* tag)
{
    for (const DicomTagEntry& e : meta.tags)
        if (e.depth == 0 && e.tag.compare(QLatin1String(tag), Qt::CaseInsensitive) == 0)
            return e.value.trimmed();
    return {};
}

} // namespace

QString ImageCredit::of(const ImageMetadata& meta, const QString& fileName)
{
    static const QRegularExpression nihName(QStringLiteral("^\\d{8}_\\d{3}\\.png$"));
    static const QRegularExpression rsnaSeries(QStringLiteral("^view: (PA|AP)$"));
    const QString name = QFileInfo(fileName).fileName();
    const QString uid = tagValue(meta, "(0008,0018)");
    if (meta.format != QLatin1String("DICOM") && nihName.match(name).hasMatch())
        return QObject::tr("Image: NIH ChestX-ray14 (NIH Clinical Center; Wang et al., CVPR "
                           "2017).");
    if (rsnaSeries.match(tagValue(meta, "(0008,103e)")).hasMatch() &&
        uid.startsWith(QLatin1String("1.2.276.0.7230010.3.1.4.8323329.")))
        return QObject::tr("Image: RSNA Pneumonia Detection Challenge 2018 (Radiological Society "
                           "of North America), a DICOM conversion of an NIH ChestX-ray14 image "
                           "(NIH Clinical Center).");
    if (uid == QLatin1String("1.2.392.200036.9125.0.19950720112207"))
        return QObject::tr("Image: classic public DICOM sample (Fuji CR chest), distributed "
                           "with DICOM toolkits' test data (fo-dicom, DCMTK).");
    return QObject::tr("Image: from its own provider (not a data set chexview recognizes).");
}

} // namespace chexview
