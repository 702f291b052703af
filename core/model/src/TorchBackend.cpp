// libchexview_torch.so: the LibTorch backend, the only code that includes torch headers (they
// take ~20 s to compile and LibTorch ~0.5 s to load, so it is a plugin loaded on first use).
// c10::Error never leaves this file: it becomes an error code and message.
#include "EngineBackend.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/model/EngineError.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <ATen/Parallel.h>

#include <cstring>
#include <thread>

namespace chexview {

namespace {

QString torchMessage(const c10::Error& e)
{
    // The first line of a c10::Error is the useful part; the rest is a C++ backtrace.
    return QString::fromStdString(e.what_without_backtrace()).section(QLatin1Char('\n'), 0, 0);
}

QString reasonFor(Device device)
{
    if (device == Device::Cpu)
        return {};
    if (device == Device::Cuda)
        return torch::cuda::is_available()
                   ? QString()
                   : QStringLiteral(
                         "CUDA is not available (this LibTorch build or machine has no CUDA "
                         "device; build against a CUDA LibTorch with -DTorch_DIR=...)");
    return QStringLiteral("Intel Gaudi (HPU) runs only through the worker engine (Python with "
                          "habana_frameworks), not in-process LibTorch");
}

class TorchBackend : public EngineBackend
{
public:
    TorchBackend(torch::jit::Module module, torch::Device device, int threads)
        : m_module(std::move(module)), m_device(device), m_threads(threads)
    {
    }

    int threads() const override { return m_threads; }
    QString description() const override { return QStringLiteral("LibTorch"); }

