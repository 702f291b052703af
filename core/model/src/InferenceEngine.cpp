#include "chexview/model/InferenceEngine.h"

#include "EngineBackend.h"
#include "WorkerBackend.h"
#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLibrary>

#include <memory>
#include <mutex>

namespace chexview {

namespace {

struct Plugin
{
    CreateBackendFn create = nullptr;
    UnavailableReasonFn reason = nullptr;
    QString error;
    QLibrary* library = nullptr; // kept loaded (and reachable) for the life of the process
};

const Plugin& plugin()
{
    static Plugin p;
    static std::once_flag once;
    std::call_once(once, [] {
        // The plugin pulls in LibTorch (~0.5 s to load): only commands that use a model pay it.
        const QStringList dirs = ResourceLocator::pluginDirs();
        p.library = new QLibrary;
        QLibrary* lib = p.library;
        QStringList tried;
        for (const QString& dir : dirs) {
            lib->setFileName(QDir(dir).filePath(QStringLiteral("libchexview_torch.so")));
            if (lib->load())
                break;
            tried << lib->errorString();
        }
        if (!lib->isLoaded()) {
            p.error = QStringLiteral(
                          "the LibTorch backend (libchexview_torch.so) could not be loaded: %1")
                          .arg(tried.join(QStringLiteral("; ")));
            return;
        }
        p.create = reinterpret_cast<CreateBackendFn>(lib->resolve("chexview_create_torch_backend"));
        p.reason = reinterpret_cast<UnavailableReasonFn>(
            lib->resolve("chexview_torch_unavailable_reason"));
        if (!p.create || !p.reason)
            p.error = QStringLiteral("libchexview_torch.so lacks its entry points");
    });
    return p;
}

} // namespace

struct InferenceEngine::Impl
{
    ModelManifest manifest;
    Options options;
    double loadMs = 0.0;
    std::unique_ptr<EngineBackend> backend;
    mutable std::mutex mutex;
};

QList<Device> InferenceEngine::availableDevices()
{
    QList<Device> out;
    for (Device d : allDevices())
        if (unavailableReason(d).isEmpty())
            out << d;
    return out;
}

QString InferenceEngine::unavailableReason(Device device)
{
    const Plugin& p = plugin();
    if (!p.reason)
        return p.error;
    return p.reason(device);
}

QString InferenceEngine::unavailableReason(Device device, const Options& options)
{
    if (options.engine == Engine::Worker)
        return WorkerBackend::probe(options).value(
            toString(device), QStringLiteral("the worker did not report %1").arg(toString(device)));
    return unavailableReason(device);
}

InferenceEngine::InferenceEngine(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
InferenceEngine::~InferenceEngine() = default;

const ModelManifest& InferenceEngine::manifest() const
{
    return d->manifest;
}

const InferenceEngine::Options& InferenceEngine::options() const
{
    return d->options;
}

double InferenceEngine::loadMilliseconds() const
{
    return d->loadMs;
}

QString InferenceEngine::description() const
{
    return d->backend->description();
}

std::shared_ptr<const InferenceEngine> InferenceEngine::load(const ModelManifest& manifest,
                                                             const Options& requested)
{
    Options options = requested;
    options.precision = resolvePrecision(options.precision, options.engine, options.device);
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<EngineBackend> backend;
    if (options.engine == Engine::Worker) {
        backend = WorkerBackend::create(manifest, options);
    } else {
        const Plugin& p = plugin();
        if (!p.create)
            throw EngineError(EngineError::Code::DeviceUnavailable, p.error);
        int code = 0;
        QString message;
        backend.reset(p.create(manifest, options, &code, &message));
        if (!backend)
            throw EngineError(EngineError::Code(code), message);
    }
    auto impl = std::make_unique<Impl>();
    impl->manifest = manifest;
    impl->options = options;
    impl->options.threads = backend->threads();
    impl->backend = std::move(backend);
    impl->loadMs = timer.nsecsElapsed() / 1e6;
    return std::shared_ptr<const InferenceEngine>(new InferenceEngine(std::move(impl)));
}

std::vector<Prediction> InferenceEngine::run(const std::vector<ModelInput>& batch) const
{
    if (batch.empty())
        return {};
    std::lock_guard<std::mutex> lock(d->mutex);
    std::vector<Prediction> out;
    QString error;
    if (!d->backend->run(batch, out, error)) // the worker backend throws EngineError itself
        throw EngineError(EngineError::Code::InferenceFailed, error);
    for (Prediction& p : out) // the package's recalibration, when it has one
        d->manifest.calibration.apply(p.probabilities);
    return out;
}

} // namespace chexview
