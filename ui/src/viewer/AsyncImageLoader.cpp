#include "chexview/ui/viewer/AsyncImageLoader.h"
#include "chexview/error/Error.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/workflow/ApplicationThreadPool.h"

#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <QElapsedTimer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace chexview {

namespace {

/// The viewer's own loader thread: opening a file never queues behind batch decoding or PACS.
QThreadPool* loaderPool()
{
    return ApplicationThreadPool::pool(QStringLiteral("chexview-image-loader"), 2);
}

} // namespace

AsyncImageLoader::AsyncImageLoader(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<XrayImagePtr>();
}

AsyncImageLoader::~AsyncImageLoader() = default;

bool AsyncImageLoader::isBusy() const
{
    return m_running > 0;
}

void AsyncImageLoader::request(const QString& path)
{
    const quint64 generation = ++m_generation;
    m_pendingPath = path;
    ++m_running;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this,
            [this, watcher] { onFinished(watcher); });
    watcher->setFuture(QtConcurrent::run(loaderPool(), [generation, path]() -> Outcome {
        Outcome o;
        o.generation = generation;
        o.path = path;
        QElapsedTimer timer;
        timer.start();
        try {
            FaultInjection::point("image-load");
            o.image = ImageLoader::load(path);
        } catch (const ImageError& e) {
            o.error = e.message();
        } catch (const std::exception& e) {
            o.error = describeFailure(e);
        } catch (...) {
            o.error = describeUnknownFailure();
        }
        o.elapsedMs = timer.elapsed();
        return o;
    }));
    Q_EMIT started(path);
}

void AsyncImageLoader::onFinished(QFutureWatcher<Outcome>* watcher)
{
    --m_running;
    const Outcome o = watcher->result();
    watcher->deleteLater();
    if (o.generation != m_generation)
        return; // superseded by a newer request
    m_pendingPath.clear();
    if (o.image)
        Q_EMIT loaded(o.path, o.image, o.elapsedMs);
    else
        Q_EMIT failed(o.path, o.error);
}

} // namespace chexview
