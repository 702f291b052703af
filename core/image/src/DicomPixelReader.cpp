#include "DicomPixelReader.h"

#include "CompressedFrameCheck.h"
#include "DecodeBudget.h"
#include "Jpeg2000Decoder.h"
#include "Logging.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace chexview {

namespace {

using Code = ImageError::Code;

struct PixelModule
{
    Uint16 rows = 0, cols = 0, bitsAllocated = 0, bitsStored = 0, highBit = 0;
    Uint16 pixelRep = 0, samples = 1, planar = 0;
    QString photometric;
    int frames = 1;
};

QString tagText(const DcmTagKey& key)
{
    return QString::asprintf("(%04X,%04X)", key.getGroup(), key.getElement());
}

Uint16 requiredUint16(DcmDataset& ds, const DcmTagKey& key, const char* name)
{
    Uint16 v = 0;
    if (ds.findAndGetUint16(key, v).bad())
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("required attribute %1 %2 is missing or invalid")
                             .arg(QLatin1String(name), tagText(key)),
                         tagText(key));
    return v;
}

Uint16 optionalUint16(DcmDataset& ds, const DcmTagKey& key, const char* name, Uint16 fallback,
                      QStringList& warnings)
{
    Uint16 v = 0;
    if (ds.findAndGetUint16(key, v).good())
        return v;
    const QString msg = QStringLiteral("%1 %2 missing; assuming %3")
                            .arg(QLatin1String(name), tagText(key))
                            .arg(fallback);
    qCWarning(lcDicom).noquote() << msg;
    warnings << msg;
    return fallback;
}

PixelModule readModule(DcmDataset& ds, QStringList& warnings)
{
    PixelModule m;
    m.rows = requiredUint16(ds, DCM_Rows, "Rows");
    m.cols = requiredUint16(ds, DCM_Columns, "Columns");
    m.bitsAllocated = requiredUint16(ds, DCM_BitsAllocated, "BitsAllocated");
    m.bitsStored = optionalUint16(ds, DCM_BitsStored, "BitsStored", m.bitsAllocated, warnings);
    m.highBit = optionalUint16(ds, DCM_HighBit, "HighBit", Uint16(m.bitsStored - 1), warnings);
    m.pixelRep = optionalUint16(ds, DCM_PixelRepresentation, "PixelRepresentation", 0, warnings);
    m.samples = optionalUint16(ds, DCM_SamplesPerPixel, "SamplesPerPixel", 1, warnings);
    if (m.samples > 1)
        m.planar = optionalUint16(ds, DCM_PlanarConfiguration, "PlanarConfiguration", 0, warnings);
    OFString pi;
    if (ds.findAndGetOFString(DCM_PhotometricInterpretation, pi).good() && !pi.empty()) {
        m.photometric = QString::fromLatin1(pi.c_str()).trimmed().toUpper();
    } else {
        m.photometric = m.samples == 1 ? QStringLiteral("MONOCHROME2") : QStringLiteral("RGB");
        const QString msg = QStringLiteral("PhotometricInterpretation (0028,0004) missing; "
                                           "assuming %1")
                                .arg(m.photometric);
        qCWarning(lcDicom).noquote() << msg;
        warnings << msg;
    }
    Sint32 frames = 1;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).good() && frames > 1)
        m.frames = int(frames);

    if (m.rows == 0 || m.cols == 0)
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("Rows (0028,0010) or Columns "
                                        "(0028,0011) is zero"),
                         QStringLiteral("(0028,0010)"));
    if (m.bitsAllocated != 8 && m.bitsAllocated != 16 && m.bitsAllocated != 32)
        throw ImageError(
            Code::MalformedDataset,
            QStringLiteral("BitsAllocated (0028,0100) = %1 is not supported").arg(m.bitsAllocated),
            QStringLiteral("(0028,0100)"));
    if (m.bitsStored == 0 || m.bitsStored > m.bitsAllocated || m.highBit >= m.bitsAllocated ||
        m.highBit + 1 < m.bitsStored)
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("BitsStored (0028,0101) = %1 / HighBit (0028,0102) = %2 "
                                        "inconsistent with BitsAllocated %3")
                             .arg(m.bitsStored)
                             .arg(m.highBit)
                             .arg(m.bitsAllocated),
                         QStringLiteral("(0028,0101)"));
    if (m.samples != 1 && m.samples != 3)
        throw ImageError(Code::UnsupportedPhotometric,
                         QStringLiteral("SamplesPerPixel (0028,0002) = %1").arg(m.samples),
                         QStringLiteral("(0028,0002)"));
    const QString& p = m.photometric;
    const bool mono = p == QLatin1String("MONOCHROME1") || p == QLatin1String("MONOCHROME2");
    if ((m.samples == 1) != mono)
        throw ImageError(Code::UnsupportedPhotometric,
                         QStringLiteral("PhotometricInterpretation (0028,0004) %1 with %2 "
                                        "samples per pixel is not supported")
                             .arg(p)
                             .arg(m.samples),
                         QStringLiteral("(0028,0004)"));
    if (qint64(m.rows) * m.cols > ImageLoader::kMaxPixels)
        throw ImageError(
            Code::TooLarge,
            QStringLiteral("%1x%2 frame exceeds the size limit").arg(m.cols).arg(m.rows));
    return m;
}

