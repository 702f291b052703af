#include "chexview/measure/MeasurementEvaluator.h"

#include "chexview/measure/CardiothoracicRatio.h"
#include "chexview/measure/MeasurementGeometry.h"
#include "chexview/measure/RegionStatistics.h"

#include <QObject>

namespace chexview {

namespace {

QString number(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

} // namespace

MeasurementValues MeasurementEvaluator::evaluate(const Measurement& m, const XrayImage& image,
                                                 const PixelCalibration& cal,
                                                 const QString& viewPosition)
{
    MeasurementValues out;
    if (!m.isValid()) {
        out.text = QObject::tr("invalid measurement");
        return out;
    }
    const QString lengthUnit = cal.lengthUnit();
    const QString lengthUcum = cal.calibrated() ? QStringLiteral("mm") : QStringLiteral("{pixels}");
    const int decimals = cal.calibrated() ? 1 : 0;
    switch (m.kind) {
    case Measurement::Kind::Length: {
        const double len = cal.length(m.points[0], m.points[1]);
        out.values << MeasuredValue{QStringLiteral("Length"), len, lengthUcum, lengthUnit};
        out.text = QStringLiteral("%1 %2").arg(number(len, decimals), lengthUnit);
        break;
    }
    case Measurement::Kind::Angle: {
        const double deg =
            MeasurementGeometry::angleDegrees(m.points[0], m.points[1], m.points[2], cal);
        out.values << MeasuredValue{QStringLiteral("Angle"), deg, QStringLiteral("deg"),
                                    QStringLiteral("°")};
        out.text = QStringLiteral("%1°").arg(number(deg, 1));
        break;
    }
    case Measurement::Kind::EllipseRoi:
    case Measurement::Kind::RectangleRoi: {
        const bool ellipse = m.kind == Measurement::Kind::EllipseRoi;
        const double area = ellipse
                                ? MeasurementGeometry::ellipseArea(m.points[0], m.points[1], cal)
                                : MeasurementGeometry::rectangleArea(m.points[0], m.points[1], cal);
        const RegionStatistics s = RegionStatistics::compute(image, m);
        const QString areaUnit = cal.calibrated()
                                     ? QString(lengthUnit).replace(0, 2, QStringLiteral("mm²"))
                                     : QStringLiteral("px²");
        const QString valueUnit = image.modalityLut().unit();
        const QString ucum = valueUnit.compare(QLatin1String("HU"), Qt::CaseInsensitive) == 0
                                 ? QStringLiteral("[hnsf'U]")
                                 : QStringLiteral("[arb'U]");
        out.values << MeasuredValue{QStringLiteral("Area"), area,
                                    cal.calibrated() ? QStringLiteral("mm2")
                                                     : QStringLiteral("{pixels}"),
                                    areaUnit}
                   << MeasuredValue{QStringLiteral("Pixel count"), double(s.pixelCount),
                                    QStringLiteral("{pixels}"), QString()}
                   << MeasuredValue{QStringLiteral("Mean"), s.mean, ucum, valueUnit}
                   << MeasuredValue{QStringLiteral("Standard Deviation"), s.sd, ucum, valueUnit}
                   << MeasuredValue{QStringLiteral("Minimum"), s.min, ucum, valueUnit}
                   << MeasuredValue{QStringLiteral("Maximum"), s.max, ucum, valueUnit};
        out.text = QObject::tr("%1 %2  mean %3 SD %4  min %5 max %6%7")
                       .arg(number(area, decimals), areaUnit, number(s.mean, 1), number(s.sd, 1),
                            QString::number(s.min, 'g', 6), QString::number(s.max, 'g', 6),
                            valueUnit.isEmpty() ? QString() : QLatin1Char(' ') + valueUnit);
        if (s.pixelCount == 0)
            out.notes << QObject::tr("the region holds no pixel of the image");
        break;
    }
    case Measurement::Kind::CardiothoracicRatio: {
        const CardiothoracicRatio r = CardiothoracicRatio::compute(m, viewPosition);
        out.text = r.text();
        out.flagged = r.enlarged;
        out.notes << r.warnings;
        if (r.valid) {
            out.values << MeasuredValue{QStringLiteral("Cardiothoracic ratio"), r.ratio,
                                        QStringLiteral("1"), QString()}
                       << MeasuredValue{QStringLiteral("Cardiac width"),
                                        cal.length(m.points[0], {m.points[1].x(), m.points[0].y()}),
                                        lengthUcum, lengthUnit}
                       << MeasuredValue{QStringLiteral("Thoracic width"),
                                        cal.length(m.points[2], {m.points[3].x(), m.points[2].y()}),
                                        lengthUcum, lengthUnit};
        }
        break;
    }
    }
    out.notes << cal.notes;
    return out;
}

} // namespace chexview
