#pragma once

#include <QString>

namespace chexview {

/// Finds the project's read-only resources (bundled dataset lists, sample study, models):
/// $CHEXVIEW_RESOURCES, then <exe>/../share/chexview (installed), then the source tree the
/// binary was built from. Thread-safe.
class ResourceLocator
{
public:
    static QString resourcesDir();
    static QString bundledLists() { return resourcesDir() + QStringLiteral("/dataset/lists"); }
    static QString sampleStudy() { return resourcesDir() + QStringLiteral("/sample"); }
};

} // namespace chexview
