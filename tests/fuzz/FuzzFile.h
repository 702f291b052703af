#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace chexview::fuzz {

/// The code under test reads files by path: each input is written to one scratch file per
/// process (on tmpfs when /dev/shm exists) and rewritten for every run.
class FuzzFile
{
public:
    /// A scratch folder of this process, created on first use.
    static QString dir()
    {
        static const QString d = [] {
            const QString base = QDir(QStringLiteral("/dev/shm")).exists()
                                     ? QStringLiteral("/dev/shm")
                                     : QDir::tempPath();
            const QString path = base + QStringLiteral("/chexview-fuzz-%1").arg(getpid());
            QDir().mkpath(path);
            return path;
        }();
        return d;
    }

    /// Writes the input as dir()/name and returns its path.
    static QString write(const QString& name, const uint8_t* data, size_t size)
    {
        const QString path = dir() + QLatin1Char('/') + name;
        QFile f(path);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(reinterpret_cast<const char*>(data), qint64(size));
        return path;
    }
};

} // namespace chexview::fuzz
