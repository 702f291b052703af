#pragma once

#include <QString>

namespace chexview {

/// Finds the project's read-only resources (bundled dataset lists, sample study) and the
/// default model package: $CHEXVIEW_RESOURCES / $CHEXVIEW_MODEL, then paths next to the
/// executable (installed layout, build tree), then the source tree. Thread-safe.
class ResourceLocator
{
public:
    static QString resourcesDir();
    static QString bundledLists() { return resourcesDir() + QStringLiteral("/dataset/lists"); }
    static QString sampleStudy() { return resourcesDir() + QStringLiteral("/sample"); }
    /// The default model package (built by packaging/setup.sh into build/models/chexnet-demo).
    static QString defaultModel();
};

} // namespace chexview
