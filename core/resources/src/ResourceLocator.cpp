#include "chexview/resources/ResourceLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace chexview {

QString ResourceLocator::executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    return QFileInfo(QStringLiteral("/proc/self/exe"))
        .canonicalFilePath()
        .section(QLatin1Char('/'), 0, -2);
}

QString ResourceLocator::resourcesDir()
{
    const QString env = qEnvironmentVariable("CHEXVIEW_RESOURCES");
    if (!env.isEmpty())
        return env;
    return QDir::cleanPath(QDir(executableDir()).filePath(QStringLiteral("../share/chexview")));
}

QString ResourceLocator::pythonPackage()
{
    return resourcesDir() + QStringLiteral("/pytorch/chexview_pytorch");
}

QString ResourceLocator::defaultModel()
{
    const QString env = qEnvironmentVariable("CHEXVIEW_MODEL");
    if (!env.isEmpty())
        return env;
    const QDir exe(executableDir());
    const QString installed = QStringLiteral("../share/chexview/models/chexnet-demo");
    for (const QString& rel : {QStringLiteral("../models/chexnet-demo"), installed})
        if (QFileInfo::exists(exe.filePath(rel) + QStringLiteral("/manifest.json")))
            return QDir::cleanPath(exe.filePath(rel));
    return QDir::cleanPath(exe.filePath(installed));
}

QStringList ResourceLocator::pluginDirs()
{
    QStringList dirs;
    if (qEnvironmentVariableIsSet("CHEXVIEW_PLUGIN_DIR"))
        dirs << qEnvironmentVariable("CHEXVIEW_PLUGIN_DIR");
    const QDir exe(executableDir());
    dirs << QDir::cleanPath(exe.filePath(QStringLiteral("../lib/" CHEXVIEW_LIBRARY_ARCH "/chexview")))
         << QDir::cleanPath(exe.filePath(QStringLiteral("../lib/chexview")))
         << QDir::cleanPath(exe.filePath(QStringLiteral("../lib")));
    return dirs;
}

} // namespace chexview
