#include "DicomLutReader.h"

#include "Logging.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <cmath>

namespace chexview {

namespace {

void warn(QStringList& warnings, const QString& msg)
{
    qCWarning(lcDicom).noquote() << msg;
    warnings << msg;
}

QString optionalString(DcmItem& item, const DcmTagKey& key)
{
    OFString s;
    if (item.findAndGetOFString(key, s).good())
        return QString::fromLatin1(s.c_str()).trimmed();
    return {};
}

struct LutTable
{
    int firstMapped = 0;
    int bits = 16;
    std::vector<uint16_t> entries;
    QString explanation;
};

// LUT Descriptor (0028,3002) is US or SS: read each value whichever way it was encoded.
bool descriptorValue(DcmElement* el, unsigned long pos, long& out, bool asSigned)
{
    Uint16 u = 0;
    Sint16 s = 0;
    if (el->getUint16(u, pos).good()) {
        out = asSigned ? long(Sint16(u)) : long(u);
        return true;
    }
    if (el->getSint16(s, pos).good()) {
        out = asSigned ? long(s) : long(Uint16(s));
        return true;
    }
    return false;
}

bool readLutItem(DcmItem& item, LutTable& lut, bool signedFirst, const char* what,
                 QStringList& warnings)
{
    DcmElement* desc = nullptr;
    long count = 0, first = 0, bits = 0;
    if (item.findAndGetElement(DCM_LUTDescriptor, desc).bad() || desc->getVM() < 3 ||
        !descriptorValue(desc, 0, count, false) || !descriptorValue(desc, 1, first, signedFirst) ||
        !descriptorValue(desc, 2, bits, false)) {
        warn(warnings, QStringLiteral("%1: LUT Descriptor (0028,3002) missing or invalid; "
                                      "item ignored")
                           .arg(QLatin1String(what)));
        return false;
    }
    if (count == 0)
        count = 65536;
    const Uint16* data = nullptr;
    unsigned long words = 0;
    if (item.findAndGetUint16Array(DCM_LUTData, data, &words).bad() || !data) {
        warn(warnings, QStringLiteral("%1: LUT Data (0028,3006) missing; item ignored")
                           .arg(QLatin1String(what)));
        return false;
    }
    lut.firstMapped = int(first);
    lut.bits = int(bits);
    lut.entries.clear();
    if (bits <= 8 && long(words) * 2 >= count && long(words) < count) {
        // 8-bit entries packed two per word (PS3.3 C.11.1.1.1 allows it).
        for (long i = 0; i < count; ++i)
            lut.entries.push_back(uint16_t((data[i / 2] >> ((i % 2) * 8)) & 0xFF));
    } else if (long(words) >= count) {
        lut.entries.assign(data, data + count);
    } else {
        warn(warnings, QStringLiteral("%1: LUT Data (0028,3006) has %2 entries, descriptor says "
                                      "%3; item ignored")
                           .arg(QLatin1String(what))
                           .arg(words)
                           .arg(count));
        return false;
    }
    lut.explanation = optionalString(item, DCM_LUTExplanation);
    return true;
}

} // namespace

ModalityLut DicomLutReader::modality(DcmItem& ds, QStringList& warnings)
{
    DcmItem* lutItem = nullptr;
    if (ds.findAndGetSequenceItem(DCM_ModalityLUTSequence, lutItem, 0).good() && lutItem) {
        LutTable t;
        const bool signedPixels = [&] {
            Uint16 rep = 0;
            return ds.findAndGetUint16(DCM_PixelRepresentation, rep).good() && rep == 1;
        }();
        if (readLutItem(*lutItem, t, signedPixels, "Modality LUT Sequence (0028,3000)", warnings)) {
            QString type = optionalString(*lutItem, DCM_ModalityLUTType);
            return ModalityLut::table(t.firstMapped, std::move(t.entries),
                                      type.isEmpty() ? t.explanation : type);
        }
    }
    // findAndGet* zero their output on failure: read into temporaries.
    Float64 readSlope = 0.0, readIntercept = 0.0;
    const bool hasSlope = ds.findAndGetFloat64(DCM_RescaleSlope, readSlope).good();
    const bool hasIntercept = ds.findAndGetFloat64(DCM_RescaleIntercept, readIntercept).good();
    Float64 slope = hasSlope ? readSlope : 1.0;
    Float64 intercept = hasIntercept ? readIntercept : 0.0;
    if (hasSlope != hasIntercept)
        warn(warnings, QStringLiteral("only one of Rescale Slope (0028,1053) / Intercept "
                                      "(0028,1052) present; using slope %1 intercept %2")
                           .arg(slope)
                           .arg(intercept));
    if (hasSlope && slope == 0.0) {
        warn(warnings, QStringLiteral("Rescale Slope (0028,1053) is 0; using 1"));
        slope = 1.0;
    }
    // Every modality value of a (up to 32-bit) stored value must stay a finite double.
    const double kStoredMagnitude = 4294967296.0;
    if (!std::isfinite(slope) || !std::isfinite(intercept) ||
        !std::isfinite(std::fabs(slope) * kStoredMagnitude + std::fabs(intercept))) {
        warn(warnings, QStringLiteral("Rescale Slope (0028,1053) %1 / Intercept (0028,1052) %2 "
                                      "is not finite or overflows; using slope 1 intercept 0")
                           .arg(slope)
                           .arg(intercept));
        slope = 1.0;
        intercept = 0.0;
    }
    return ModalityLut::rescale(slope, intercept, optionalString(ds, DCM_RescaleType));
}

QList<VoiWindow> DicomLutReader::voiPresets(DcmItem& ds, QStringList& warnings)
{
    QList<VoiWindow> out;
    bool ok = true;
    const QString fnText = optionalString(ds, DCM_VOILUTFunction);
    const VoiWindow::Function fn = VoiWindow::parseFunction(fnText, &ok);
    if (!ok)
        warn(warnings,
             QStringLiteral("VOI LUT Function (0028,1056) '%1' unknown; using LINEAR").arg(fnText));
    DcmElement* centers = nullptr;
    DcmElement* widths = nullptr;
    if (ds.findAndGetElement(DCM_WindowCenter, centers).good() &&
        ds.findAndGetElement(DCM_WindowWidth, widths).good()) {
        const unsigned long n = std::min(centers->getVM(), widths->getVM());
        for (unsigned long i = 0; i < n; ++i) {
            Float64 c = 0, w = 0;
            if (ds.findAndGetFloat64(DCM_WindowCenter, c, i).bad() ||
                ds.findAndGetFloat64(DCM_WindowWidth, w, i).bad() || !std::isfinite(c) ||
                !std::isfinite(w) || w <= 0) {
                warn(warnings, QStringLiteral("Window Center/Width (0028,1050)/(0028,1051) "
                                              "value %1 invalid; skipped")
                                   .arg(i + 1));
                continue;
            }
            OFString expl;
            ds.findAndGetOFString(DCM_WindowCenterWidthExplanation, expl, i);
            QString name = QString::fromLatin1(expl.c_str()).trimmed();
            if (name.isEmpty())
                name = QStringLiteral("File preset %1").arg(i + 1);
            out << VoiWindow(c, w, fn, name);
        }
    }
    DcmSequenceOfItems* seq = nullptr;
    if (ds.findAndGetSequence(DCM_VOILUTSequence, seq).good() && seq) {
        for (unsigned long i = 0; i < seq->card(); ++i) {
            LutTable t;
            if (!readLutItem(*seq->getItem(i), t, false, "VOI LUT Sequence (0028,3010)", warnings))
                continue;
            const QString name = t.explanation.isEmpty()
                                     ? QStringLiteral("File VOI LUT %1").arg(i + 1)
                                     : t.explanation;
            out << VoiWindow::lut(t.firstMapped, std::move(t.entries), t.bits, name);
        }
    }
    return out;
}

} // namespace chexview