// Sample i of the frame buffer as an unsigned raw value in host order.
inline uint32_t rawSample(const uint8_t* buf, size_t i, int bitsAllocated)
{
    switch (bitsAllocated) {
    case 8:
        return buf[i];
    case 16: {
        uint16_t v;
        std::memcpy(&v, buf + 2 * i, 2);
        return v;
    }
    default: {
        uint32_t v;
        std::memcpy(&v, buf + 4 * i, 4);
        return v;
    }
    }
}

StoredImage toStored(const PixelModule& m, const QString& colorModel, const uint8_t* buf)
{
    StoredImage st;
    st.width = m.cols;
    st.height = m.rows;
    st.bitsStored = m.bitsStored;
    st.isSigned = m.pixelRep == 1;
    const size_t n = size_t(m.rows) * m.cols;
    st.values.resize(n);
    const int shift = m.highBit + 1 - m.bitsStored;
    const uint32_t mask = m.bitsStored >= 32 ? 0xFFFFFFFFu : ((1u << m.bitsStored) - 1u);
    const uint32_t signBit = 1u << (m.bitsStored - 1);
    auto value = [&](size_t i) -> int32_t {
        uint32_t v = (rawSample(buf, i, m.bitsAllocated) >> shift) & mask;
        if (st.isSigned && (v & signBit))
            v |= ~mask;
        return int32_t(v);
    };
    if (m.samples == 1) {
        for (size_t i = 0; i < n; ++i)
            st.values[i] = value(i);
        return st;
    }
    // Colour radiographs (rare; scanned films, secondary captures): take luminance.
    const bool ybr = colorModel.startsWith(QLatin1String("YBR_FULL")) &&
                     colorModel != QLatin1String("YBR_FULL_422");
    if (!ybr && colorModel != QLatin1String("RGB"))
        throw ImageError(Code::UnsupportedPhotometric,
                         QStringLiteral("PhotometricInterpretation (0028,0004) %1 is not supported")
                             .arg(colorModel),
                         QStringLiteral("(0028,0004)"));
    for (size_t i = 0; i < n; ++i) {
        const size_t r = m.planar ? i : 3 * i;
        const size_t g = m.planar ? n + i : 3 * i + 1;
        const size_t b = m.planar ? 2 * n + i : 3 * i + 2;
        st.values[i] =
            ybr ? value(r)
                : int32_t(std::lround(0.299 * value(r) + 0.587 * value(g) + 0.114 * value(b)));
    }
    return st;
}

bool isJpeg2000(E_TransferSyntax xfer)
{
    return xfer == EXS_JPEG2000LosslessOnly || xfer == EXS_JPEG2000 ||
           xfer == EXS_JPEG2000MulticomponentLosslessOnly || xfer == EXS_JPEG2000Multicomponent;
}

