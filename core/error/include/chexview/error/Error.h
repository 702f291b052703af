#pragma once

#include <QString>

#include <exception>
#include <stdexcept>

namespace chexview {

/// Header-only (the LibTorch plugin, which links no chexview library, throws EngineError).
/// The base of every typed chexview error: a domain ("image", "engine", "dataset", "pacs",
/// "eval", "results", "report"), the numeric code of that domain's enum, its stable short name
/// ("truncated-pixel-data", "worker-failed") and a message fit for the user. Safe to copy
/// across threads. Each domain's class (ImageError, EngineError, …) adds its typed Code.
class Error : public std::runtime_error
{
public:
    /// what() is `message`, or `whatText` when given.
    Error(const QString& domain, int code, const QString& codeName, const QString& message,
          const QString& whatText = {})
        : std::runtime_error((whatText.isEmpty() ? message : whatText).toStdString()),
          m_domain(domain), m_code(code), m_codeName(codeName), m_message(message)
    {
    }

    QString domain() const { return m_domain; }
    int codeValue() const { return m_code; }
    QString codeName() const { return m_codeName; }
    QString message() const { return m_message; }
    /// "codeName: message", as the CLI prints it after "error: ".
    QString describe() const { return m_codeName + QStringLiteral(": ") + m_message; }

private:
    QString m_domain;
    int m_code;
    QString m_codeName;
    QString m_message;
};

/// What a thread boundary reports for anything it caught: a chexview Error as describe(), a
/// std::bad_alloc as "out-of-memory: …", any other std::exception (cv::Exception, a
/// std::system_error of a thread pool) as "internal-error: what()". Never throws.
QString describeFailure(const std::exception& e);
/// The same for `catch (...)`.
QString describeUnknownFailure();

} // namespace chexview
