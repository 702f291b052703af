#include "DicomDecoder.h"

#include "DicomCodecs.h"
#include "DicomLutReader.h"
#include "DicomMemoryStream.h"
#include "DicomMetadataReader.h"
#include "DicomNestingScan.h"
#include "DicomPixelReader.h"
#include "Logging.h"
#include "chexview/image/ImageError.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <QFile>

#include <algorithm>
#include <vector>

namespace chexview {

XrayImagePtr DicomDecoder::decode(const QString& path)
{
    DicomCodecs::ensureRegistered();
    // DCMTK reads the file from memory (mapped) after the pre-scan has walked every element:
    // pathological nesting and claimed lengths past the end are refused before DCMTK's
    // recursive parser sees them, and a deflated dataset is inflated here (bounded) so that
    // DCMTK never allocates a claimed length while inflating.
    QFile raw(path);
    if (!raw.open(QIODevice::ReadOnly))
        throw ImageError(ImageError::Code::NotFound,
                         QStringLiteral("cannot open %1: %2").arg(path, raw.errorString()));
    const qint64 size = raw.size();
    QByteArray bytes;
    const uint8_t* data = size > 0 ? raw.map(0, size) : nullptr;
    size_t length = size_t(std::max<qint64>(size, 0));
    if (!data) {
        bytes = raw.readAll();
        data = reinterpret_cast<const uint8_t*>(bytes.constData());
        length = size_t(bytes.size());
    }
    std::vector<uint8_t> inflated;
    DicomNestingScan::check(data, length, &inflated);
    const bool deflated = !inflated.empty();
    // Declared after the bytes it reads: DCMTK may load deferred values until it is destroyed.
    DcmFileFormat file;
    OFCondition status = EC_Normal;
    {
        DicomMemoryStream stream(deflated ? inflated.data() : data,
                                 deflated ? inflated.size() : length, deflated);
        file.transferInit();
        status = file.read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
        file.transferEnd();
    }
    DcmDataset& ds = *file.getDataset();
    if (status.bad()) {
        // A file cut short inside Pixel Data still parses up to it: say which tag is cut.
        if (ds.tagExists(DCM_PixelData))
            throw ImageError(ImageError::Code::TruncatedPixelData,
                             QStringLiteral("DICOM file is truncated inside Pixel Data "
                                            "(7FE0,0010): %1")
                                 .arg(QLatin1String(status.text())),
                             QStringLiteral("(7FE0,0010)"));
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("DICOM file is truncated or corrupt before Pixel Data "
                                        "(7FE0,0010): %1")
                             .arg(QLatin1String(status.text())));
    }
    if (!ds.tagExists(DCM_PixelData))
        throw ImageError(ImageError::Code::NotAnImage,
                         QStringLiteral("DICOM dataset has no Pixel Data (7FE0,0010)"),
                         QStringLiteral("(7FE0,0010)"));

    ImageMetadata meta;
    DicomMetadataReader::read(file, meta);
    QStringList warnings = meta.warnings;
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    if (xfer == EXS_Unknown)
        throw ImageError(
            ImageError::Code::UnsupportedTransferSyntax,
            QStringLiteral("transfer syntax %1 is not supported").arg(meta.transferSyntaxUid),
            QStringLiteral("(0002,0010)"));
    DicomPixelReader::Result pixels = DicomPixelReader::readFirstFrame(ds, xfer, warnings);
    ModalityLut modality = DicomLutReader::modality(ds, warnings);
    QList<VoiWindow> presets = DicomLutReader::voiPresets(ds, warnings);
    meta.warnings = warnings;
    if (meta.photometric.isEmpty())
        meta.photometric = pixels.photometric;

    auto image = std::make_shared<XrayImage>(std::move(pixels.stored), std::move(modality),
                                             pixels.polarity, std::move(meta));
    image->setFrameCount(pixels.frames);
    image->setFilePresets(std::move(presets));
    return image;
}

} // namespace chexview
