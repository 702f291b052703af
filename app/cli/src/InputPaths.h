#pragma once

#include <QStringList>

namespace chexview {

/// The images a command argument names: a file is itself; a folder is its supported images
/// (ImageLoader's name filters), sorted by name, not recursive, like the viewer's Open Folder.
/// A folder without any gives an empty list.
QStringList expandInputPath(const QString& path);

} // namespace chexview
