#include "chexview/results/SourceStudy.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <stdexcept>

namespace chexview {

SourceStudy SourceStudy::read(const QString& path)
{
    DcmFileFormat file;
    const OFCondition cond = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                           EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (cond.bad())
        throw std::runtime_error(
            QStringLiteral("%1 is not a DICOM file: %2").arg(path, cond.text()).toStdString());
    DcmDataset* ds = file.getDataset();
    auto get = [&](const DcmTagKey& key) {
        OFString value;
        ds->findAndGetOFStringArray(key, value);
        // Raw bytes kept as they are: the result uses the source's character set.
        return QString::fromLatin1(value.c_str());
    };
    SourceStudy s;
    s.sopClassUid = get(DCM_SOPClassUID).trimmed();
    s.sopInstanceUid = get(DCM_SOPInstanceUID).trimmed();
    s.studyInstanceUid = get(DCM_StudyInstanceUID).trimmed();
    s.seriesInstanceUid = get(DCM_SeriesInstanceUID).trimmed();
    s.modality = get(DCM_Modality).trimmed();
    s.patientOrientation = get(DCM_PatientOrientation).trimmed();
    s.laterality = get(DCM_ImageLaterality).trimmed();
    if (s.laterality.isEmpty())
        s.laterality = get(DCM_Laterality).trimmed();
    s.pixelSpacing = get(DCM_PixelSpacing).trimmed();
    if (s.pixelSpacing.isEmpty())
        s.pixelSpacing = get(DCM_ImagerPixelSpacing).trimmed();
    Uint16 rows = 0, columns = 0;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, columns);
    s.rows = rows;
    s.columns = columns;
    s.patientName = get(DCM_PatientName);
    s.patientId = get(DCM_PatientID);
    s.patientBirthDate = get(DCM_PatientBirthDate);
    s.patientSex = get(DCM_PatientSex);
    s.studyDate = get(DCM_StudyDate);
    s.studyTime = get(DCM_StudyTime);
    s.studyId = get(DCM_StudyID);
    s.accessionNumber = get(DCM_AccessionNumber);
    s.referringPhysicianName = get(DCM_ReferringPhysicianName);
    s.studyDescription = get(DCM_StudyDescription);
    s.specificCharacterSet = get(DCM_SpecificCharacterSet);
    if (s.sopInstanceUid.isEmpty() || s.studyInstanceUid.isEmpty() || s.sopClassUid.isEmpty())
        throw std::runtime_error(
            QStringLiteral("%1 has no SOP Class, SOP Instance or Study Instance UID")
                .arg(path)
                .toStdString());
    return s;
}

void SourceStudy::anonymize()
{
    patientName.clear();
    patientId.clear();
    patientBirthDate.clear();
    patientSex.clear();
    accessionNumber.clear();
    referringPhysicianName.clear();
    studyId.clear();
    anonymized = true;
}

} // namespace chexview
