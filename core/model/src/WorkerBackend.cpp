#include "WorkerBackend.h"
#include "chexview/dataset/ChestXray14.h"

#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QMutex>
#include <QThread>

namespace chexview {

namespace {

// Timeouts: importing torch on a busy machine takes seconds; loading may compile (torch.compile,
// HPU graphs); a CPU batch of 256 takes tens of seconds.
constexpr int kHelloMs = 120000;
constexpr int kLoadMs = 600000;
constexpr int kRunBaseMs = 120000;
constexpr int kRunPerImageMs = 2000;

EngineError::Code codeFor(const QString& workerCode)
{
    if (workerCode == QLatin1String("device-unavailable"))
        return EngineError::Code::DeviceUnavailable;
    if (workerCode == QLatin1String("load-failed"))
        return EngineError::Code::LoadFailed;
    if (workerCode == QLatin1String("inference-failed"))
        return EngineError::Code::InferenceFailed;
    return EngineError::Code::WorkerFailed; // protocol, bad-request
}

[[noreturn]] void throwWorkerError(const QByteArray& payload)
{
    WorkerProtocol::Error e;
    QString error;
    if (!WorkerProtocol::decodeError(payload, e, error))
        throw EngineError(EngineError::Code::WorkerFailed, error);
    throw EngineError(codeFor(e.code), QStringLiteral("worker: %1").arg(e.message));
}

} // namespace

QString WorkerBackend::pythonFor(const InferenceEngine::Options& options)
{
    if (!options.python.isEmpty())
        return options.python;
    const QString env = qEnvironmentVariable("CHEXVIEW_PYTHON");
    return env.isEmpty() ? QStringLiteral("/usr/bin/python3") : env;
}

QString WorkerBackend::scriptFor(const InferenceEngine::Options& options)
{
    if (!options.workerScript.isEmpty())
        return options.workerScript;
    // $CHEXVIEW_WORKER_DIR, else the installed (or build-tree) Python package.
    const QString dir = qEnvironmentVariableIsSet("CHEXVIEW_WORKER_DIR")
                            ? qEnvironmentVariable("CHEXVIEW_WORKER_DIR")
                            : ResourceLocator::pythonPackage();
    return QDir::cleanPath(
        QFileInfo(QDir(dir).filePath(QStringLiteral("worker.py"))).absoluteFilePath());
}

QMap<QString, QString> WorkerBackend::probe(const InferenceEngine::Options& options)
{
    static QMutex mutex;
    static QMap<QString, QMap<QString, QString>> cache;
    const QString python = pythonFor(options), script = scriptFor(options);
    const QString key = python + QLatin1Char('\n') + script;
    QMutexLocker lock(&mutex);
    if (cache.contains(key))
        return cache.value(key);
    QMap<QString, QString> result;
    try {
        WorkerProcess process;
        const WorkerProtocol::Hello hello = process.start(
            python, script, options.workerTimeoutMs > 0 ? options.workerTimeoutMs : kHelloMs);
        process.stop();
        result = hello.unavailable;
    } catch (const EngineError& e) {
        for (const QString& d : namesOf(allDevices()))
            result.insert(d, e.message());
    }
    for (const QString& d : namesOf(allDevices()))
        if (!result.contains(d))
            result.insert(d, QStringLiteral("the worker does not report this device"));
    cache.insert(key, result);
    return result;
}

WorkerBackend::WorkerBackend(const ModelManifest& manifest, const InferenceEngine::Options& options)
    : m_manifest(manifest), m_options(options),
      m_threads(options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount()))
{
}

std::unique_ptr<WorkerBackend> WorkerBackend::create(const ModelManifest& manifest,
                                                     const InferenceEngine::Options& options)
{
    if (!options.precision || !precisionsOf(Engine::Worker).contains(*options.precision))
        throw EngineError(
            EngineError::Code::LoadFailed,
            QStringLiteral("precision '%1' does not run in the worker (fp32, fp32-opt on the "
                           "CPU; fp16 and bf16 on cuda, bf16 on hpu); INT8 runs in-process")
                .arg(toString(options.precision.value_or(Precision::Int8))));
    if (manifest.weightsPath.isEmpty())
        throw EngineError(EngineError::Code::BadPackage,
                          QStringLiteral("model package %1 has no float weights "
                                         "(weights_fp32.pt) for the worker; rebuild it with "
                                         "chexview-cli convert")
                              .arg(manifest.dir));
    std::unique_ptr<WorkerBackend> b(new WorkerBackend(manifest, options));
    b->startAndLoad();
    return b;
}

