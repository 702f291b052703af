#include "chexview/measure/Measurement.h"

#include <QJsonArray>

#include <cmath>

namespace chexview {

int Measurement::pointCount(Kind kind)
{
    switch (kind) {
    case Kind::Length:
        return 2;
    case Kind::Angle:
        return 3;
    case Kind::EllipseRoi:
    case Kind::RectangleRoi:
        return 2;
    case Kind::CardiothoracicRatio:
        return 4;
    }
    return 0;
}

QString Measurement::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Length:
        return QStringLiteral("length");
    case Kind::Angle:
        return QStringLiteral("angle");
    case Kind::EllipseRoi:
        return QStringLiteral("ellipse");
    case Kind::RectangleRoi:
        return QStringLiteral("rectangle");
    case Kind::CardiothoracicRatio:
        return QStringLiteral("ctr");
    }
    return {};
}

std::optional<Measurement::Kind> Measurement::kindFromName(const QString& name)
{
    for (Kind k : {Kind::Length, Kind::Angle, Kind::EllipseRoi, Kind::RectangleRoi,
                   Kind::CardiothoracicRatio})
        if (kindName(k) == name)
            return k;
    return std::nullopt;
}

bool Measurement::isValid() const
{
    if (points.size() != pointCount(kind))
        return false;
    for (const QPointF& p : points)
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            return false;
    return true;
}

QList<Measurement::Scoord> Measurement::scoords() const
{
    if (!isValid())
        return {};
    switch (kind) {
    case Kind::Length:
        return {{QStringLiteral("POLYLINE"), points, QStringLiteral("length")}};
    case Kind::Angle:
        return {{QStringLiteral("POLYLINE"), points, QStringLiteral("angle")}};
    case Kind::EllipseRoi: {
        const QPointF a = points[0], b = points[1];
        const QPointF c = (a + b) / 2.0;
        const double rx = std::abs(b.x() - a.x()) / 2.0, ry = std::abs(b.y() - a.y()) / 2.0;
        QList<QPointF> data;
        if (rx >= ry) // major axis horizontal
            data = {
                {c.x() - rx, c.y()}, {c.x() + rx, c.y()}, {c.x(), c.y() - ry}, {c.x(), c.y() + ry}};
        else
            data = {
                {c.x(), c.y() - ry}, {c.x(), c.y() + ry}, {c.x() - rx, c.y()}, {c.x() + rx, c.y()}};
        return {{QStringLiteral("ELLIPSE"), data, QStringLiteral("region")}};
    }
    case Kind::RectangleRoi: {
        const QPointF a = points[0], b = points[1];
        return {{QStringLiteral("POLYGON"),
                 {a, {b.x(), a.y()}, b, {a.x(), b.y()}, a},
                 QStringLiteral("region")}};
    }
    case Kind::CardiothoracicRatio:
        return {
            {QStringLiteral("POLYLINE"), {points[0], points[1]}, QStringLiteral("cardiac width")},
            {QStringLiteral("POLYLINE"), {points[2], points[3]}, QStringLiteral("thoracic width")}};
    }
    return {};
}

QJsonObject Measurement::toJson() const
{
    QJsonArray pts;
    for (const QPointF& p : points)
        pts.append(QJsonArray{p.x(), p.y()});
    QJsonObject o{{QStringLiteral("kind"), kindName(kind)}, {QStringLiteral("points"), pts}};
    if (!label.isEmpty())
        o.insert(QStringLiteral("label"), label);
    return o;
}

std::optional<Measurement> Measurement::fromJson(const QJsonObject& object)
{
    const std::optional<Kind> kind = kindFromName(object.value(QStringLiteral("kind")).toString());
    if (!kind)
        return std::nullopt;
    Measurement m;
    m.kind = *kind;
    m.label = object.value(QStringLiteral("label")).toString().left(200);
    const QJsonArray pts = object.value(QStringLiteral("points")).toArray();
    if (pts.size() != pointCount(*kind))
        return std::nullopt;
    for (const QJsonValue& v : pts) {
        const QJsonArray xy = v.toArray();
        if (xy.size() != 2 || !xy[0].isDouble() || !xy[1].isDouble())
            return std::nullopt;
        m.points << QPointF(xy[0].toDouble(), xy[1].toDouble());
    }
    if (!m.isValid())
        return std::nullopt;
    return m;
}

} // namespace chexview
