#pragma once

#include <QString>

namespace chexview {

/// Finds the project's read-only resources relative to the running executable, in the
/// installed layout (/usr/bin/.. = /usr: share/chexview/..., lib/chexview/) and in the build
/// tree, which mirrors it (build/bin/.., build/share/chexview, build/lib, build/models). No
/// source or build path is compiled in. Environment overrides: $CHEXVIEW_RESOURCES (the
/// share/chexview folder), $CHEXVIEW_MODEL (the default model package). Thread-safe.
class ResourceLocator
{
public:
    /// The folder of the running executable (QCoreApplication's, else /proc/self/exe's).
    static QString executableDir();
    /// share/chexview: dataset/, sample/, pytorch/ and (installed) models/.
    static QString resourcesDir();
    static QString bundledLists() { return resourcesDir() + QStringLiteral("/dataset/lists"); }
    static QString sampleStudy() { return resourcesDir() + QStringLiteral("/sample"); }
    /// The Python package chexview_pytorch (worker.py, train.py, build_package.py, ...).
    static QString pythonPackage();
    /// The default model package (built by `cmake --build` into build/models/chexnet-demo).
    static QString defaultModel();
    /// Folders that may hold the LibTorch plugin libchexview_torch.so, in search order.
    static QStringList pluginDirs();
};

} // namespace chexview
