#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace chexview {

/// The words a model run is described with: which engine runs it, on which device, at which
/// numeric precision. Parsed from and printed to text here and nowhere else (the CLI's options,
/// the GUI's combo boxes, the worker protocol, the predictions cache key and every provenance
/// line use these functions). Header-only: the LibTorch plugin, which links no chexview
/// library, uses it too. Pure functions, any thread.

/// What runs the network: the in-process LibTorch plugin, or a Python worker process (the user's
/// PyTorch: CUDA and Gaudi live there).
enum class Engine
{
    LibTorch,
    Worker
};

enum class Device
{
    Cpu,
    Cuda,
    Hpu ///< Intel Gaudi, through habana_frameworks.torch (worker only)
};

/// fp32: the network as exported; fp32-opt: frozen + optimized for inference; int8: oneDNN
/// quantized (LibTorch on the CPU); fp16 / bf16: autocast on an accelerator (worker).
enum class Precision
{
    Fp32,
    Fp32Opt,
    Int8,
    Fp16,
    Bf16
};

inline QString toString(Engine e)
{
    return e == Engine::Worker ? QStringLiteral("worker") : QStringLiteral("libtorch");
}

inline QString toString(Device d)
{
    switch (d) {
    case Device::Cuda:
        return QStringLiteral("cuda");
    case Device::Hpu:
        return QStringLiteral("hpu");
    case Device::Cpu:
        break;
    }
    return QStringLiteral("cpu");
}

inline QString toString(Precision p)
{
    switch (p) {
    case Precision::Fp32:
        return QStringLiteral("fp32");
    case Precision::Int8:
        return QStringLiteral("int8");
    case Precision::Fp16:
        return QStringLiteral("fp16");
    case Precision::Bf16:
        return QStringLiteral("bf16");
    case Precision::Fp32Opt:
        break;
    }
    return QStringLiteral("fp32-opt");
}

inline QList<Engine> allEngines()
{
    return {Engine::LibTorch, Engine::Worker};
}

inline QList<Device> allDevices()
{
    return {Device::Cpu, Device::Cuda, Device::Hpu};
}

inline QList<Precision> allPrecisions()
{
    return {Precision::Fp32, Precision::Fp32Opt, Precision::Int8, Precision::Fp16, Precision::Bf16};
}

/// What each engine can run: LibTorch fp32, fp32-opt, int8; the worker fp32, fp32-opt and the
/// accelerators' autocast precisions fp16 / bf16.
inline QList<Precision> precisionsOf(Engine e)
{
    if (e == Engine::Worker)
        return {Precision::Fp32, Precision::Fp32Opt, Precision::Fp16, Precision::Bf16};
    return {Precision::Fp32, Precision::Fp32Opt, Precision::Int8};
}

template <typename T> QStringList namesOf(const QList<T>& values)
{
    QStringList out;
    for (T v : values)
        out << toString(v);
    return out;
}

/// The value whose toString() is `text` (case-insensitive), or nullopt.
template <typename T> std::optional<T> parseWord(const QString& text, const QList<T>& values)
{
    for (T v : values)
        if (text.compare(toString(v), Qt::CaseInsensitive) == 0)
            return v;
    return std::nullopt;
}

inline std::optional<Engine> parseEngine(const QString& text)
{
    return parseWord(text, allEngines());
}

inline std::optional<Device> parseDevice(const QString& text)
{
    return parseWord(text, allDevices());
}

inline std::optional<Precision> parsePrecision(const QString& text)
{
    return parseWord(text, allPrecisions());
}

inline bool isAccelerator(Device d)
{
    return d != Device::Cpu;
}

/// The one place that decides what runs when no precision is asked for: int8 in-process on the
/// CPU (the viewer's default), fp32-opt in-process on cuda, fp32-opt for the worker on the CPU
/// (it has no INT8), bf16 for the worker on an accelerator.
inline Precision defaultPrecision(Engine e, Device d)
{
    if (isAccelerator(d))
        return e == Engine::Worker ? Precision::Bf16 : Precision::Fp32Opt;
    return e == Engine::Worker ? Precision::Fp32Opt : Precision::Int8;
}

/// `requested`, or the default for that engine and device when none was asked for.
inline Precision resolvePrecision(std::optional<Precision> requested, Engine e, Device d)
{
    return requested ? *requested : defaultPrecision(e, d);
}

/// The model package file a precision runs from: the INT8 graph or the FP32 one.
inline QString packageFileKey(Precision p)
{
    return p == Precision::Int8 ? QStringLiteral("int8") : QStringLiteral("fp32");
}

} // namespace chexview
