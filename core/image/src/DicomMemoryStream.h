#pragma once

#include <dcmtk/dcmdata/dcistrma.h>

#include <cstddef>
#include <cstdint>

namespace chexview {

/// A DCMTK input stream over bytes in memory (a mapped file, or a file whose deflated dataset
/// was inflated beforehand). Unlike DCMTK's own deflate filter it is seekable, so DCMTK defers
/// every value longer than its maxReadLength to a stream factory: a value is allocated only
/// when read, and a claimed length that runs past the end fails the skip instead of
/// allocating it. `inflated`: the bytes after the File Meta group are already inflated, so the
/// zlib filter DCMTK asks for is a no-op; otherwise a request for one is refused. The bytes
/// must outlive the stream and every factory it hands out (the DcmFileFormat read from it).
/// Not thread-safe; one reader.
class DicomMemoryStream : public DcmInputStream
{
public:
    DicomMemoryStream(const uint8_t* data, size_t size, bool inflated, size_t offset = 0);
    ~DicomMemoryStream() override;
    DicomMemoryStream(const DicomMemoryStream&) = delete;
    DicomMemoryStream& operator=(const DicomMemoryStream&) = delete;

    DcmInputStreamFactory* newFactory() const override;
    OFCondition installCompressionFilter(E_StreamCompression filterType) override;

private:
    class Producer : public DcmProducer
    {
    public:
        Producer(const uint8_t* data, size_t size, size_t pos);
        OFBool good() const override;
        OFCondition status() const override;
        OFBool eos() override;
        offile_off_t avail() override;
        offile_off_t read(void* buf, offile_off_t buflen) override;
        offile_off_t skip(offile_off_t skiplen) override;
        void putback(offile_off_t num) override;

    private:
        const uint8_t* m_data;
        size_t m_size;
        size_t m_pos;
        OFCondition m_status;
    };

    Producer m_producer;
    const uint8_t* m_data;
    size_t m_size;
    bool m_inflated;
    size_t m_offset;
};

} // namespace chexview
