#pragma once

#include <QJsonObject>
#include <QStringList>

namespace chexview {

/// One study a PACS answered with (QIDO-RS or C-FIND, study level).
/// Thread contract: a plain value.
struct StudyRecord
{
    QString studyInstanceUid;
    QString patientName;
    QString patientId;
    QString studyDate; ///< as DICOM DA (YYYYMMDD), may be empty
    QString accessionNumber;
    QString description;
    QStringList modalities;
    int numberOfInstances = -1; ///< -1: the PACS did not say

    /// {"StudyInstanceUID", "PatientName", "PatientID", "StudyDate", "AccessionNumber",
    ///  "StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedInstances"}.
    QJsonObject toJson() const;
};

} // namespace chexview
