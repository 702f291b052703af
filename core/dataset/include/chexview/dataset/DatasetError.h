#pragma once

#include "chexview/error/Error.h"

#include <QString>

namespace chexview {

/// Typed failure of a label source (split list, Data_Entry, checksum list). Derives from
/// std::runtime_error so existing `catch (const std::exception&)` boundaries keep working.
/// Value type; safe to copy across threads.
class DatasetError : public Error
{
public:
    enum class Code
    {
        CannotOpen,  ///< missing or unreadable file / folder
        Corrupt,     ///< gzip stream truncated or damaged
        LineTooLong, ///< one line exceeds DatasetReader::kMaxLineBytes
        TooLarge,    ///< inflated size or line count exceeds the reader's bounds
        NotALabelFile,
    };

    DatasetError(Code code, const QString& message)
        : Error(QStringLiteral("dataset"), int(code), codeName(code), message), m_code(code)
    {
    }

    Code code() const { return m_code; }
    using Error::codeName;
    /// Stable short name of the code ("cannot-open", "corrupt", "line-too-long", ...).
    static QString codeName(Code code)
    {
        switch (code) {
        case Code::CannotOpen:
            return QStringLiteral("cannot-open");
        case Code::Corrupt:
            return QStringLiteral("corrupt");
        case Code::LineTooLong:
            return QStringLiteral("line-too-long");
        case Code::TooLarge:
            return QStringLiteral("too-large");
        case Code::NotALabelFile:
            return QStringLiteral("not-a-label-file");
        }
        return QStringLiteral("unknown");
    }

private:
    Code m_code;
};

} // namespace chexview
