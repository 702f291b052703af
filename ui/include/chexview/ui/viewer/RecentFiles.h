#pragma once

#include <QSettings>
#include <QStringList>

namespace chexview {

/// Most-recently-opened files, persisted in QSettings under "recentFiles". GUI thread only.
class RecentFiles
{
public:
    static constexpr int kMax = 10;
    static QStringList load(QSettings& settings);
    /// Moves `path` to the front, drops duplicates, keeps at most kMax; returns the new list.
    static QStringList add(QSettings& settings, const QString& path);
};

} // namespace chexview
