#pragma once

#include "chexview/model/WorkerProtocol.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;

namespace chexview {

/// One running worker interpreter (core/pytorch/chexview_pytorch/worker.py) driven over its stdin/stdout with
/// blocking waits and timeouts; its stderr goes to the log (category chexview.worker).
/// Thread contract: not thread-safe; a QProcess belongs to the thread that started it, so
/// start() and exchange() must run on one thread (ownedByThisThread() tells). Destroying it on
/// another thread kills the process without waiting.
/// Failures throw EngineError: DeviceUnavailable when the interpreter cannot be started,
/// WorkerFailed on a crash, a timeout or a malformed frame (the process is then stopped).
class WorkerProcess
{
public:
    WorkerProcess();
    ~WorkerProcess();
    WorkerProcess(const WorkerProcess&) = delete;
    WorkerProcess& operator=(const WorkerProcess&) = delete;

    /// Starts `python script` and reads its HELLO.
    WorkerProtocol::Hello start(const QString& python, const QString& script, int timeoutMs);
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

    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    QByteArray m_stderrLine;
    QStringList m_lastStderr; ///< the last few lines, quoted in crash messages
    quint32 m_nextId = 0;
};

} // namespace chexview
