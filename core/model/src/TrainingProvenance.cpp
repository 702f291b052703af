#include "chexview/model/TrainingProvenance.h"

#include "chexview/dataset/ChestXray14.h"

#include <QFileInfo>
#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace chexview {

namespace {

int intOf(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return -1;
    const double d = v.toDouble();
    return d >= 0 && d <= 2e9 && std::floor(d) == d ? int(d) : -1;
}

double aurocOf(const QJsonValue& v)
{
    const double d = v.isDouble() ? v.toDouble() : -1.0;
    return d >= 0.0 && d <= 1.0 ? d : -1.0;
}

} // namespace

TrainingProvenance TrainingProvenance::fromProvenance(const QJsonObject& provenance)
{
    TrainingProvenance t;
    const QJsonValue tv = provenance.value(QStringLiteral("training"));
    if (!tv.isObject())
        return t;
    const QJsonObject o = tv.toObject();
    t.present = true;
    t.labels = QFileInfo(o.value(QStringLiteral("labels")).toString()).fileName();
    t.trainImages = intOf(o, "train_images");
    t.epochs = intOf(o, "epochs");
    t.bestEpoch = intOf(o, "best_epoch");
    const QJsonObject v = o.value(QStringLiteral("validation")).toObject();
    t.valImages = intOf(v, "images");
    t.meanAuroc = aurocOf(v.value(QStringLiteral("mean_auroc")));
    const QJsonObject per = v.value(QStringLiteral("auroc")).toObject();
    for (const QString& name : chestXray14Findings()) // the model's order, not JSON's sorted keys
        if (aurocOf(per.value(name)) >= 0.0)
            t.aurocs.emplace_back(name, aurocOf(per.value(name)));
    return t;
}

QString TrainingProvenance::summary() const
{
    if (!present)
        return {};
    QStringList parts;
    QString trained = trainImages >= 0 ? QStringLiteral("Trained on %1 images").arg(trainImages)
                                       : QStringLiteral("Trained here");
    if (!labels.isEmpty())
        trained += QStringLiteral(" (%1)").arg(labels);
    if (bestEpoch >= 0 && epochs >= 0)
        trained += QStringLiteral(", epoch %1 of %2").arg(bestEpoch).arg(epochs);
    parts << trained;
    if (meanAuroc >= 0.0) {
        QString val = QStringLiteral("validation mean AUROC %1").arg(meanAuroc, 0, 'f', 3);
        if (valImages >= 0)
            val += QStringLiteral(" (%1 images)").arg(valImages);
        parts << val;
    } else {
        parts << QStringLiteral("validation AUROC not defined");
    }
    return parts.join(QStringLiteral(" · "));
}

QString TrainingProvenance::aurocTable() const
{
    QStringList lines;
    for (const auto& [name, value] : aurocs)
        lines << QStringLiteral("%1 %2").arg(name).arg(value, 0, 'f', 3);
    return lines.join(QLatin1Char('\n'));
}

} // namespace chexview
