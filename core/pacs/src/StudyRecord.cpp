#include "chexview/pacs/StudyRecord.h"

#include <QJsonArray>

namespace chexview {

QJsonObject StudyRecord::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("StudyInstanceUID"), studyInstanceUid);
    o.insert(QStringLiteral("PatientName"), patientName);
    o.insert(QStringLiteral("PatientID"), patientId);
    o.insert(QStringLiteral("StudyDate"), studyDate);
    o.insert(QStringLiteral("AccessionNumber"), accessionNumber);
    o.insert(QStringLiteral("StudyDescription"), description);
    o.insert(QStringLiteral("ModalitiesInStudy"), QJsonArray::fromStringList(modalities));
    o.insert(QStringLiteral("NumberOfStudyRelatedInstances"), numberOfInstances);
    return o;
}

} // namespace chexview
