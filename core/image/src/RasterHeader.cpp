#include "RasterHeader.h"

#include "chexview/image/ImageError.h"

#include <QtEndian>

#include <cstring>

namespace chexview {

namespace {

constexpr qint64 kMaxSide = 0x7FFFFFFF; // PNG's own limit; every format is held to it

[[noreturn]] void corrupt(const QString& format, const QString& what)
{
    throw ImageError(ImageError::Code::DecodeFailed, QStringLiteral("%1 %2").arg(format, what));
}

void checkSides(const RasterGeometry& g, const QString& format)
{
    if (g.width < 1 || g.height < 1 || g.width > kMaxSide || g.height > kMaxSide)
        corrupt(format, QStringLiteral("header claims %1x%2 pixels").arg(g.width).arg(g.height));
}

class Reader
{
public:
    Reader(const QByteArray& b, bool bigEndian)
        : m_p(reinterpret_cast<const uchar*>(b.constData())), m_n(b.size()), m_big(bigEndian)
    {
    }
    bool has(qint64 at, qint64 len) const { return at >= 0 && len >= 0 && at <= m_n - len; }
    quint32 u8(qint64 at) const { return m_p[at]; }
    quint32 u16(qint64 at) const
    {
        return m_big ? qFromBigEndian<quint16>(m_p + at) : qFromLittleEndian<quint16>(m_p + at);
    }
    quint32 u32(qint64 at) const
    {
        return m_big ? qFromBigEndian<quint32>(m_p + at) : qFromLittleEndian<quint32>(m_p + at);
    }
    qint64 size() const { return m_n; }

private:
    const uchar* m_p;
    qint64 m_n;
    bool m_big;
};

RasterGeometry readPng(const QByteArray& bytes)
{
    const QString f = QStringLiteral("PNG");
    const Reader r(bytes, true);
    if (!r.has(8, 25))
        corrupt(f, QStringLiteral("is too short to hold its IHDR chunk"));
    if (r.u32(8) != 13 || std::memcmp(bytes.constData() + 12, "IHDR", 4) != 0)
        corrupt(f, QStringLiteral("does not start with an IHDR chunk"));
    RasterGeometry g;
    g.width = r.u32(16); // unsigned 32-bit fields, each checked below before any product
    g.height = r.u32(20);
    checkSides(g, f);
    g.bitsPerSample = int(r.u8(24));
    const int colour = int(r.u8(25));
    g.interlaced = r.u8(28) != 0;
    switch (colour) {
    case 0:
        g.channels = 1;
        break;
    case 2:
        g.channels = 3;
        break;
    case 3:
        g.channels = 3; // palette indices, delivered as RGB
        g.palette = true;
        break;
    case 4:
        g.channels = 2;
        break;
    case 6:
        g.channels = 4;
        break;
    default:
        corrupt(f, QStringLiteral("colour type %1 is not defined").arg(colour));
    }
    if (g.bitsPerSample != 1 && g.bitsPerSample != 2 && g.bitsPerSample != 4 &&
        g.bitsPerSample != 8 && g.bitsPerSample != 16)
        corrupt(f, QStringLiteral("bit depth %1 is not defined").arg(g.bitsPerSample));
    return g;
}

bool isSof(quint32 m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

RasterGeometry readJpeg(const QByteArray& bytes)
{
    const QString f = QStringLiteral("JPEG");
    const Reader r(bytes, true);
    qint64 at = 2;
    while (r.has(at, 4)) {
        if (r.u8(at) != 0xFF)
            corrupt(f, QStringLiteral("marker expected at byte %1").arg(at));
        const quint32 marker = r.u8(at + 1);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9)
            break; // scan data before any frame header
        const qint64 len = r.u16(at + 2);
        if (len < 2 || !r.has(at + 2, len))
            corrupt(f, QStringLiteral("segment at byte %1 runs past the end").arg(at));
        if (isSof(marker)) {
            if (len < 8)
                corrupt(f, QStringLiteral("frame header is too short"));
            RasterGeometry g;
            g.bitsPerSample = int(r.u8(at + 4));
            g.height = r.u16(at + 5);
            g.width = r.u16(at + 7);
            g.channels = int(r.u8(at + 9));
            g.progressive = (marker & 0x03) == 0x02; // SOF2, SOF6, SOF10, SOF14
            if (g.height == 0)
                throw ImageError(ImageError::Code::UnsupportedPhotometric,
                                 QStringLiteral("JPEG whose height is given later (DNL marker)"));
            checkSides(g, f);
            if (g.channels != 1 && g.channels != 3 && g.channels != 4)
                corrupt(f, QStringLiteral("frame header has %1 components").arg(g.channels));
            return g;
        }
        at += 2 + len;
    }
    corrupt(f, QStringLiteral("has no frame header"));
}

RasterGeometry readTiff(const QByteArray& bytes)
{
    const QString f = QStringLiteral("TIFF");
    const Reader r(bytes, bytes.startsWith("MM"));
    if (!r.has(0, 8))
        corrupt(f, QStringLiteral("is too short"));
    const qint64 ifd = r.u32(4);
    if (!r.has(ifd, 2))
        corrupt(f, QStringLiteral("first IFD at byte %1 lies past the end").arg(ifd));
    const qint64 count = r.u16(ifd);
    if (!r.has(ifd + 2, count * 12))
        corrupt(f, QStringLiteral("IFD of %1 entries runs past the end").arg(count));
    RasterGeometry g;
    g.width = g.height = -1;
    int compression = 1;
    for (qint64 i = 0; i < count; ++i) {
        const qint64 e = ifd + 2 + i * 12;
        const quint32 tag = r.u16(e), type = r.u16(e + 2), n = r.u32(e + 4);
        if (n < 1 || (type != 3 && type != 4))
            continue; // only SHORT and LONG fields are read here
        // The first value: inline when the values fit in 4 bytes, else at the offset.
        const qint64 bytesNeeded = qint64(n) * (type == 3 ? 2 : 4);
        qint64 at = e + 8;
        if (bytesNeeded > 4) {
            at = r.u32(e + 8);
            if (!r.has(at, 4))
                continue;
        }
        const qint64 v = type == 3 ? r.u16(at) : r.u32(at);
        switch (tag) {
        case 256:
            g.width = v;
            break;
        case 257:
            g.height = v;
            break;
        case 258:
            g.bitsPerSample = int(qMin<qint64>(v, 64));
            break;
        case 259:
            compression = int(v);
            break;
        case 277:
            g.channels = int(qMin<qint64>(v, 0xFFFF));
            break;
        default:
            break;
        }
    }
    if (g.width < 0 || g.height < 0)
        corrupt(f, QStringLiteral("first IFD has no ImageWidth or ImageLength"));
    checkSides(g, f);
    if (g.channels < 1 || g.channels > 4 || g.bitsPerSample < 1 || g.bitsPerSample > 16)
        throw ImageError(
            ImageError::Code::UnsupportedPhotometric,
            QStringLiteral("TIFF with %1 samples of %2 bits").arg(g.channels).arg(g.bitsPerSample));
    g.compressed = compression != 1;
    return g;
}

RasterGeometry readSiz(const Reader& r, qint64 at, const QString& f)
{
    // SOC (FF4F) then SIZ (FF51): Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz
    if (!r.has(at, 42) || r.u16(at) != 0xFF4F || r.u16(at + 2) != 0xFF51)
        corrupt(f, QStringLiteral("codestream does not start with SOC and SIZ"));
    RasterGeometry g;
    const qint64 x1 = r.u32(at + 8), y1 = r.u32(at + 12);
    const qint64 x0 = r.u32(at + 16), y0 = r.u32(at + 20);
    g.width = x1 - x0;
    g.height = y1 - y0;
    checkSides(g, f);
    g.channels = int(r.u16(at + 40));
    if (g.channels < 1 || !r.has(at + 42, 3))
        corrupt(f, QStringLiteral("SIZ has %1 components").arg(g.channels));
    g.bitsPerSample = int(r.u8(at + 42) & 0x7F) + 1;
    // The number of resolution levels is in COD, which follows SIZ in the main header.
    qint64 m = at + 4 + r.u16(at + 4);
    while (r.has(m, 4) && r.u16(m) != 0xFF90 && r.u16(m) != 0xFF93) {
        if (r.u16(m) == 0xFF52 && r.has(m, 10)) {
            g.resolutionLevels = int(r.u8(m + 9)) + 1;
            break;
        }
        m += 2 + r.u16(m + 2);
    }
    return g;
}

RasterGeometry readJpeg2000(const QByteArray& bytes)
{
    const QString f = QStringLiteral("JPEG 2000");
    const Reader r(bytes, true);
    if (r.has(0, 2) && r.u16(0) == 0xFF4F)
        return readSiz(r, 0, f);
    // JP2: top-level boxes until the contiguous codestream box.
    qint64 at = 0;
    while (r.has(at, 8)) {
        qint64 len = r.u32(at), header = 8;
        if (len == 1) {
            if (!r.has(at, 16) || r.u32(at + 8) != 0)
                corrupt(f, QStringLiteral("box at byte %1 is too long").arg(at));
            len = r.u32(at + 12);
            header = 16;
        } else if (len == 0) {
            len = r.size() - at;
        }
        if (len < header)
            corrupt(f, QStringLiteral("box at byte %1 has length %2").arg(at).arg(len));
        if (std::memcmp(bytes.constData() + at + 4, "jp2c", 4) == 0)
            return readSiz(r, at + header, f);
        at += len;
    }
    corrupt(f, QStringLiteral("file has no codestream box"));
}

} // namespace

RasterGeometry RasterHeader::read(const QByteArray& bytes, const QString& formatName)
{
    if (formatName == QLatin1String("PNG"))
        return readPng(bytes);
    if (formatName == QLatin1String("JPEG"))
        return readJpeg(bytes);
    if (formatName == QLatin1String("TIFF"))
        return readTiff(bytes);
    return readJpeg2000(bytes);
}

} // namespace chexview
