#pragma once

#include <QString>

namespace chexview {

/// The attributes a result object copies from the analyzed DICOM file so that it lands in the
/// same study, exactly as the source has them (or without the identifying ones, anonymized).
/// Thread contract: a plain value; read() is reentrant.
struct SourceStudy
{
    QString sopClassUid;
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString modality;
    QString patientOrientation; ///< as in the source ("" when it has none)
    QString laterality;         ///< Image Laterality, else the series' Laterality ("" if none)
    QString pixelSpacing;       ///< "row\\column" in mm (Pixel Spacing, else Imager Pixel Spacing)
    int rows = 0;
    int columns = 0;
    QString patientName;
    QString patientId;
    QString patientBirthDate;
    QString patientSex;
    QString studyDate;
    QString studyTime;
    QString studyId;
    QString accessionNumber;
    QString referringPhysicianName;
    QString studyDescription;
    QString specificCharacterSet;
    bool anonymized = false;

    /// Reads a DICOM file's attributes (not its pixels); throws std::runtime_error when it is
    /// not DICOM or lacks SOP Instance / Study Instance UIDs.
    static SourceStudy read(const QString& path);
    /// Empties name, ID, birth date, sex, accession number, referring physician and study ID;
    /// keeps the UIDs (the result still belongs to the study) and the study date.
    void anonymize();
};

} // namespace chexview
