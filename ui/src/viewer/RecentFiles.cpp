#include "chexview/ui/viewer/RecentFiles.h"

namespace chexview {

QStringList RecentFiles::load(QSettings& settings)
{
    return settings.value(QStringLiteral("recentFiles")).toStringList();
}

QStringList RecentFiles::add(QSettings& settings, const QString& path)
{
    QStringList list = load(settings);
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMax)
        list.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), list);
    return list;
}

} // namespace chexview
