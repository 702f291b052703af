#pragma once

#include <QString>

namespace chexview {

/// One image of a study as the study model sees it: where it is, what identifies it (from its
/// DICOM tags, or for an NIH PNG from its file name and the Data_Entry row) and the file's size
/// and modification time that tell whether an index entry is still current. Empty strings mean
/// "not present". Plain value type.
struct StudyInstance
{
    enum class Kind
    {
        Dicom,
        NihPng
    };

    QString path; ///< absolute
    qint64 sizeBytes = 0;
    qint64 mtimeMs = 0; ///< milliseconds since the epoch, UTC
    Kind kind = Kind::Dicom;

    QString patientId;
    QString patientAge; ///< "058Y" (DICOM) or years as written in Data_Entry ("58")
    QString studyUid;
    QString studyDate; ///< YYYYMMDD, validated; empty when absent or malformed
    QString studyTime; ///< HHMMSS (fraction dropped); empty when absent or malformed
    QString studyDescription;
    QString seriesUid;
    int seriesNumber = 0;
    QString sopInstanceUid;
    int instanceNumber = 0;
    QString modality;
    QString viewPosition; ///< PA, AP, LL, LATERAL, ...
    QString laterality;   ///< ImageLaterality, else Laterality (R, L, U, B)
    int followUp = -1;    ///< NIH follow-up number from the file name; -1 for DICOM
};

} // namespace chexview
