#pragma once

#include "chexview/image/XrayImage.h"

#include <QFutureWatcher>
#include <QObject>

namespace chexview {

/// Loads images on the global thread pool and reports back on the GUI thread.
/// Thread contract: create and call from the GUI thread only; signals arrive on that thread.
/// Only the latest request is reported: a newer request() supersedes older ones, whose results
/// are dropped. Destroying the loader (e.g. closing the window mid-load) is safe: a running
/// decode finishes on its pool thread and its result is discarded.
class AsyncImageLoader : public QObject
{
    Q_OBJECT
public:
    explicit AsyncImageLoader(QObject* parent = nullptr);
    ~AsyncImageLoader() override;

    void request(const QString& path);
    bool isBusy() const;
    QString pendingPath() const { return m_pendingPath; }

Q_SIGNALS:
    void started(const QString& path);
    void loaded(const QString& path, chexview::XrayImagePtr image, qint64 elapsedMs);
    void failed(const QString& path, const QString& message);

private:
    struct Outcome
    {
        quint64 generation = 0;
        QString path;
        XrayImagePtr image;
        QString error;
        qint64 elapsedMs = 0;
    };
    void onFinished(QFutureWatcher<Outcome>* watcher);

    quint64 m_generation = 0;
    QString m_pendingPath;
    int m_running = 0;
};

} // namespace chexview
