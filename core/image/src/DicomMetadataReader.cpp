#include "DicomMetadataReader.h"

#include "Logging.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <QRegularExpression>

namespace chexview {

namespace {

QString str(DcmItem& item, const DcmTagKey& key)
{
    OFString s;
    if (item.findAndGetOFStringArray(key, s).good())
        return QString::fromUtf8(s.c_str()).trimmed();
    return {};
}

void warn(ImageMetadata& meta, const QString& msg)
{
    qCWarning(lcDicom).noquote() << msg;
    meta.warnings << msg;
}

bool isBulk(DcmEVR vr)
{
    return vr == EVR_OB || vr == EVR_OW || vr == EVR_OF || vr == EVR_OD || vr == EVR_OL ||
           vr == EVR_UN || vr == EVR_pixelSQ || vr == EVR_ox || vr == EVR_px;
}

void dumpItem(DcmItem& item, int depth, QList<DicomTagEntry>& out)
{
    for (unsigned long i = 0; i < item.card() && out.size() < DicomMetadataReader::kMaxTagRows;
         ++i) {
        DcmElement* el = item.getElement(i);
        if (!el)
            continue;
        DcmTag tag = el->getTag();
        DicomTagEntry e;
        e.tag = QString::asprintf("(%04X,%04X)", tag.getGTag(), tag.getETag());
        e.keyword = QString::fromLatin1(tag.getTagName());
        e.vr = QString::fromLatin1(DcmVR(el->getVR()).getVRName());
        e.depth = depth;
        if (el->ident() == EVR_SQ) {
            auto* sq = static_cast<DcmSequenceOfItems*>(el);
            e.value = QStringLiteral("%1 item(s)").arg(sq->card());
            out << e;
            for (unsigned long k = 0; k < sq->card(); ++k)
                dumpItem(*sq->getItem(k), depth + 1, out);
            continue;
        }
        if (isBulk(el->ident()) || tag == DCM_PixelData) {
            e.value = QStringLiteral("<%1 bytes>").arg(el->getLength());
        } else {
            OFString s;
            el->getOFStringArray(s);
            e.value = QString::fromUtf8(s.c_str());
            if (e.value.size() > 256)
                e.value = e.value.left(256) + QStringLiteral("…");
        }
        out << e;
    }
}

std::optional<double> spacingValue(DcmItem& ds, const DcmTagKey& key, unsigned long pos)
{
    Float64 v = 0;
    if (ds.findAndGetFloat64(key, v, pos).good() && v > 0)
        return v;
    return std::nullopt;
}

} // namespace

void DicomMetadataReader::read(DcmFileFormat& file, ImageMetadata& meta)
{
    DcmDataset& ds = *file.getDataset();
    meta.format = QStringLiteral("DICOM");
    meta.patientName = str(ds, DCM_PatientName);
    meta.patientId = str(ds, DCM_PatientID);
    meta.patientSex = str(ds, DCM_PatientSex);
    meta.studyDate = str(ds, DCM_StudyDate);
    meta.studyDescription = str(ds, DCM_StudyDescription);
    meta.modality = str(ds, DCM_Modality);
    meta.viewPosition = str(ds, DCM_ViewPosition);
    meta.bodyPart = str(ds, DCM_BodyPartExamined);
    meta.manufacturer = str(ds, DCM_Manufacturer);
    meta.photometric = str(ds, DCM_PhotometricInterpretation);

    const QString age = str(ds, DCM_PatientAge);
    static const QRegularExpression ageFormat(QStringLiteral("^\\d{3}[DWMY]$"));
    meta.patientAge = age;
    if (!age.isEmpty() && !ageFormat.match(age).hasMatch())
        warn(meta, QStringLiteral("Patient Age (0010,1010) '%1' is not in nnnD/W/M/Y form; "
                                  "shown as stored")
                       .arg(age));

    // Pixel Spacing, else Imager Pixel Spacing; "0\0" means unknown.
    for (const DcmTagKey& key : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
        const auto row = spacingValue(ds, key, 0);
        const auto col = spacingValue(ds, key, 1);
        if (row && col) {
            meta.spacingRowMm = row;
            meta.spacingColMm = col;
            break;
        }
    }

    const E_TransferSyntax xfer = ds.getOriginalXfer();
    const DcmXfer info(xfer);
    meta.transferSyntaxUid = QString::fromLatin1(info.getXferID());
    meta.transferSyntaxName = QString::fromLatin1(info.getXferName());
    const QString metaTs = str(*file.getMetaInfo(), DCM_TransferSyntaxUID);
    if (!metaTs.isEmpty())
        meta.transferSyntaxUid = metaTs;

    dumpItem(*file.getMetaInfo(), 0, meta.tags);
    dumpItem(ds, 0, meta.tags);
}

} // namespace chexview