    bool run(const std::vector<ModelInput>& batch, std::vector<Prediction>& result,
             QString& error) override
    {
        try {
            c10::InferenceMode guard; // thread-local: entered on the calling (worker) thread
            const int c = batch.front().channels, s = batch.front().size;
            torch::Tensor input = torch::empty({int64_t(batch.size()), c, s, s});
            for (size_t i = 0; i < batch.size(); ++i)
                std::memcpy(input[int64_t(i)].data_ptr<float>(), batch[i].data.data(),
                            batch[i].data.size() * sizeof(float));
            input = input.to(m_device);
            auto out = m_module.forward({input}).toTuple();
            const torch::Tensor probs = out->elements()[0].toTensor().to(torch::kCPU).contiguous();
            const torch::Tensor cams =
                out->elements()[1].toTensor().to(torch::kCPU).to(torch::kFloat).contiguous();
            result.assign(batch.size(), {});
            const int64_t camSize = cams.size(1) * cams.size(2) * cams.size(3);
            for (size_t i = 0; i < batch.size(); ++i) {
                const float* p = probs.data_ptr<float>() + i * kFindingCount;
                const float* m = cams.data_ptr<float>() + int64_t(i) * camSize;
                result[i].probabilities.assign(p, p + kFindingCount);
                result[i].cams.values.assign(m, m + camSize);
                result[i].cams.height = int(cams.size(2));
                result[i].cams.width = int(cams.size(3));
            }
            return true;
        } catch (const c10::Error& e) {
            error = QStringLiteral("inference failed: %1").arg(torchMessage(e));
            return false;
        } catch (const std::exception& e) {
            // bad_alloc of a huge batch, or anything else: nothing crosses the plugin boundary.
            error = QStringLiteral("inference failed: %1").arg(QString::fromUtf8(e.what()));
            return false;
        }
    }

private:
    torch::jit::Module m_module;
    torch::Device m_device;
    int m_threads;
};

EngineBackend* create(const ModelManifest& manifest, const InferenceEngine::Options& options)
{
    const QString reason = reasonFor(options.device);
    if (!reason.isEmpty())
        throw EngineError(EngineError::Code::DeviceUnavailable, reason);
    const Precision precision = options.precision.value_or(Precision::Fp32Opt);
    if (!precisionsOf(Engine::LibTorch).contains(precision))
        throw EngineError(
            EngineError::Code::LoadFailed,
            QStringLiteral("precision %1 does not run in LibTorch (%2)")
                .arg(toString(precision),
                     namesOf(precisionsOf(Engine::LibTorch)).join(QStringLiteral(", "))));
    const bool int8 = precision == Precision::Int8;
    if (int8 && manifest.int8Path.isEmpty())
        throw EngineError(EngineError::Code::BadPackage,
                          QStringLiteral("model package %1 has no INT8 model").arg(manifest.dir));
    if (int8 && options.device != Device::Cpu)
        throw EngineError(EngineError::Code::DeviceUnavailable,
                          QStringLiteral("the INT8 model runs on the CPU (oneDNN) only"));
    const int threads = options.threads > 0
                            ? options.threads
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    try {
        // Set once: calling set_num_threads per run made 2-thread inference slower than 1 thread.
        at::set_num_threads(threads);
        // Debian's LibTorch has no FBGEMM: quantized kernels must come from oneDNN.
        at::globalContext().setQEngine(at::QEngine::ONEDNN);
        const torch::Device device = options.device == Device::Cuda ? torch::Device(torch::kCUDA)
                                                                    : torch::Device(torch::kCPU);
        const QString path = int8 ? manifest.int8Path : manifest.fp32Path;
        torch::jit::Module m = torch::jit::load(path.toStdString(), device);
        m.eval();
        if (precision != Precision::Fp32) {
            // freeze after moving to the device; the optimized graph is not serializable.
            m = torch::jit::freeze(m);
            if (!int8)
                m = torch::jit::optimize_for_inference(m);
        }
        // Check the output contract once on a zero input.
        c10::InferenceMode guard;
        const int c = manifest.preprocessing.channels, s = manifest.preprocessing.crop;
        auto out = m.forward({torch::zeros({1, c, s, s}, torch::TensorOptions().device(device))});
        if (!out.isTuple() || out.toTuple()->elements().size() != 2)
            throw EngineError(EngineError::Code::BadPackage,
                              QStringLiteral("model must return (probabilities, cams)"));
        const auto probs = out.toTuple()->elements()[0].toTensor();
        const auto cams = out.toTuple()->elements()[1].toTensor();
        if (probs.sizes() != at::IntArrayRef{1, kFindingCount} || cams.dim() != 4 ||
            cams.size(1) != kFindingCount || cams.size(2) != manifest.camHeight ||
            cams.size(3) != manifest.camWidth)
            throw EngineError(
                EngineError::Code::BadPackage,
                QStringLiteral("model outputs do not match the manifest (probabilities [1,14], "
                               "cams [1,14,%1,%2])")
                    .arg(manifest.camHeight)
                    .arg(manifest.camWidth));
        return new TorchBackend(std::move(m), device, threads);
    } catch (const c10::Error& e) {
        throw EngineError(EngineError::Code::LoadFailed,
                          QStringLiteral("cannot load %1 model of %2: %3")
                              .arg(toString(precision), manifest.dir, torchMessage(e)));
    }
}

} // namespace

} // namespace chexview

extern "C" __attribute__((visibility("default"))) chexview::EngineBackend*
chexview_create_torch_backend(const chexview::ModelManifest& manifest,
                              const chexview::InferenceEngine::Options& options, int* errorCode,
                              QString* errorMessage)
{
    try {
        return chexview::create(manifest, options);
    } catch (const chexview::EngineError& e) {
        *errorCode = int(e.code());
        *errorMessage = e.message();
    } catch (const std::exception& e) {
        *errorCode = int(chexview::EngineError::Code::LoadFailed);
        *errorMessage = QString::fromUtf8(e.what());
    }
    return nullptr;
}

extern "C" __attribute__((visibility("default"))) QString
chexview_torch_unavailable_reason(chexview::Device device)
{
    return chexview::reasonFor(device);
}
