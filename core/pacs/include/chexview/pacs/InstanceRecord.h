#pragma once

#include <QJsonObject>
#include <QString>

namespace chexview {

/// One instance a PACS answered with (QIDO-RS or C-FIND, instance level): where it sits in the
/// study and what it is. What a retrieve of single instances takes.
/// Thread contract: a plain value.
struct InstanceRecord
{
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;
    QString sopClassUid;

    /// Whether all four UIDs are well formed (InstanceCache::isValidUid).
    bool isValid() const;
    /// {"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID"}.
    QJsonObject toJson() const;
};

} // namespace chexview
