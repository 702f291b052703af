#pragma once

#include <QString>

namespace chexview {

/// New DICOM UIDs for result objects, all under the root `2.25` (ISO/IEC 9834-8, DICOM PS3.5
/// B.2): "2.25." followed by a random UUID written as one decimal integer. No registered root
/// is needed and collisions are as unlikely as UUID collisions. Reentrant.
class ResultUids
{
public:
    static constexpr const char* kRoot = "2.25";
    static QString newUid();
    /// The same UID for the same name (a name-based UUID, RFC 4122 version 5, under 2.25): a
    /// stable Device Observer UID for one model package.
    static QString fromName(const QString& name);
};

} // namespace chexview
