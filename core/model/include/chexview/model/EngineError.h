#pragma once

#include <QString>

#include <stdexcept>

namespace chexview {

/// Failure of model loading or inference, with a message fit for the user.
/// torch's c10::Error never crosses the engine boundary: it is turned into this.
class EngineError : public std::runtime_error
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
        : std::runtime_error(message.toStdString()), m_code(code), m_message(message)
    {
    }
    Code code() const { return m_code; }
    QString message() const { return m_message; }

private:
    Code m_code;
    QString m_message;
};

} // namespace chexview
