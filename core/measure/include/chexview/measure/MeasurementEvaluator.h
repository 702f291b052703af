#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/measure/PixelCalibration.h"
#include "chexview/measure/Measurement.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace chexview {

/// One numeric result of a measurement, named as a TID 1500 measurement would be.
struct MeasuredValue
{
    QString concept; ///< "Length", "Angle", "Area", "Mean", "Standard Deviation", "Minimum",
                     ///< "Maximum", "Cardiothoracic ratio", "Pixel count"
    double value = 0.0;
    QString ucum;  ///< UCUM unit: "mm", "mm2", "deg", "1", "{pixels}", "[arb'U]" (modality
                   ///< values without a unit)
    QString shown; ///< the unit as shown ("mm at detector", "px", "HU"…)
};

/// What a measurement says on the image: its values, one line of text, notes (calibration,
/// conflicts, CTR warnings) and whether it is flagged (CTR > 0.50 on PA). Plain value type.
struct MeasurementValues
{
    QList<MeasuredValue> values;
    QString text; ///< "84.2 mm at detector", "37.5°", "CTR 0.54 (> 0.50: enlarged)", …
    QStringList notes;
    bool flagged = false;
};

/// Computes MeasurementValues from a measurement, its image and calibration. Pure; any thread.
class MeasurementEvaluator
{
public:
    static MeasurementValues evaluate(const Measurement& m, const XrayImage& image,
                                      const PixelCalibration& cal, const QString& viewPosition);
};

} // namespace chexview
