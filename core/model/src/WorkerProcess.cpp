#include "WorkerProcess.h"

#include "chexview/model/EngineError.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <unistd.h>

namespace chexview {

Q_LOGGING_CATEGORY(lcWorker, "chexview.worker")

namespace {

constexpr quint32 kMaxControlReply = 1u << 20; // HELLO / READY / ERROR are small JSON

/// CPU seconds (user + system) the process has used so far; -1 where /proc cannot tell.
double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return -1.0;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    if (close < 0)
        return -1.0;
    const QList<QByteArray> f = s.mid(close + 2).split(' '); // f[0] is field 3 (state)
    const long ticks = sysconf(_SC_CLK_TCK);
    if (f.size() < 13 || ticks <= 0)
        return -1.0;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(ticks);
}

} // namespace

WorkerProcess::WorkerProcess() = default;

WorkerProcess::~WorkerProcess()
{
    discard();
}

void WorkerProcess::discard()
{
    if (!m_process)
        return;
    if (ownedByThisThread()) {
        stop();
        return;
    }
    // A QProcess may only be touched on its own thread: end the process by its id and let
    // the owning thread reap and delete the object.
    if (m_process->processId() > 0)
        ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process.release()->deleteLater();
}

bool WorkerProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool WorkerProcess::ownedByThisThread() const
{
    return m_process && m_process->thread() == QThread::currentThread();
}

qint64 WorkerProcess::processId() const
{
    return m_process ? m_process->processId() : 0;
}

WorkerProtocol::Hello WorkerProcess::start(const QString& python, const QString& script,
                                           int timeoutMs, const QStringList& args)
{
    discard(); // a previous process, possibly started on another thread
    m_buffer.clear();
    m_stderrLine.clear();
    m_lastStderr.clear();
    m_lastStage.clear();
    m_lastStageAtMs = -1;
    m_clock.start();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start(python, QStringList{QStringLiteral("-u"), script} + args);
    if (!m_process->waitForStarted(timeoutMs)) {
        const QString why = m_process->errorString();
        m_process.reset();
        throw EngineError(EngineError::Code::DeviceUnavailable,
                          QStringLiteral("the Python interpreter '%1' could not be started (%2); "
                                         "choose one with --python, CHEXVIEW_PYTHON or the "
                                         "Findings panel")
                              .arg(python, why));
    }
    qCInfo(lcWorker, "started %s %s (pid %lld)", qPrintable(python), qPrintable(script),
           m_process->processId());
    const WorkerProtocol::Frame f = readFrame(timeoutMs, kMaxControlReply);
    WorkerProtocol::Hello hello;
    QString error;
    if (f.type != WorkerProtocol::Type::Hello)
        fail(QStringLiteral("the worker did not start with a hello message"));
    if (!WorkerProtocol::decodeHello(f.payload, hello, error))
        fail(error);
    return hello;
}

WorkerProtocol::Frame WorkerProcess::exchange(WorkerProtocol::Type type, const QByteArray& payload,
                                              int timeoutMs, quint32 maxReply)
{
    if (!isRunning())
        fail(QStringLiteral("the worker is not running"));
    const quint32 id = ++m_nextId;
    QElapsedTimer clock;
    clock.start();
    m_process->write(WorkerProtocol::encodeFrame(type, id, payload));
    while (m_process->bytesToWrite() > 0) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0 || !m_process->waitForBytesWritten(int(left))) {
            drainStderr();
            if (!isRunning())
                fail(QStringLiteral("the worker process ended while receiving its input"));
            if (clock.elapsed() >= timeoutMs)
                fail(QStringLiteral("the worker did not take its input within %1 s")
                         .arg(timeoutMs / 1000.0));
        }
    }
    const WorkerProtocol::Frame f =
        readFrame(int(std::max<qint64>(1, timeoutMs - clock.elapsed())), maxReply);
    if (f.requestId != id && f.type != WorkerProtocol::Type::Error)
        fail(QStringLiteral("the worker answered request %1 while %2 was asked")
                 .arg(f.requestId)
                 .arg(id));
    return f;
}

