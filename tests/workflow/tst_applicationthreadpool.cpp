// ApplicationThreadPool: the application's destruction (and shutdownAll) joins the background
// pools, so no pool thread is still running when the process tears down its statics.
#include "chexview/workflow/ApplicationThreadPool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <cstdio>

using chexview::ApplicationThreadPool;

namespace {

std::atomic<int> g_finished{0};

void slowTask()
{
    QThread::msleep(300);
    ++g_finished;
}

} // namespace

class TestApplicationThreadPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samePoolForSameName()
    {
        QThreadPool* a = ApplicationThreadPool::pool(QStringLiteral("test-a"), 3);
        QCOMPARE(ApplicationThreadPool::pool(QStringLiteral("test-a"), 1), a);
        QCOMPARE(a->maxThreadCount(), 3);
        QCOMPARE(a->objectName(), QStringLiteral("test-a"));
        QThreadPool* b = ApplicationThreadPool::pool(QStringLiteral("test-b"), 0);
        QVERIFY(b != a);
        QCOMPARE(b->maxThreadCount(), 1); // at least one thread
    }

    void shutdownWaitsForRunningAndQueuedTasks()
    {
        g_finished = 0;
        QThreadPool* p = ApplicationThreadPool::pool(QStringLiteral("test-shutdown"), 1);
        p->start(slowTask);
        p->start(slowTask); // queued behind the first (one thread)
        ApplicationThreadPool::shutdownAll();
        QCOMPARE(g_finished.load(), 2);
        QCOMPARE(ApplicationThreadPool::count(), 0);
        // A pool asked for after the shutdown is a new, working one.
        QThreadPool* again = ApplicationThreadPool::pool(QStringLiteral("test-shutdown"), 1);
        again->start(slowTask);
        QVERIFY(again->waitForDone(5000));
        QCOMPARE(g_finished.load(), 3);
    }
};

int main(int argc, char** argv)
{
    // The application's destructor joins the pools: the task started just before finishes
    // before ~QCoreApplication returns, not during static destruction.
    {
        QCoreApplication first(argc, argv);
        ApplicationThreadPool::pool(QStringLiteral("test-exit"), 1)->start(slowTask);
        if (ApplicationThreadPool::count() != 1)
            return 1;
    }
    if (g_finished.load() != 1 || ApplicationThreadPool::count() != 0) {
        std::fprintf(stderr,
                     "FAIL: ~QCoreApplication left a pool running (finished %d, pools %d)\n",
                     g_finished.load(), ApplicationThreadPool::count());
        return 1;
    }
    QCoreApplication app(argc, argv);
    TestApplicationThreadPool t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_applicationthreadpool.moc"
