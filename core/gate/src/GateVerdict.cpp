#include "chexview/gate/GateVerdict.h"

#include <QJsonArray>

#include <cmath>

namespace chexview {

void GateVerdict::add(Verdict atLeast, const QString& reason)
{
    if (int(atLeast) > int(verdict))
        verdict = atLeast;
    reasons << reason;
}

QString GateVerdict::name(Verdict v)
{
    switch (v) {
    case Verdict::Ok:
        return QStringLiteral("ok");
    case Verdict::Warn:
        return QStringLiteral("warn");
    case Verdict::Refuse:
        return QStringLiteral("refuse");
    }
    return QStringLiteral("ok");
}

QJsonObject GateVerdict::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("verdict"), name(verdict));
    o.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(reasons));
    o.insert(QStringLiteral("ood_score"),
             oodScore ? QJsonValue(std::round(*oodScore * 1e4) / 1e4) : QJsonValue());
    if (!notes.isEmpty())
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    return o;
}

QString GateVerdict::summary() const
{
    QStringList parts = reasons;
    parts << notes;
    return parts.isEmpty()
               ? name(verdict)
               : name(verdict) + QStringLiteral(": ") + parts.join(QStringLiteral("; "));
}

QString GateVerdict::recordedSummary(bool forced) const
{
    return isRefused() && forced ? summary() + QStringLiteral(" (scores forced)") : summary();
}

} // namespace chexview