WorkerProtocol::Frame WorkerProcess::readFrame(int timeoutMs, quint32 maxReply)
{
    QElapsedTimer clock;
    clock.start();
    const double cpuAtStart = cpuSeconds(processId());
    for (;;) {
        WorkerProtocol::Frame f;
        QString error;
        switch (
            WorkerProtocol::takeFrame(m_buffer, f, error, std::max(maxReply, kMaxControlReply))) {
        case WorkerProtocol::Take::Taken:
            if (f.type == WorkerProtocol::Type::Progress) {
                takeProgress(f.payload);
                continue;
            }
            if (f.type != WorkerProtocol::Type::Error && f.payload.size() > qsizetype(maxReply))
                fail(QStringLiteral("the worker's reply is larger than the request allows"));
            return f;
        case WorkerProtocol::Take::Invalid:
            fail(error);
        case WorkerProtocol::Take::NeedMore:
            break;
        }
        if (!isRunning()) {
            const QByteArray rest = m_process->readAllStandardOutput();
            if (!rest.isEmpty()) {
                m_buffer += rest;
                continue;
            }
            drainStderr();
            const bool crashed = m_process->exitStatus() == QProcess::CrashExit;
            const int code = m_process->exitCode();
            QString last = m_lastStderr.join(QStringLiteral(" | "));
            fail((crashed ? QStringLiteral("the worker process crashed or was killed")
                          : QStringLiteral("the worker process exited (code %1)").arg(code)) +
                 (last.isEmpty() ? QString() : QStringLiteral("; its last words: ") + last));
        }
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0)
            fail(QStringLiteral("the worker did not answer within %1 s%2")
                     .arg(timeoutMs / 1000.0)
                     .arg(timeoutDiagnosis(clock.elapsed(), cpuAtStart)));
        m_process->waitForReadyRead(int(std::min<qint64>(left, 1000)));
        m_buffer += m_process->readAllStandardOutput();
        drainStderr();
    }
}

void WorkerProcess::takeProgress(const QByteArray& payload)
{
    WorkerProtocol::Progress p;
    QString error;
    if (!WorkerProtocol::decodeProgress(payload, p, error))
        fail(error);
    m_lastStage = p.stage;
    m_lastStageAtMs = m_clock.elapsed();
    qCInfo(lcWorker, "progress: %s (%.1f s)", qPrintable(p.stage), p.elapsedMs / 1000.0);
}

QString WorkerProcess::timeoutDiagnosis(qint64 waitedMs, double cpuAtStart) const
{
    QString why = m_lastStage.isEmpty()
                      ? QStringLiteral(": it reported no progress")
                      : QStringLiteral(": its last progress report, '%1', came %2 s ago")
                            .arg(m_lastStage)
                            .arg(double(m_clock.elapsed() - m_lastStageAtMs) / 1000.0, 0, 'f', 1);
    const double cpuNow = cpuSeconds(processId());
    if (cpuAtStart < 0 || cpuNow < 0 || waitedMs <= 0)
        return why;
    const double used = cpuNow - cpuAtStart, wall = double(waitedMs) / 1000.0;
    why += QStringLiteral("; it used %1 s of CPU time in those %2 s")
               .arg(used, 0, 'f', 1)
               .arg(wall, 0, 'f', 1);
    why += used >= 0.25 * wall
               ? QStringLiteral(" (computing, not stuck: an overloaded or slow machine, or a "
                                "first compilation; fewer threads or a longer timeout may help)")
               : QStringLiteral(" (idle: it is stuck, not computing)");
    return why;
}

void WorkerProcess::drainStderr()
{
    if (!m_process)
        return;
    m_stderrLine += m_process->readAllStandardError();
    qsizetype nl;
    while ((nl = m_stderrLine.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stderrLine.left(nl)).trimmed();
        m_stderrLine.remove(0, nl + 1);
        if (line.isEmpty())
            continue;
        qCInfo(lcWorker, "%s", qPrintable(line));
        m_lastStderr << line.left(300);
        while (m_lastStderr.size() > 3)
            m_lastStderr.removeFirst();
    }
    if (m_stderrLine.size() > 64 * 1024) // a line without end: log it in pieces
        m_stderrLine.append('\n');
}

void WorkerProcess::fail(const QString& what)
{
    stop();
    throw EngineError(EngineError::Code::WorkerFailed, what);
}

void WorkerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->write(WorkerProtocol::encodeFrame(WorkerProtocol::Type::Bye, 0, {}));
        m_process->closeWriteChannel();
        if (!m_process->waitForFinished(1500)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    drainStderr();
    m_process.reset();
}

} // namespace chexview
