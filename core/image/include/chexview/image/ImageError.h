#pragma once

#include "chexview/error/Error.h"

#include <QString>

namespace chexview {

/// Typed failure of the image pipeline. Thrown by ImageLoader and the decoders; safe to copy
/// across threads. `tag()` quotes the DICOM attribute involved, e.g. "(0028,0004)", when there
/// is one.
class ImageError : public Error
{
public:
    enum class Code
    {
        NotFound,
        NotAnImage,
        UnsupportedTransferSyntax,
        TruncatedPixelData,
        UnsupportedPhotometric,
        MalformedDataset,
        TooLarge,
        DecodeFailed,
    };

    ImageError(Code code, const QString& message, const QString& tag = {});

    Code code() const { return m_code; }
    QString tag() const { return m_tag; }
    using Error::codeName;
    /// Stable short name of the code ("not-found", "truncated-pixel-data", ...).
    static QString codeName(Code code);

private:
    Code m_code;
    QString m_tag;
};

} // namespace chexview
