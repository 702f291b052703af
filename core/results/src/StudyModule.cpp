#include "StudyModule.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

namespace chexview {

void writeStudyModule(const SourceStudy& s, DcmItem& ds)
{
    auto put = [&](const DcmTagKey& key, const QString& value) {
        ds.putAndInsertString(key, value.toLatin1().constData());
    };
    if (s.specificCharacterSet.isEmpty())
        ds.findAndDeleteElement(DCM_SpecificCharacterSet);
    else
        put(DCM_SpecificCharacterSet, s.specificCharacterSet);
    put(DCM_PatientName, s.patientName);
    put(DCM_PatientID, s.patientId);
    put(DCM_PatientBirthDate, s.patientBirthDate);
    put(DCM_PatientSex, s.patientSex);
    put(DCM_StudyInstanceUID, s.studyInstanceUid);
    put(DCM_StudyDate, s.studyDate);
    put(DCM_StudyTime, s.studyTime);
    put(DCM_StudyID, s.studyId);
    put(DCM_AccessionNumber, s.accessionNumber);
    put(DCM_ReferringPhysicianName, s.referringPhysicianName);
    if (!s.studyDescription.isEmpty())
        put(DCM_StudyDescription, s.studyDescription);
    if (s.anonymized) {
        put(DCM_PatientIdentityRemoved, QStringLiteral("YES"));
        put(DCM_DeidentificationMethod,
            QStringLiteral("chexview: identifying patient and study attributes emptied"));
        DcmItem* method = nullptr;
        if (ds.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, method, -2)
                .good() &&
            method) {
            method->putAndInsertString(DCM_CodeValue, "113100");
            method->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
            method->putAndInsertString(DCM_CodeMeaning,
                                       "Basic Application Confidentiality Profile");
        }
    }
}

} // namespace chexview
