#pragma once

#include <QByteArray>
#include <QMap>

#include <functional>

namespace chexview {

/// Incremental parser of a `multipart/related` body (RFC 2046) as WADO-RS sends it. Bytes are
/// fed as they arrive; part bodies are handed on in pieces, so memory stays bounded by the
/// boundary look-behind and the header limit whatever the peer sends. Limits on the size of one
/// part and the number of parts turn a huge or endless response into PacsError(TooLarge); a
/// body that ends inside a part is PacsError(Truncated) from finish().
/// Thread contract: a plain object used by one thread.
class MultipartReader
{
public:
    struct Limits
    {
        qint64 maxPartBytes = qint64(2) << 30; ///< one DICOM object
        int maxParts = 100000;
        int maxHeaderBytes = 16 * 1024;
    };
    /// Lower-cased header names -> values of the part about to start.
    using PartBegin = std::function<void(const QMap<QByteArray, QByteArray>& headers)>;
    using PartData = std::function<void(const char* data, qint64 size)>;
    using PartEnd = std::function<void()>;

    /// `contentType` is the response's Content-Type; throws PacsError(Protocol) if it is not
    /// multipart/related with a boundary.
    MultipartReader(const QByteArray& contentType, Limits limits, PartBegin begin, PartData data,
                    PartEnd end);

    /// Consumes bytes; calls the callbacks; throws PacsError on malformed or oversized input.
    void feed(const QByteArray& bytes);
    /// The body ended: throws PacsError(Truncated) unless the closing boundary was seen.
    void finish();
    int completedParts() const { return m_parts; }
    bool inPart() const { return m_state == State::Body; }
    /// The `boundary` parameter of a multipart Content-Type ("" if none).
    static QByteArray boundaryOf(const QByteArray& contentType);

private:
    enum class State
    {
        Preamble,
        AfterDelimiter,
        Headers,
        Body,
        Done
    };
    void parseHeaders(const QByteArray& block);

    Limits m_limits;
    PartBegin m_begin;
    PartData m_data;
    PartEnd m_end;
    QByteArray m_delimiter; ///< "\r\n--" + boundary
    QByteArray m_buffer;
    State m_state = State::Preamble;
    qint64 m_partBytes = 0;
    int m_parts = 0;
};

} // namespace chexview