bool startsCodestream(DcmPixelItem* item)
{
    Uint8* data = nullptr;
    if (item->getUint8Array(data).bad() || !data || item->getLength() < 4)
        return false;
    return data[0] == 0xFF && data[1] == 0x4F && data[2] == 0xFF && data[3] == 0x51;
}

StoredImage readJpeg2000(DcmPixelData& pixelData, E_TransferSyntax xfer, const PixelModule& m)
{
    DcmPixelSequence* seq = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq ||
        seq->card() < 2)
        throw ImageError(Code::TruncatedPixelData,
                         QStringLiteral("Pixel Data (7FE0,0010) has no JPEG 2000 fragments"),
                         QStringLiteral("(7FE0,0010)"));
    // Fragment 0 is the offset table; a frame spans fragments until the next SOC marker.
    std::vector<uint8_t> stream;
    for (unsigned long i = 1; i < seq->card(); ++i) {
        DcmPixelItem* item = nullptr;
        if (seq->getItem(item, i).bad() || !item)
            break;
        if (i > 1 && m.frames > 1 && startsCodestream(item))
            break;
        Uint8* data = nullptr;
        if (item->getUint8Array(data).good() && data)
            stream.insert(stream.end(), data, data + item->getLength());
    }
    const Jpeg2000Decoder::Image j2k =
        Jpeg2000Decoder::decode(stream.data(), stream.size(), m.cols, m.rows);
    if (j2k.width != m.cols || j2k.height != m.rows)
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("JPEG 2000 frame is %1x%2 but Rows/Columns say %3x%4")
                             .arg(j2k.width)
                             .arg(j2k.height)
                             .arg(m.cols)
                             .arg(m.rows),
                         QStringLiteral("(0028,0010)"));
    StoredImage st;
    st.width = j2k.width;
    st.height = j2k.height;
    st.bitsStored = m.bitsStored;
    st.isSigned = m.pixelRep == 1;
    if (j2k.components.size() >= 3) {
        st.values.resize(j2k.components[0].size());
        for (size_t i = 0; i < st.values.size(); ++i)
            st.values[i] =
                int32_t(std::lround(0.299 * j2k.components[0][i] + 0.587 * j2k.components[1][i] +
                                    0.114 * j2k.components[2][i]));
        return st;
    }
    st.values = j2k.components[0];
    // When Pixel Representation (0028,0103) and the codestream disagree, the codestream holds
    // the values as encoded; we keep them, as GDCM does, and say so.
    if (st.isSigned != j2k.isSigned) {
        qCWarning(lcDicom) << "Pixel Representation (0028,0103) disagrees with the JPEG 2000"
                              " codestream's signedness; using the codestream's";
        st.isSigned = j2k.isSigned;
    }
    return st;
}

/// Values outside the range Bits Stored (0028,0101) allows, clamped into it (a codestream whose
/// precision exceeds the header's, or a damaged one); returns how many there were. Everything
/// downstream (modality and VOI LUTs, display) relies on the values fitting Bits Stored.
qint64 clampToBitsStored(StoredImage& st)
{
    const int bits = std::clamp(st.bitsStored, 1, 31);
    const int64_t lo = st.isSigned ? -(int64_t(1) << (bits - 1)) : 0;
    const int64_t hi = st.isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
    qint64 outside = 0;
    for (int32_t& v : st.values)
        if (v < lo || v > hi) {
            v = int32_t(v < lo ? lo : hi);
            ++outside;
        }
    return outside;
}

} // namespace

