#include "chexview/core/ResourceLocator.h"

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
        const QString installed =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/chexview"));
        if (QFileInfo::exists(installed))
            return QDir::cleanPath(installed);
    }
    return QStringLiteral(CHEXVIEW_SOURCE_RESOURCES);
}

} // namespace chexview
