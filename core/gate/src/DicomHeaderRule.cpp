#include "chexview/gate/DicomHeaderRule.h"

namespace chexview {

namespace {

QString normalized(const QString& s)
{
    return s.trimmed().toUpper();
}

} // namespace

bool DicomHeaderRule::isProjectionModality(const QString& modality)
{
    static const QStringList allowed{QStringLiteral("CR"), QStringLiteral("DX"),
                                     QStringLiteral("DR"), QStringLiteral("RG"),
                                     QStringLiteral("OT"), QString()};
    return allowed.contains(normalized(modality));
}

bool DicomHeaderRule::isChest(const QString& bodyPart)
{
    // DICOM's defined term is CHEST; sites also write THORAX, LUNG or the local language.
    static const QStringList chest{QStringLiteral("CHEST"),   QStringLiteral("THORA"),
                                   QStringLiteral("TORAX"),   QStringLiteral("TORACE"),
                                   QStringLiteral("LUNG"),    QStringLiteral("BRUST"),
                                   QStringLiteral("POITRINE")};
    const QString b = normalized(bodyPart);
    for (const QString& c : chest)
        if (b.contains(c))
            return true;
    return false;
}

bool DicomHeaderRule::isLateral(const QString& viewPosition)
{
    static const QStringList lateral{QStringLiteral("LL"), QStringLiteral("RL"),
                                     QStringLiteral("LLD"), QStringLiteral("RLD"),
                                     QStringLiteral("LAT")};
    const QString v = normalized(viewPosition);
    return lateral.contains(v) || v.startsWith(QStringLiteral("LATERAL")) ||
           v.contains(QStringLiteral(" LAT"));
}

void DicomHeaderRule::apply(const XrayImage& image, GateVerdict& verdict)
{
    const ImageMetadata& m = image.metadata();
    if (m.format != QLatin1String("DICOM"))
        return;
    if (!isProjectionModality(m.modality))
        verdict.add(
            GateVerdict::Verdict::Refuse,
            QStringLiteral("not a chest radiograph (Modality %1)").arg(normalized(m.modality)));
    if (!normalized(m.bodyPart).isEmpty() && !isChest(m.bodyPart))
        verdict.add(GateVerdict::Verdict::Refuse,
                    QStringLiteral("body part is not chest (BodyPartExamined %1)")
                        .arg(normalized(m.bodyPart)));
    const QString view = normalized(m.viewPosition);
    if (view.isEmpty() || view == QLatin1String("PA"))
        return;
    if (isLateral(view))
        verdict.add(GateVerdict::Verdict::Refuse,
                    QStringLiteral("lateral view (ViewPosition %1)").arg(view));
    else if (view == QLatin1String("AP") || view.startsWith(QLatin1String("AP ")))
        verdict.notes << QStringLiteral("AP view (ViewPosition %1): CheXNet was "
                                        "trained on PA and AP films, AP ones are often supine")
                             .arg(view);
    else
        verdict.add(GateVerdict::Verdict::Warn,
                    QStringLiteral("unusual view (ViewPosition %1)").arg(view));
}

} // namespace chexview