DicomPixelReader::Result DicomPixelReader::readFirstFrame(DcmDataset& ds, E_TransferSyntax xfer,
                                                          QStringList& warnings)
{
    const PixelModule m = readModule(ds, warnings);
    DcmElement* element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
        throw ImageError(Code::NotAnImage, QStringLiteral("no Pixel Data (7FE0,0010)"),
                         QStringLiteral("(7FE0,0010)"));
    auto* pixelData = dynamic_cast<DcmPixelData*>(element);
    if (!pixelData)
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("Pixel Data (7FE0,0010) has an unexpected VR"),
                         QStringLiteral("(7FE0,0010)"));

    Result result;
    result.frames = m.frames;
    result.photometric = m.photometric;
    result.polarity = m.photometric == QLatin1String("MONOCHROME1")
                          ? XrayImage::Polarity::Monochrome1
                          : XrayImage::Polarity::Monochrome2;
    const DcmXfer xferInfo(xfer);
    // The budget, from the Image Pixel module, before DCMTK loads any of Pixel Data's value
    // (after the checks that name a more specific fault: a frame header that disagrees, a
    // value too short for its claim).
    const DecodeBudget::DicomFrame budget{qint64(m.rows),
                                          qint64(m.cols),
                                          int(m.samples),
                                          int(m.bitsAllocated),
                                          xferInfo.isEncapsulated(),
                                          isJpeg2000(xfer),
                                          qint64(pixelData->getLength()),
                                          QLatin1String(xferInfo.getXferName())};
    if (isJpeg2000(xfer)) {
        DecodeBudget::checkDicomFrame(budget);
        result.stored = readJpeg2000(*pixelData, xfer, m);
        if (const qint64 n = clampToBitsStored(result.stored)) {
            const QString msg =
                QStringLiteral("%1 JPEG 2000 value(s) outside Bits Stored (0028,0101) "
                               "= %2 were clamped into its range")
                    .arg(n)
                    .arg(result.stored.bitsStored);
            qCWarning(lcDicom) << msg;
            warnings << msg;
        }
        return result;
    }

    if (!xferInfo.isEncapsulated() && m.photometric == QLatin1String("YBR_FULL_422"))
        throw ImageError(Code::UnsupportedPhotometric,
                         QStringLiteral("uncompressed YBR_FULL_422 (0028,0004) is not supported"),
                         QStringLiteral("(0028,0004)"));
    Uint32 frameSize = 0;
    if (pixelData->getUncompressedFrameSize(&ds, frameSize).bad() || frameSize == 0)
        throw ImageError(Code::MalformedDataset,
                         QStringLiteral("cannot size a frame from the "
                                        "Image Pixel module"),
                         QStringLiteral("(7FE0,0010)"));
    if (!xferInfo.isEncapsulated() && pixelData->getLength() < frameSize)
        throw ImageError(Code::TruncatedPixelData,
                         QStringLiteral("Pixel Data (7FE0,0010) holds %1 bytes, one frame needs %2")
                             .arg(pixelData->getLength())
                             .arg(frameSize),
                         QStringLiteral("(7FE0,0010)"));
    if (xferInfo.isEncapsulated())
        CompressedFrameCheck::check(*pixelData, xfer, {m.rows, m.cols, m.samples, m.bitsAllocated});
    DecodeBudget::checkDicomFrame(budget);
    std::vector<uint8_t> buffer(frameSize + (frameSize & 1u));
    Uint32 startFragment = 0;
    OFString colorModel;
    const OFCondition status = pixelData->getUncompressedFrame(
        &ds, 0, startFragment, buffer.data(), Uint32(buffer.size()), colorModel, nullptr);
    if (status.bad()) {
        if (xferInfo.isEncapsulated() &&
            !pixelData->canChooseRepresentation(EXS_LittleEndianExplicit, nullptr))
            throw ImageError(Code::UnsupportedTransferSyntax,
                             QStringLiteral("transfer syntax %1 (%2) is not supported")
                                 .arg(QLatin1String(xferInfo.getXferID()),
                                      QLatin1String(xferInfo.getXferName())),
                             QStringLiteral("(0002,0010)"));
        throw ImageError(xferInfo.isEncapsulated() ? Code::DecodeFailed : Code::TruncatedPixelData,
                         QStringLiteral("cannot decode Pixel Data (7FE0,0010): %1")
                             .arg(QLatin1String(status.text())),
                         QStringLiteral("(7FE0,0010)"));
    }
    const QString model =
        colorModel.empty() ? m.photometric : QString::fromLatin1(colorModel.c_str());
    result.stored = toStored(m, model, buffer.data());
    return result;
}

} // namespace chexview
