#pragma once

#include <QString>

#include <stdexcept>

namespace chexview {

/// Typed failure of the image pipeline. Thrown by ImageLoader and the decoders; safe to copy
/// across threads. `tag()` quotes the DICOM attribute involved, e.g. "(0028,0004)", when there
/// is one.
class ImageError : public std::runtime_error
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
    QString message() const { return m_message; }
    QString tag() const { return m_tag; }
    /// Stable short name of the code ("not-found", "truncated-pixel-data", ...).
    static QString codeName(Code code);

private:
    Code m_code;
    QString m_message;
    QString m_tag;
};

} // namespace chexview
