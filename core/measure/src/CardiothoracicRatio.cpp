#include "chexview/measure/CardiothoracicRatio.h"

#include <QObject>

#include <cmath>

namespace chexview {

CardiothoracicRatio CardiothoracicRatio::compute(const Measurement& m, const QString& viewPosition)
{
    CardiothoracicRatio r;
    if (m.kind != Measurement::Kind::CardiothoracicRatio || !m.isValid())
        return r;
    r.cardiacPx = std::abs(m.points[1].x() - m.points[0].x());
    r.thoracicPx = std::abs(m.points[3].x() - m.points[2].x());
    if (r.thoracicPx < 1.0) // under a pixel: no thorax was measured
        return r;
    r.valid = true;
    r.ratio = std::round(r.cardiacPx / r.thoracicPx * 100.0) / 100.0;
    const QString view = viewPosition.trimmed().toUpper();
    if (view == QLatin1String("PA")) {
        r.enlarged = r.ratio > kThreshold;
    } else if (view == QLatin1String("AP")) {
        r.warnings << QObject::tr("AP film: the heart is magnified and the ratio overestimated; "
                                  "the 0.50 limit is for PA films");
    } else {
        r.warnings << QObject::tr("view position %1: the 0.50 limit is for PA films")
                          .arg(view.isEmpty() ? QObject::tr("unknown") : view);
    }
    if (r.cardiacPx > r.thoracicPx)
        r.warnings << QObject::tr("the cardiac width exceeds the thoracic width: check the "
                                  "segments");
    return r;
}

QString CardiothoracicRatio::text() const
{
    if (!valid)
        return QObject::tr("CTR: no thoracic width");
    QString t = QObject::tr("CTR %1").arg(ratio, 0, 'f', 2);
    if (enlarged)
        t += QObject::tr(" (> 0.50: enlarged)");
    if (!warnings.isEmpty() && warnings.first().startsWith(QLatin1String("AP")))
        t += QObject::tr(" (AP: overestimated)");
    return t;
}

} // namespace chexview
