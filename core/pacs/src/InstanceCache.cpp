#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUuid>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <algorithm>

namespace chexview {

InstanceCache::InstanceCache(const QString& dir, qint64 maxBytes)
    : m_dir(QDir(dir).absolutePath()), m_maxBytes(std::max<qint64>(0, maxBytes))
{
    if (!QDir().mkpath(m_dir))
        throw PacsError(PacsError::Code::Storage,
                        QStringLiteral("cannot create the folder %1").arg(m_dir));
}

QString InstanceCache::newPartPath() const
{
    return m_dir + QStringLiteral("/.incoming-") +
           QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".part");
}

bool InstanceCache::isValidUid(const QString& uid)
{
    static const QRegularExpression re(QStringLiteral("^[0-9]+(\\.[0-9]+)*$"));
    return !uid.isEmpty() && uid.size() <= 64 && re.match(uid).hasMatch();
}

CachedInstance InstanceCache::inspect(const QString& path, bool requireMetaHeader)
{
    DcmFileFormat file;
    // Large values (pixel data) stay on disk: only the attributes are parsed here. A dataset
    // without a meta header is accepted where a file from disk would be (some servers, Orthanc
    // among them, send such files back exactly as they were stored).
    const OFCondition cond =
        file.loadFile(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown, EGL_noChange,
                      4096, requireMetaHeader ? ERM_fileOnly : ERM_autoDetect);
    if (cond.bad())
        throw PacsError(PacsError::Code::NotDicom,
                        QStringLiteral("not a readable DICOM object: %1").arg(cond.text()));
    auto get = [&](DcmItem* item, const DcmTagKey& key) {
        OFString value;
        if (item)
            item->findAndGetOFString(key, value);
        return QString::fromLatin1(value.c_str()).trimmed();
    };
    CachedInstance info;
    info.sopInstanceUid = get(file.getDataset(), DCM_SOPInstanceUID);
    info.sopClassUid = get(file.getDataset(), DCM_SOPClassUID);
    info.studyInstanceUid = get(file.getDataset(), DCM_StudyInstanceUID);
    // The dataset's SOP Instance UID names the object (a meta header that disagrees, as in
    // some real files, is tolerated exactly as the image loader tolerates it on disk).
    if (!isValidUid(info.sopInstanceUid))
        throw PacsError(PacsError::Code::NotDicom,
                        QStringLiteral("missing or malformed SOP Instance UID '%1'")
                            .arg(info.sopInstanceUid.left(80)));
    if (!info.studyInstanceUid.isEmpty() && !isValidUid(info.studyInstanceUid))
        throw PacsError(PacsError::Code::NotDicom,
                        QStringLiteral("malformed Study Instance UID '%1'")
                            .arg(info.studyInstanceUid.left(80)));
    if (!isValidUid(info.sopClassUid))
        throw PacsError(PacsError::Code::NotDicom,
                        QStringLiteral("missing or malformed SOP Class UID '%1'")
                            .arg(info.sopClassUid.left(80)));
    info.path = path;
    info.bytes = QFileInfo(path).size();
    return info;
}

CachedInstance InstanceCache::adopt(const QString& partPath)
{
    CachedInstance info;
    try {
        info = inspect(partPath, false);
    } catch (...) {
        QFile::remove(partPath);
        throw;
    }
    const QString target = pathFor(info.sopInstanceUid);
    if (QFile::exists(target))
        QFile::remove(target);
    if (!QFile::rename(partPath, target)) {
        QFile::remove(partPath);
        throw PacsError(PacsError::Code::Storage, QStringLiteral("cannot write %1").arg(target));
    }
    info.path = target;
    if (m_maxBytes > 0)
        enforceCap(target);
    return info;
}

bool InstanceCache::contains(const QString& sopInstanceUid) const
{
    return isValidUid(sopInstanceUid) && QFile::exists(pathFor(sopInstanceUid));
}

QString InstanceCache::pathFor(const QString& sopInstanceUid) const
{
    return m_dir + QLatin1Char('/') + sopInstanceUid + QStringLiteral(".dcm");
}

qint64 InstanceCache::sizeBytes() const
{
    qint64 total = 0;
    for (const QFileInfo& f : QDir(m_dir).entryInfoList({QStringLiteral("*.dcm")}, QDir::Files))
        total += f.size();
    return total;
}

int InstanceCache::clear()
{
    int removed = 0;
    const QStringList patterns{QStringLiteral("*.dcm"), QStringLiteral(".incoming-*.part")};
    for (const QFileInfo& f : QDir(m_dir).entryInfoList(patterns, QDir::Files | QDir::Hidden)) {
        const bool isUidFile =
            f.fileName().endsWith(QLatin1String(".dcm")) && isValidUid(f.completeBaseName());
        if ((isUidFile || f.fileName().startsWith(QLatin1String(".incoming-"))) &&
            QFile::remove(f.absoluteFilePath()))
            ++removed;
    }
    return removed;
}

void InstanceCache::enforceCap(const QString& keep)
{
    QFileInfoList files = QDir(m_dir).entryInfoList({QStringLiteral("*.dcm")}, QDir::Files,
                                                    QDir::Time | QDir::Reversed);
    qint64 total = 0;
    for (const QFileInfo& f : files)
        total += f.size();
    for (const QFileInfo& f : files) { // oldest first
        if (total <= m_maxBytes)
            break;
        if (f.absoluteFilePath() == QFileInfo(keep).absoluteFilePath())
            continue;
        if (QFile::remove(f.absoluteFilePath()))
            total -= f.size();
    }
}

} // namespace chexview
