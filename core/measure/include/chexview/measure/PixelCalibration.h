#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>

namespace chexview {

/// How image pixels become millimetres, and what the millimetres mean. The rules follow the
/// DICOM attributes of projection radiographs:
///  - Pixel Spacing (0028,0030) alone, or different from Imager Pixel Spacing: "mm" (the file
///    says the spacing is calibrated to the patient);
///  - Imager Pixel Spacing (0018,1164) alone, or with an equal Pixel Spacing: "mm at detector"
///    (magnification not corrected);
///  - Imager Pixel Spacing with Estimated Radiographic Magnification Factor (0018,1114): the
///    spacing divided by the factor, "mm (magnification 1.10 corrected)";
///  - neither: pixels ("px");
///  - NIH ChestX-ray14 PNGs: Data_Entry's OriginalImagePixelSpacing scaled from the original to
///    the stored size (fromOriginalSpacing).
/// Conflicting values (a Pixel Spacing that is neither Imager Pixel Spacing nor it divided by
/// the magnification factor) are noted in notes(). Plain value type; any thread.
struct PixelCalibration
{
    enum class Source
    {
        None,                   ///< no spacing: lengths in px
        PixelSpacing,           ///< (0028,0030)
        ImagerPixelSpacing,     ///< (0018,1164), at the detector
        MagnificationCorrected, ///< (0018,1164) / (0018,1114)
        DataEntry,              ///< ChestX-ray14 Data_Entry OriginalImagePixelSpacing, rescaled
    };

    Source source = Source::None;
    double rowMm = 1.0;         ///< mm between pixel centres of adjacent rows (vertical)
    double colMm = 1.0;         ///< mm between pixel centres of adjacent columns (horizontal)
    double magnification = 1.0; ///< the factor applied (MagnificationCorrected only)
    QStringList notes;          ///< conflicts and assumptions, in words

    bool calibrated() const { return source != Source::None; }
    /// The unit a length is shown in: "mm", "mm at detector", "mm (magnification 1.10
    /// corrected)", "mm (Data_Entry)" or "px".
    QString lengthUnit() const;
    /// One sentence: where the spacing comes from.
    QString description() const;
    /// Physical length of the segment a–b in image pixel coordinates (mm, or px).
    double length(QPointF a, QPointF b) const;
    /// A point in physical units (x·colMm, y·rowMm), for angles and areas.
    QPointF physical(QPointF p) const { return {p.x() * colMm, p.y() * rowMm}; }
    /// The area of one pixel (mm², or 1 px²).
    double pixelArea() const { return rowMm * colMm; }

    static PixelCalibration fromMetadata(const ImageMetadata& meta);
    /// Data_Entry's OriginalImagePixelSpacing[x,y] of an `original`-sized film stored at
    /// `stored` size: spacing × original / stored on each axis. Uncalibrated when a value is
    /// not positive and finite or a size is empty.
    static PixelCalibration fromOriginalSpacing(double xMm, double yMm, QSize original, QSize stored);
};

} // namespace chexview
