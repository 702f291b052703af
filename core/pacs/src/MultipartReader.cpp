#include "chexview/pacs/MultipartReader.h"
#include "chexview/pacs/PacsError.h"

#include <QList>

namespace chexview {

QByteArray MultipartReader::boundaryOf(const QByteArray& contentType)
{
    const QList<QByteArray> params = contentType.split(';');
    for (int i = 1; i < params.size(); ++i) {
        const QByteArray p = params[i].trimmed();
        const int eq = p.indexOf('=');
        if (eq < 0 || p.left(eq).trimmed().toLower() != "boundary")
            continue;
        QByteArray value = p.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

MultipartReader::MultipartReader(const QByteArray& contentType, Limits limits, PartBegin begin,
                                 PartData data, PartEnd end)
    : m_limits(limits), m_begin(std::move(begin)), m_data(std::move(data)), m_end(std::move(end))
{
    const QByteArray type = contentType.split(';').value(0).trimmed().toLower();
    if (type != "multipart/related")
        throw PacsError(PacsError::Code::Protocol,
                        QStringLiteral("expected a multipart/related response, got '%1'")
                            .arg(QString::fromLatin1(contentType.left(120))));
    const QByteArray boundary = boundaryOf(contentType);
    if (boundary.isEmpty() || boundary.size() > 200)
        throw PacsError(PacsError::Code::Protocol,
                        QStringLiteral("multipart response without a usable boundary"));
    m_delimiter = "\r\n--" + boundary;
    // The first delimiter may start the body without the leading CRLF.
    m_buffer = "\r\n";
}

void MultipartReader::parseHeaders(const QByteArray& block)
{
    QMap<QByteArray, QByteArray> headers;
    for (const QByteArray& line : block.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.isEmpty())
            continue;
        const int colon = l.indexOf(':');
        if (colon <= 0)
            throw PacsError(
                PacsError::Code::Protocol,
                QStringLiteral("malformed part header '%1'").arg(QString::fromLatin1(l.left(80))));
        headers.insert(l.left(colon).trimmed().toLower(), l.mid(colon + 1).trimmed());
    }
    if (++m_parts > m_limits.maxParts)
        throw PacsError(
            PacsError::Code::TooLarge,
            QStringLiteral("more than %1 parts in one response").arg(m_limits.maxParts));
    m_partBytes = 0;
    m_begin(headers);
}

void MultipartReader::feed(const QByteArray& bytes)
{
    m_buffer.append(bytes);
    for (;;) {
        switch (m_state) {
        case State::Preamble: {
            const qsizetype at = m_buffer.indexOf(m_delimiter);
            if (at < 0) { // preamble is discarded; keep what may start a delimiter
                if (m_buffer.size() > m_limits.maxHeaderBytes)
                    throw PacsError(PacsError::Code::Protocol,
                                    QStringLiteral("no multipart boundary in the first %1 bytes")
                                        .arg(m_limits.maxHeaderBytes));
                return;
            }
            m_buffer.remove(0, at + m_delimiter.size());
            m_state = State::AfterDelimiter;
            break;
        }
        case State::AfterDelimiter: {
            if (m_buffer.size() < 2)
                return;
            if (m_buffer.startsWith("--")) {
                m_state = State::Done;
                m_buffer.clear();
                return;
            }
            // Transport padding (spaces/tabs) may precede the CRLF.
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > 256)
                    throw PacsError(PacsError::Code::Protocol,
                                    QStringLiteral("garbage after a multipart boundary"));
                return;
            }
            if (!m_buffer.left(eol).trimmed().isEmpty())
                throw PacsError(PacsError::Code::Protocol,
                                QStringLiteral("garbage after a multipart boundary"));
            m_buffer.remove(0, eol + 2);
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            qsizetype skip = 4;
            if (m_buffer.startsWith("\r\n")) { // a part without headers
                end = 0;
                skip = 2;
            }
            if (end < 0) {
                if (m_buffer.size() > m_limits.maxHeaderBytes)
                    throw PacsError(PacsError::Code::Protocol,
                                    QStringLiteral("part headers longer than %1 bytes")
                                        .arg(m_limits.maxHeaderBytes));
                return;
            }
            const QByteArray block = m_buffer.left(end);
            m_buffer.remove(0, end + skip);
            m_state = State::Body;
            parseHeaders(block);
            break;
        }
        case State::Body: {
            const qsizetype at = m_buffer.indexOf(m_delimiter);
            const qsizetype deliver =
                at >= 0 ? at : std::max<qsizetype>(0, m_buffer.size() - m_delimiter.size() + 1);
            if (deliver > 0) {
                m_partBytes += deliver;
                if (m_partBytes > m_limits.maxPartBytes)
                    throw PacsError(PacsError::Code::TooLarge,
                                    QStringLiteral("a part exceeds the limit of %1 bytes")
                                        .arg(m_limits.maxPartBytes));
                m_data(m_buffer.constData(), deliver);
                m_buffer.remove(0, deliver);
            }
            if (at < 0)
                return;
            m_buffer.remove(0, m_delimiter.size());
            m_state = State::AfterDelimiter;
            m_end();
            break;
        }
        case State::Done:
            m_buffer.clear(); // the epilogue is ignored
            return;
        }
    }
}

void MultipartReader::finish()
{
    if (m_state == State::Done)
        return;
    if (m_state == State::Body)
        throw PacsError(PacsError::Code::Truncated,
                        QStringLiteral("the response ended inside part %1 after %2 bytes")
                            .arg(m_parts)
                            .arg(m_partBytes));
    throw PacsError(PacsError::Code::Truncated,
                    QStringLiteral("the response ended before its closing boundary (%1 complete "
                                   "parts)")
                        .arg(m_parts));
}

} // namespace chexview
