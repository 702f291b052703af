#pragma once

#include "chexview/results/CodedConcept.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <vector>

namespace chexview {

/// An AI result read back from a DICOM object (ResultReader): a TID 1500 measurement report's
/// findings, or a Parametric Map's heatmap frames. Values a document does not carry are NaN
/// (probability, threshold) or -1 (positive). A report's measurement groups whose numbers are
/// inferred from spatial coordinates (the viewer's length, angle, ROI and CTR; other tools'
/// planar measurements) are `measurements`, not findings. Plain value type.
struct StoredResult
{
    /// A 2D SCOORD: graphic type as written ("POLYLINE", "ELLIPSE", …), column/row points, and
    /// the SOP Instance UID of the image it was SELECTED FROM.
    struct Scoord
    {
        QString graphicType;
        QList<QPointF> points;
        QString imageSopInstanceUid;
    };
    /// One NUM of a measurement group: its concept (MeasurementCodes::valueName: "Length",
    /// "Mean", …), value, UCUM unit, Measurement Method (the calibration; invalid when absent)
    /// and the SCOORDs it is INFERRED FROM.
    struct Value
    {
        QString name;
        CodedConcept concept;
        double value = 0.0;
        CodedConcept unit;
        CodedConcept method;
        QList<Scoord> scoords;
    };
    struct MeasurementGroup
    {
        QString trackingId;
        QString trackingUid;
        QList<Value> values;
        QStringList notes; ///< chexview's "Measurement note" TEXT items
    };

    enum class Kind
    {
        MeasurementReport,
        ParametricMap
    };
    Kind kind = Kind::MeasurementReport;
    QString path;
    QString sopClassUid;
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesDescription;
    QString algorithmName;
    QString algorithmVersion;
    QString sourceSopInstanceUid;
    QString gateVerdict;
    QStringList labels; ///< findings (SR) or frame labels (PM), in the document's order
    std::vector<double> probabilities;
    std::vector<double> thresholds;
    std::vector<int> positive;
    QList<MeasurementGroup> measurements; ///< SR only
    QString calibrationText;              ///< SR only: chexview's "Pixel calibration" TEXT
    // Parametric Map only: frames [labels.size(), rows, columns], row-major.
    int rows = 0;
    int columns = 0;
    std::vector<float> frames;

    /// "tid1500-sr" or "parametric-map".
    QString kindName() const
    {
        return kind == Kind::MeasurementReport ? QStringLiteral("tid1500-sr")
                                               : QStringLiteral("parametric-map");
    }
};

} // namespace chexview
