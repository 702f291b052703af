#pragma once

#include "chexview/measure/Measurement.h"
#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/measure/PixelCalibration.h"
#include "chexview/results/SourceStudy.h"

#include <QList>

namespace chexview {

/// Writes the measurements drawn on one DICOM image as a TID 1500 Imaging Measurement Report
/// (Comprehensive 3D SR) in that image's study, on the frame MeasurementReportWriter uses
/// (Tid1500Document): one TID 1501 measurement group per measurement with a tracking
/// identifier ("Length 1", or the measurement's label unless anonymized) and UID, each
/// MeasuredValue as a NUM with its UCUM unit (MeasurementCodes), lengths and areas carrying the
/// calibration as their Measurement Method, every NUM INFERRED FROM its SCOORD(s) — length and
/// angle as POLYLINEs of 2 and 3 points, the ellipse ROI as an ELLIPSE (major then minor axis
/// ends), the rectangle as a closed POLYLINE of 5 points, the CTR's cardiac and thoracic widths
/// each from its segment and the ratio from both — each SCOORD SELECTED FROM the source image (its
/// SOP Class and Instance UIDs), in its pixel coordinates (Measurement). Notes become TEXT items of
/// their group; the calibration in words and a not-for-clinical-use notice go into the report's
/// Qualitative Evaluations. Patient data as the source has it, or none when `source` is anonymized
/// (SourceStudy::anonymize). Reentrant.
class MeasurementSrWriter
{
public:
    /// `values[i]` belongs to `measurements[i]` (MeasurementEvaluator). Returns the new SOP
    /// Instance UID; throws std::runtime_error when there is no valid measurement, the lists
    /// differ in length, or the file cannot be written.
    static QString write(const QList<Measurement>& measurements,
                         const QList<MeasurementValues>& values,
                         const PixelCalibration& calibration, const SourceStudy& source,
                         const QString& outPath,
                         const QString& softwareVersion = QStringLiteral("chexview 0.1.0"));
    /// "Length 1", "Angle 2", "Ellipse ROI 3", "Rectangle ROI 4", "Cardiothoracic ratio 5"
    /// (1-based `index`), or the label when the measurement has one.
    static QString trackingIdentifier(const Measurement& m, int index);
};

} // namespace chexview
