#pragma once

#include "chexview/results/CodedConcept.h"

#include <QString>

namespace chexview {

/// The coded concepts of the viewer's measurements in a TID 1500 report (MeasurementSrWriter)
/// and back (ResultReader): the NUM concept names (SNOMED CT where PS3.16 lists one: Length,
/// Area and the ROI statistics of CID 7464; chexview's private scheme for Angle, the
/// cardiothoracic ratio, its two widths and the pixel count), their UCUM units, and the pixel
/// calibration as a Measurement Method (SCT 370129005) with one private code per source of the
/// spacing. Pure, reentrant.
class MeasurementCodes
{
public:
    /// The NUM concept of a MeasuredValue::concept ("Length", "Angle", "Area", "Mean",
    /// "Standard Deviation", "Minimum", "Maximum", "Pixel count", "Cardiothoracic ratio",
    /// "Cardiac width", "Thoracic width"); a private code named after it for any other.
    static CodedConcept forValue(const QString& concept);
    /// The MeasuredValue::concept of a NUM concept (matched by code), or its meaning.
    static QString valueName(const CodedConcept& code);
    /// The UCUM coded unit of a MeasuredValue::ucum ("mm", "mm2", "deg", "1", "{pixels}",
    /// "[arb'U]", "[hnsf'U]"); any other UCUM string keeps itself as its meaning.
    static CodedConcept unit(const QString& ucum);

    static CodedConcept measurementMethod(); ///< SCT 370129005
    /// The calibration as a Measurement Method value, by PixelCalibration::Source name:
    /// "none", "pixel-spacing", "imager-pixel-spacing", "magnification-corrected", "data-entry".
    static CodedConcept calibration(const QString& sourceName);
    /// Private TEXT: the calibration in words (PixelCalibration::description and its notes).
    static CodedConcept calibrationText();
    /// Private TEXT: a note on one measurement (an AP film, a region without pixels, …).
    static CodedConcept measurementNote();
};

} // namespace chexview
