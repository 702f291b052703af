#pragma once

#include "chexview/model/WorkerProtocol.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;

namespace chexview {

/// One running worker interpreter (core/pytorch/chexview_pytorch/worker.py) driven over its
/// stdin/stdout with blocking waits and timeouts; its stderr goes to the log (category
/// chexview.worker). Thread contract: not thread-safe; a QProcess belongs to the thread that
/// started it, so start() and exchange() must run on one thread (ownedByThisThread() tells).
/// Destroying it on another thread kills the process without waiting. Failures throw EngineError:
/// DeviceUnavailable when the interpreter cannot be started, WorkerFailed on a crash, a timeout or
/// a malformed frame (the process is then stopped). PROGRESS messages are consumed while waiting
/// (logged, and the last one kept): a timeout says what the worker was last doing, and whether it
/// was computing or idle meanwhile (its CPU time).
class WorkerProcess
{
public:
    WorkerProcess();
    ~WorkerProcess();
    WorkerProcess(const WorkerProcess&) = delete;
    WorkerProcess& operator=(const WorkerProcess&) = delete;

    /// Starts `python -u script args...` and reads its HELLO.
    WorkerProtocol::Hello start(const QString& python, const QString& script, int timeoutMs,
                                const QStringList& args = {});
    /// Sends one message and returns the worker's reply to it (READY / RESULT / ERROR), whose
    /// payload may be at most `maxReply` bytes.
    WorkerProtocol::Frame exchange(WorkerProtocol::Type type, const QByteArray& payload,
                                   int timeoutMs, quint32 maxReply);
    /// Sends BYE and waits briefly for a clean exit, then kills.
    void stop();
    bool isRunning() const;
    bool ownedByThisThread() const;
    qint64 processId() const;

private:
    [[noreturn]] void fail(const QString& what);
    /// stop() on the owning thread; elsewhere kill by process id and let that thread delete it.
    void discard();
    WorkerProtocol::Frame readFrame(int timeoutMs, quint32 maxReply);
    void drainStderr();
    void takeProgress(const QByteArray& payload);
    /// Why a wait of `waitedMs` ran out: the last progress and the CPU time used meanwhile.
    QString timeoutDiagnosis(qint64 waitedMs, double cpuAtStart) const;

    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    QByteArray m_stderrLine;
    QStringList m_lastStderr; ///< the last few lines, quoted in crash messages
    quint32 m_nextId = 0;
    QString m_lastStage;         ///< the last PROGRESS stage
    qint64 m_lastStageAtMs = -1; ///< m_clock's time when it arrived
    QElapsedTimer m_clock;       ///< started with the process
};

} // namespace chexview
