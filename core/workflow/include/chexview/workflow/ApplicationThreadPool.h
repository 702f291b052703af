#pragma once

#include <QString>

class QThreadPool;

namespace chexview {

/// The named thread pools that background work runs on (batch decoding, the viewer's loader,
/// thumbnails, PACS transfers), each with its own threads so that none queues behind another.
///
/// Lifetime: a pool is joined before the process tears down its static objects. When the
/// QCoreApplication is destroyed (or, without one, at exit) every pool waits up to
/// `kShutdownWaitMs` for its tasks (callers cancel theirs first) and is deleted. A task still
/// decoding a file while `main` returns would otherwise read DCMTK's dictionary or Qt's globals as
/// they are destroyed (an intermittent SEGV on a pool thread at exit, seen under ASan).
///
/// Thread contract: `pool()` may be called from any thread; the pool it returns stays valid
/// until the application object is destroyed. A later call after that shutdown makes a new pool.
class ApplicationThreadPool
{
public:
    static constexpr int kShutdownWaitMs = 10000;

    /// The pool called `name` (its objectName), made on first use with
    /// `maxThreads` threads (at least 1); later calls return the same pool.
    static QThreadPool* pool(const QString& name, int maxThreads);

    /// Waits for every pool's tasks (bounded) and deletes the pools. Idempotent; called by the
    /// application's post routine and at exit.
    static void shutdownAll();

    /// How many pools exist now (tests).
    static int count();
};

} // namespace chexview
