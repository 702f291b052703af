#include "chexview/pacs/PacsError.h"

namespace chexview {

PacsError::PacsError(Code code, const QString& message)
    : Error(QStringLiteral("pacs"), int(code), codeName(code), message,
            codeName(code) + QLatin1String(": ") + message),
      m_code(code)
{
}

QString PacsError::codeName(Code code)
{
    switch (code) {
    case Code::BadArgument:
        return QStringLiteral("bad-argument");
    case Code::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case Code::HostNotFound:
        return QStringLiteral("host-not-found");
    case Code::Timeout:
        return QStringLiteral("timeout");
    case Code::Tls:
        return QStringLiteral("tls");
    case Code::Unauthorized:
        return QStringLiteral("unauthorized");
    case Code::Forbidden:
        return QStringLiteral("forbidden");
    case Code::HttpStatus:
        return QStringLiteral("http-status");
    case Code::AssociationRejected:
        return QStringLiteral("association-rejected");
    case Code::DimseFailure:
        return QStringLiteral("dimse-failure");
    case Code::Protocol:
        return QStringLiteral("protocol");
    case Code::NotDicom:
        return QStringLiteral("not-dicom");
    case Code::TooLarge:
        return QStringLiteral("too-large");
    case Code::Truncated:
        return QStringLiteral("truncated");
    case Code::Cancelled:
        return QStringLiteral("cancelled");
    case Code::Storage:
        return QStringLiteral("storage");
    }
    return QStringLiteral("unknown");
}

} // namespace chexview