int WorkerBackend::timeout(int defaultMs) const
{
    return m_options.workerTimeoutMs > 0 ? m_options.workerTimeoutMs : defaultMs;
}

void WorkerBackend::startAndLoad()
{
    // The thread count the in-process engine would use, before torch is imported (the worker
    // sets its OpenMP policy from it): see worker.py's --threads.
    m_hello = m_process.start(pythonFor(m_options), scriptFor(m_options), timeout(kHelloMs),
                              {QStringLiteral("--threads"), QString::number(m_threads)});
    const QString device = toString(m_options.device);
    if (!m_hello.unavailable.contains(device)) {
        m_process.stop();
        throw EngineError(EngineError::Code::DeviceUnavailable,
                          QStringLiteral("unknown device '%1' (cpu, cuda or hpu)").arg(device));
    }
    if (!m_hello.unavailable.value(device).isEmpty()) {
        m_process.stop();
        throw EngineError(EngineError::Code::DeviceUnavailable, m_hello.unavailable.value(device));
    }
    QJsonObject load{{QStringLiteral("weights"), m_manifest.weightsPath},
                     {QStringLiteral("sha256"), m_manifest.weightsSha256},
                     {QStringLiteral("device"), device},
                     {QStringLiteral("precision"), toString(*m_options.precision)},
                     {QStringLiteral("threads"), m_threads},
                     {QStringLiteral("size"), m_manifest.preprocessing.crop},
                     {QStringLiteral("compile"), m_options.compile}};
    const WorkerProtocol::Frame f = m_process.exchange(
        WorkerProtocol::Type::Load, WorkerProtocol::encodeLoad(load), timeout(kLoadMs), 1u << 20);
    if (f.type == WorkerProtocol::Type::Error) {
        m_process.stop();
        throwWorkerError(f.payload);
    }
    QString error;
    if (f.type != WorkerProtocol::Type::Ready ||
        !WorkerProtocol::decodeReady(f.payload, m_ready, error)) {
        m_process.stop();
        throw EngineError(EngineError::Code::WorkerFailed,
                          error.isEmpty() ? QStringLiteral("the worker did not confirm the load")
                                          : error);
    }
    if (m_ready.camHeight != m_manifest.camHeight || m_ready.camWidth != m_manifest.camWidth) {
        m_process.stop();
        throw EngineError(EngineError::Code::BadPackage,
                          QStringLiteral("the worker's model makes %1x%2 CAMs, the manifest says "
                                         "%3x%4")
                              .arg(m_ready.camHeight)
                              .arg(m_ready.camWidth)
                              .arg(m_manifest.camHeight)
                              .arg(m_manifest.camWidth));
    }
}

bool WorkerBackend::run(const std::vector<ModelInput>& batch, std::vector<Prediction>& out,
                        QString& /*error*/)
{
    if (!m_process.isRunning() || !m_process.ownedByThisThread())
        startAndLoad(); // after a crash, or on a new thread: a fresh worker
    out.clear();
    out.reserve(batch.size());
    const quint32 camBytes = quint32(kFindingCount * m_ready.camHeight * m_ready.camWidth * 4);
    for (size_t first = 0; first < batch.size(); first += WorkerProtocol::kMaxBatch) {
        const size_t n = std::min(batch.size() - first, size_t(WorkerProtocol::kMaxBatch));
        const std::vector<ModelInput> part(batch.begin() + long(first),
                                           batch.begin() + long(first + n));
        const WorkerProtocol::Frame f = m_process.exchange(
            WorkerProtocol::Type::Run, WorkerProtocol::encodeRun(part),
            timeout(kRunBaseMs + kRunPerImageMs * int(n)),
            quint32(WorkerProtocol::kRunHeaderSize) + quint32(n) * (kFindingCount * 4 + camBytes));
        if (f.type == WorkerProtocol::Type::Error)
            throwWorkerError(f.payload);
        std::vector<Prediction> got;
        QString error;
        if (f.type != WorkerProtocol::Type::Result ||
            !WorkerProtocol::decodeResult(f.payload, int(n), got, error)) {
            m_process.stop();
            throw EngineError(EngineError::Code::WorkerFailed,
                              error.isEmpty() ? QStringLiteral("the worker did not send a result")
                                              : error);
        }
        for (Prediction& p : got)
            out.push_back(std::move(p));
    }
    return true;
}

QString WorkerBackend::description() const
{
    QString d = QStringLiteral("worker, torch %1").arg(m_hello.torch);
    if (m_ready.device != toString(Device::Cpu) && !m_ready.device.isEmpty())
        d += QStringLiteral(", %1 %2").arg(m_ready.device, m_ready.deviceName).trimmed();
    return d;
}

} // namespace chexview
