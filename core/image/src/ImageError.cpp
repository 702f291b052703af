#include "chexview/image/ImageError.h"

namespace chexview {

ImageError::ImageError(Code code, const QString& message, const QString& tag)
    : Error(QStringLiteral("image"), int(code), codeName(code), message), m_code(code), m_tag(tag)
{
}

QString ImageError::codeName(Code code)
{
    switch (code) {
    case Code::NotFound:
        return QStringLiteral("not-found");
    case Code::NotAnImage:
        return QStringLiteral("not-an-image");
    case Code::UnsupportedTransferSyntax:
        return QStringLiteral("unsupported-transfer-syntax");
    case Code::TruncatedPixelData:
        return QStringLiteral("truncated-pixel-data");
    case Code::UnsupportedPhotometric:
        return QStringLiteral("unsupported-photometric");
    case Code::MalformedDataset:
        return QStringLiteral("malformed-dataset");
    case Code::TooLarge:
        return QStringLiteral("too-large");
    case Code::DecodeFailed:
        return QStringLiteral("decode-failed");
    }
    return QStringLiteral("unknown");
}

} // namespace chexview
