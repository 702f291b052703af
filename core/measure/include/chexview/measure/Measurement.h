#pragma once

#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

namespace chexview {

/// One measurement drawn on one image: what kind, and its control points. This is the whole
/// persistent state; the values (length, ROI statistics, ratio) are computed from it with the
/// image and its PixelCalibration (MeasurementEvaluator). Plain value type; any thread.
///
/// Coordinates are image pixel coordinates as DICOM SCOORD uses them (PS3.3 C.18.6.1.2,
/// PIXEL): x = column, y = row, continuous, (0,0) the top-left corner of the top-left pixel,
/// that pixel's centre at (0.5,0.5). Points per kind (pointCount):
///  - Length: 2, the ends;
///  - Angle: 3, arm end, vertex, arm end;
///  - EllipseRoi, RectangleRoi: 2, opposite corners of the axis-aligned bounding box;
///  - CardiothoracicRatio: 4, cardiac segment (left, right end) then internal thoracic segment
///    (left, right end); both horizontal (the tool keeps each pair on one row).
/// scoords() gives the SCOORD graphic type and data of each part, ready for a TID 1500
/// measurement group (TID 1410/1411 image region): POLYLINE, ELLIPSE (4 points: major axis
/// ends, then minor axis ends) and POLYGON (closed: the first point repeated).
struct Measurement
{
    enum class Kind
    {
        Length,
        Angle,
        EllipseRoi,
        RectangleRoi,
        CardiothoracicRatio,
    };

    Kind kind = Kind::Length;
    QList<QPointF> points;
    QString label; ///< optional free text (never identifying data: it is not masked)

    struct Scoord
    {
        QString graphicType; ///< "POLYLINE", "ELLIPSE", "POLYGON"
        QList<QPointF> data; ///< column/row pairs as above
        QString role;        ///< what the part is ("cardiac width", "thoracic width", …)
    };

    static int pointCount(Kind kind);
    /// Stable lower-case name for files and the CLI: "length", "angle", "ellipse",
    /// "rectangle", "ctr".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString& name);
    bool isValid() const; ///< the right number of finite points
    QList<Scoord> scoords() const;

    QJsonObject toJson() const;
    /// nullopt for an unknown kind, a wrong point count or non-finite coordinates.
    static std::optional<Measurement> fromJson(const QJsonObject& object);

    bool operator==(const Measurement& other) const
    {
        return kind == other.kind && points == other.points && label == other.label;
    }
};

} // namespace chexview
