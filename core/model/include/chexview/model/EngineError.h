#pragma once

#include "chexview/error/Error.h"

#include <QString>

namespace chexview {

/// Failure of model loading or inference, with a message fit for the user.
/// torch's c10::Error never crosses the engine boundary: it is turned into this.
class EngineError : public Error
{
public:
    enum class Code
    {
        BadPackage,
        HashMismatch,
        LoadFailed,
        DeviceUnavailable,
        InferenceFailed,
        Cancelled,
        WorkerFailed ///< the worker process crashed, hung or broke the protocol
    };
    EngineError(Code code, const QString& message)
        : Error(QStringLiteral("engine"), int(code), codeName(code), message), m_code(code)
    {
    }
    Code code() const { return m_code; }
    using Error::codeName;
    /// Stable short name of the code ("bad-package", "worker-failed", ...).
    static QString codeName(Code code)
    {
        switch (code) {
        case Code::BadPackage:
            return QStringLiteral("bad-package");
        case Code::HashMismatch:
            return QStringLiteral("hash-mismatch");
        case Code::LoadFailed:
            return QStringLiteral("load-failed");
        case Code::DeviceUnavailable:
            return QStringLiteral("device-unavailable");
        case Code::InferenceFailed:
            return QStringLiteral("inference-failed");
        case Code::Cancelled:
            return QStringLiteral("cancelled");
        case Code::WorkerFailed:
            return QStringLiteral("worker-failed");
        }
        return QStringLiteral("unknown");
    }

private:
    Code m_code;
};

} // namespace chexview
