#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace chexview {

/// One attribute of the tag panel: "(0010,0010)", keyword, VR, value text, nesting depth.
struct DicomTagEntry
{
    QString tag;
    QString keyword;
    QString vr;
    QString value;
    int depth = 0;
};

/// Descriptive metadata of an opened image, for the UI and `chexview-cli info`.
/// Empty strings mean "not present". Plain value type.
struct ImageMetadata
{
    QString format; ///< "DICOM", "PNG", "JPEG", "TIFF"
    QString patientName;
    QString patientId;
    QString patientSex;
    QString patientAge; ///< normalized ("081Y") or raw text when malformed
    QString studyDate;
    QString studyDescription;
    QString modality;
    QString viewPosition;
    QString bodyPart;
    QString manufacturer;
    QString transferSyntaxUid;
    QString transferSyntaxName;
    QString photometric; ///< as stored in the file (MONOCHROME1, RGB, ...)
    QString sourceColor; ///< for raster files: "gray", "rgb", "rgba"
    /// Raster files in colour: mean (max - min of R, G, B) over full scale, 0..1 (a gray film
    /// saved as RGB gives 0, a photograph 0.1 and more); unset for gray sources and DICOM.
    std::optional<double> chroma;
    /// Size the file claims. Images too large for the memory budget are stored reduced:
    /// `reduction` x `reduction` boxes averaged into one stored value (1: full resolution).
    int sourceWidth = 0;
    int sourceHeight = 0;
    int reduction = 1;
    /// Row/column pixel spacing in mm; unset when absent or "0\0".
    std::optional<double> spacingRowMm;
    std::optional<double> spacingColMm;
    QList<DicomTagEntry> tags;
    QStringList warnings; ///< non-fatal problems found while reading
};

} // namespace chexview
