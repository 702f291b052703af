#pragma once

#include "chexview/error/Error.h"

namespace chexview {

/// Failure of an evaluation input or step: a predictions file that is none, a folder without
/// images. Thrown by the eval readers and the evaluation job; any thread.
class EvalError : public Error
{
public:
    enum class Code
    {
        NotAPredictionsFile,
        NoImages,
    };
    EvalError(Code code, const QString& message)
        : Error(QStringLiteral("eval"), int(code), codeName(code), message), m_code(code)
    {
    }
    Code code() const { return m_code; }
    using Error::codeName;
    static QString codeName(Code code)
    {
        switch (code) {
        case Code::NotAPredictionsFile:
            return QStringLiteral("not-a-predictions-file");
        case Code::NoImages:
            return QStringLiteral("no-images");
        }
        return QStringLiteral("unknown");
    }

private:
    Code m_code;
};

} // namespace chexview
