#pragma once

#include <QString>
#include <stdexcept>

namespace chexview {

/// A failure of the study model, typed so callers can tell an index they cannot open from an
/// input that does not exist.
class StudyError : public std::runtime_error
{
public:
    enum class Code
    {
        NotFound,         ///< a path given to scan does not exist
        IndexUnavailable, ///< the SQLite index cannot be opened, created or written
        BadArgument       ///< e.g. an unknown finding in a priority list
    };
    StudyError(Code code, const QString& message)
        : std::runtime_error(message.toStdString()), m_code(code)
    {
    }
    Code code() const { return m_code; }
    QString message() const { return QString::fromStdString(what()); }
    static QString codeName(Code code)
    {
        switch (code) {
        case Code::NotFound:
            return QStringLiteral("not-found");
        case Code::IndexUnavailable:
            return QStringLiteral("index-unavailable");
        case Code::BadArgument:
            return QStringLiteral("bad-argument");
        }
        return QStringLiteral("error");
    }

private:
    Code m_code;
};

} // namespace chexview
