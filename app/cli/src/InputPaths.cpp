#include "InputPaths.h"

#include "chexview/image/ImageLoader.h"

#include <QDir>
#include <QFileInfo>

namespace chexview {

QStringList expandInputPath(const QString& path)
{
    const QFileInfo fi(path);
    if (!fi.isDir())
        return {path};
    QStringList files;
    const QDir dir(path);
    for (const QFileInfo& f :
         dir.entryInfoList(ImageLoader::nameFilters(), QDir::Files | QDir::Readable, QDir::Name))
        files << f.filePath();
    return files;
}

} // namespace chexview
