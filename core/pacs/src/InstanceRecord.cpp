#include "chexview/pacs/InstanceRecord.h"
#include "chexview/pacs/InstanceCache.h"

namespace chexview {

bool InstanceRecord::isValid() const
{
    return InstanceCache::isValidUid(studyInstanceUid) &&
           InstanceCache::isValidUid(seriesInstanceUid) &&
           InstanceCache::isValidUid(sopInstanceUid) && InstanceCache::isValidUid(sopClassUid);
}

QJsonObject InstanceRecord::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("StudyInstanceUID"), studyInstanceUid);
    o.insert(QStringLiteral("SeriesInstanceUID"), seriesInstanceUid);
    o.insert(QStringLiteral("SOPInstanceUID"), sopInstanceUid);
    o.insert(QStringLiteral("SOPClassUID"), sopClassUid);
    return o;
}

} // namespace chexview
