#include "DicomMemoryStream.h"

#include <dcmtk/dcmdata/dcerror.h>

#include <algorithm>
#include <cstring>

namespace chexview {

namespace {

/// Recreates the stream at a value's position for DCMTK's deferred loading.
class MemoryStreamFactory : public DcmInputStreamFactory
{
public:
    MemoryStreamFactory(const uint8_t* data, size_t size, bool inflated, size_t offset)
        : m_data(data), m_size(size), m_inflated(inflated), m_offset(offset)
    {
    }
    DcmInputStream* create() const override
    {
        return new DicomMemoryStream(m_data, m_size, m_inflated, m_offset);
    }
    DcmInputStreamFactory* clone() const override { return new MemoryStreamFactory(*this); }
    // Not a file: never the "same file" as anything DCMTK may write.
    DcmInputStreamFactoryType ident() const override { return DFT_DcmInputTempFileStreamFactory; }

private:
    const uint8_t* m_data;
    size_t m_size;
    bool m_inflated;
    size_t m_offset;
};

} // namespace

DicomMemoryStream::DicomMemoryStream(const uint8_t* data, size_t size, bool inflated, size_t offset)
    // DcmInputStream does not dereference the producer while it is constructed.
    : DcmInputStream(&m_producer), m_producer(data, size, std::min(offset, size)), m_data(data),
      m_size(size), m_inflated(inflated), m_offset(std::min(offset, size))
{
}

DicomMemoryStream::~DicomMemoryStream() = default;

DcmInputStreamFactory* DicomMemoryStream::newFactory() const
{
    return new MemoryStreamFactory(m_data, m_size, m_inflated, m_offset + size_t(tell()));
}

OFCondition DicomMemoryStream::installCompressionFilter(E_StreamCompression filterType)
{
    // The inflated dataset is what DCMTK's zlib filter would produce; anything else would
    // mean the pre-scan and DCMTK disagree about the transfer syntax.
    if (m_inflated && filterType == ESC_zlib)
        return EC_Normal;
    return EC_UnsupportedEncoding;
}

DicomMemoryStream::Producer::Producer(const uint8_t* data, size_t size, size_t pos)
    : m_data(data), m_size(size), m_pos(pos), m_status(EC_Normal)
{
}

OFBool DicomMemoryStream::Producer::good() const
{
    return m_status.good();
}

OFCondition DicomMemoryStream::Producer::status() const
{
    return m_status;
}

OFBool DicomMemoryStream::Producer::eos()
{
    return m_pos >= m_size;
}

offile_off_t DicomMemoryStream::Producer::avail()
{
    return m_status.good() ? offile_off_t(m_size - m_pos) : 0;
}

offile_off_t DicomMemoryStream::Producer::read(void* buf, offile_off_t buflen)
{
    if (m_status.bad() || buflen <= 0)
        return 0;
    const size_t n = std::min(size_t(buflen), m_size - m_pos);
    std::memcpy(buf, m_data + m_pos, n);
    m_pos += n;
    return offile_off_t(n);
}

offile_off_t DicomMemoryStream::Producer::skip(offile_off_t skiplen)
{
    if (m_status.bad() || skiplen <= 0)
        return 0;
    const size_t n = std::min(size_t(skiplen), m_size - m_pos);
    m_pos += n;
    return offile_off_t(n);
}

void DicomMemoryStream::Producer::putback(offile_off_t num)
{
    if (m_status.bad() || num <= 0)
        return;
    if (size_t(num) > m_pos)
        m_status = EC_PutbackFailed;
    else
        m_pos -= size_t(num);
}

} // namespace chexview
