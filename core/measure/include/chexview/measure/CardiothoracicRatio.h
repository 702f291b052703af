#pragma once

#include "chexview/measure/Measurement.h"

#include <QString>
#include <QStringList>

namespace chexview {

/// The cardiothoracic ratio of a Kind::CardiothoracicRatio measurement: the maximal
/// horizontal cardiac width over the maximal internal thoracic width, both taken as the
/// horizontal extent of their segment (so the calibration cancels). Rounded to 2 decimals;
/// above 0.50 on a PA film it is flagged as enlarged. On an AP film (or supine) the heart is
/// magnified and the ratio overestimated: a warning, never the flag. Pure; any thread.
struct CardiothoracicRatio
{
    bool valid = false;     ///< false: not a CTR measurement or no thoracic width
    double ratio = 0.0;     ///< rounded to 2 decimals
    double cardiacPx = 0.0; ///< horizontal extent in pixels
    double thoracicPx = 0.0;
    bool enlarged = false; ///< ratio > 0.50 on a PA film
    QStringList warnings;  ///< AP film, unknown view, cardiac wider than thorax

    static constexpr double kThreshold = 0.50;

    /// `viewPosition` as in View Position (0018,5101) or Data_Entry: "PA", "AP", "LL"…
    static CardiothoracicRatio compute(const Measurement& m, const QString& viewPosition);
    /// "CTR 0.54 (> 0.50: enlarged)", "CTR 0.48", with "AP: overestimated" when it applies.
    QString text() const;
};

} // namespace chexview
