#include "DicomDecoder.h"

#include "DicomCodecs.h"
#include "DicomLutReader.h"
#include "DicomMetadataReader.h"
#include "DicomNestingScan.h"
#include "DicomPixelReader.h"
#include "Logging.h"
#include "chexview/image/ImageError.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <QFile>

namespace chexview {

XrayImagePtr DicomDecoder::decode(const QString& path)
{
    DicomCodecs::ensureRegistered();
    {
        // Refuse pathological nesting before DCMTK's recursive parser sees it.
        QFile raw(path);
        if (!raw.open(QIODevice::ReadOnly))
            throw ImageError(ImageError::Code::NotFound,
                             QStringLiteral("cannot open %1: %2").arg(path, raw.errorString()));
        const qint64 size = raw.size();
        const uchar* mapped = size > 0 ? raw.map(0, size) : nullptr;
        if (mapped) {
            DicomNestingScan::check(mapped, size_t(size));
        } else {
            const QByteArray bytes = raw.readAll();
            DicomNestingScan::check(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                    size_t(bytes.size()));
        }
    }
    DcmFileFormat file;
    const OFCondition status =
        file.loadFile(OFFilename(path.toLocal8Bit().constData()), EXS_Unknown, EGL_noChange,
                      DCM_MaxReadLength, ERM_autoDetect);
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
