#include "chexview/workflow/ApplicationThreadPool.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QThreadPool>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>

namespace chexview {

namespace {

struct Registry
{
    QMutex mutex;
    QHash<QString, QThreadPool*> pools;
    bool postRoutineAdded = false;
    bool atExitAdded = false;
};

/// Never destroyed: the exit handler below still needs it while statics are torn down.
Registry& registry()
{
    static auto* r = new Registry;
    return *r;
}

} // namespace

QThreadPool* ApplicationThreadPool::pool(const QString& name, int maxThreads)
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    if (QThreadPool* existing = r.pools.value(name))
        return existing;
    auto* p = new QThreadPool;
    p->setObjectName(name);
    p->setMaxThreadCount(std::max(1, maxThreads));
    r.pools.insert(name, p);
    // Qt runs post routines in ~QCoreApplication, while the application is still whole; they are
    // consumed by that run, so a later application registers again.
    if (!r.postRoutineAdded && QCoreApplication::instance()) {
        qAddPostRoutine(&ApplicationThreadPool::shutdownAll);
        r.postRoutineAdded = true;
    }
    if (!r.atExitAdded) {
        std::atexit(&ApplicationThreadPool::shutdownAll);
        r.atExitAdded = true;
    }
    return p;
}

void ApplicationThreadPool::shutdownAll()
{
    Registry& r = registry();
    QHash<QString, QThreadPool*> pools;
    {
        QMutexLocker lock(&r.mutex);
        pools.swap(r.pools);
        r.postRoutineAdded = false;
    }
    // Queued tasks are not dropped: a QtConcurrent::mapped whose queued runnable is cleared never
    // finishes, and its consumer (waiting on the future) would hang the shutdown.
    for (QThreadPool* p : std::as_const(pools)) {
        if (p->waitForDone(kShutdownWaitMs)) {
            delete p;
        } else {
            // A task ignored its cancel token: leave the pool (and its threads) alive rather
            // than destroy it under them.
            qWarning("chexview: background pool %s still busy after %d ms at shutdown",
                     qUtf8Printable(p->objectName()), kShutdownWaitMs);
        }
    }
}

int ApplicationThreadPool::count()
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    return int(r.pools.size());
}

} // namespace chexview
