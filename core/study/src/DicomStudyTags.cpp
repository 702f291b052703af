#include "DicomStudyTags.h"

#include "chexview/pacs/InstanceCache.h"

#include <QDate>
#include <QFile>
#include <QTime>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace chexview {

namespace {

QString text(DcmItem* item, const DcmTagKey& key)
{
    OFString value;
    if (item && item->findAndGetOFStringArray(key, value).good())
        return QString::fromLatin1(value.c_str()).trimmed();
    return {};
}

int integer(DcmItem* item, const DcmTagKey& key)
{
    bool ok = false;
    const int v = text(item, key).toInt(&ok);
    return ok ? v : 0;
}

} // namespace

QString DicomStudyTags::validDate(const QString& t)
{
    const QString s = t.trimmed();
    if (s.size() != 8)
        return {};
    const QDate d = QDate::fromString(s, QStringLiteral("yyyyMMdd"));
    return d.isValid() ? s : QString();
}

QString DicomStudyTags::validTime(const QString& t)
{
    QString s = t.trimmed();
    const int dot = s.indexOf(QLatin1Char('.'));
    if (dot >= 0)
        s = s.left(dot);
    if (s.size() == 2 || s.size() == 4)
        s += QString(6 - s.size(), QLatin1Char('0'));
    if (s.size() != 6)
        return {};
    const QTime time = QTime::fromString(s, QStringLiteral("HHmmss"));
    return time.isValid() ? s : QString();
}

QString DicomStudyTags::read(const QString& path, StudyInstance& inst)
{
    // Stopping at the pixel data is what we ask for: not worth DCMTK's warning on every file.
    static std::once_flag quiet;
    std::call_once(
        quiet, [] { OFLog::getLogger("dcmtk.dcmdata").setLogLevel(OFLogger::ERROR_LOG_LEVEL); });
    DcmFileFormat file;
    // Values longer than 4 KiB stay on disk; parsing stops at the pixel data.
    const OFCondition c =
        file.loadFileUntilTag(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown,
                              EGL_noChange, 4096, ERM_autoDetect, DCM_PixelData);
    if (c.bad())
        return QStringLiteral("not a readable DICOM file (%1)").arg(QString::fromLatin1(c.text()));
    DcmDataset* ds = file.getDataset();
    inst.kind = StudyInstance::Kind::Dicom;
    inst.patientId = text(ds, DCM_PatientID);
    inst.patientAge = text(ds, DCM_PatientAge);
    inst.studyUid = text(ds, DCM_StudyInstanceUID);
    inst.studyDate = validDate(text(ds, DCM_StudyDate));
    inst.studyTime = validTime(text(ds, DCM_StudyTime));
    inst.studyDescription = text(ds, DCM_StudyDescription);
    inst.seriesUid = text(ds, DCM_SeriesInstanceUID);
    inst.seriesNumber = integer(ds, DCM_SeriesNumber);
    inst.sopInstanceUid = text(ds, DCM_SOPInstanceUID);
    inst.instanceNumber = integer(ds, DCM_InstanceNumber);
    inst.modality = text(ds, DCM_Modality);
    inst.viewPosition = text(ds, DCM_ViewPosition).toUpper();
    inst.laterality = text(ds, DCM_ImageLaterality);
    if (inst.laterality.isEmpty())
        inst.laterality = text(ds, DCM_Laterality);
    inst.followUp = -1;
    if (!InstanceCache::isValidUid(inst.studyUid))
        return QStringLiteral("no valid StudyInstanceUID");
    if (!InstanceCache::isValidUid(inst.seriesUid))
        return QStringLiteral("no valid SeriesInstanceUID");
    return {};
}

} // namespace chexview
