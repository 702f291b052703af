#include "chexview/results/ResultError.h"

namespace chexview {

ResultError::ResultError(Code code, const QString& message)
    : std::runtime_error(message.toStdString()), m_code(code)
{
}

QString ResultError::codeName(Code code)
{
    switch (code) {
    case Code::NotFound:
        return QStringLiteral("not-found");
    case Code::NotDicom:
        return QStringLiteral("not-dicom");
    case Code::NotAResult:
        return QStringLiteral("not-a-result");
    case Code::Malformed:
        return QStringLiteral("malformed");
    case Code::TooLarge:
        return QStringLiteral("too-large");
    }
    return QStringLiteral("unknown");
}

} // namespace chexview
