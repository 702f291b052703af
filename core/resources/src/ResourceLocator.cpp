#include "chexview/resources/ResourceLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace chexview {

QString ResourceLocator::resourcesDir()
{
    const QString env = qEnvironmentVariable("CHEXVIEW_RESOURCES");
    if (!env.isEmpty())
        return env;
    if (QCoreApplication::instance()) {
        const QString installed = QDir(QCoreApplication::applicationDirPath())
                                      .filePath(QStringLiteral("../share/chexview"));
        if (QFileInfo::exists(installed))
            return QDir::cleanPath(installed);
    }
    return QStringLiteral(CHEXVIEW_SOURCE_RESOURCES);
}

} // namespace chexview

namespace chexview {

QString ResourceLocator::defaultModel()
{
    const QString env = qEnvironmentVariable("CHEXVIEW_MODEL");
    if (!env.isEmpty())
        return env;
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        for (const QString& rel : {QStringLiteral("../models/chexnet-demo"),
                                   QStringLiteral("../share/chexview/models/chexnet-demo")})
            if (QFileInfo::exists(exe.filePath(rel) + QStringLiteral("/manifest.json")))
                return QDir::cleanPath(exe.filePath(rel));
    }
    return QStringLiteral(CHEXVIEW_BUILD_DIR "/models/chexnet-demo");
}

} // namespace chexview
