#include "chexview/results/SecondaryCaptureWriter.h"
#include "StudyModule.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/results/ResultUids.h"

#include <QDateTime>
#include <QFile>
#include <QLinearGradient>
#include <QPainter>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <stdexcept>

namespace chexview {

QImage SecondaryCaptureWriter::compose(const QImage& display, const AnalysisResult& result,
                                       int finding)
{
    if (finding < 0 || finding >= int(result.probabilities.size()))
        throw std::runtime_error("SC: no such finding");
    const QImage base = display.convertToFormat(QImage::Format_RGB32);
    const CamOverlay overlay =
        CamRenderer::render(result, finding, CamRenderer::Colormap::Jet, 0.5);
    const QImage blended = CamRenderer::blend(base, overlay).convertToFormat(QImage::Format_RGB32);

    const int strip = std::max(24, blended.width() / 12);
    QImage out(blended.width() + strip, blended.height(), QImage::Format_RGB32);
    out.fill(Qt::black);
    QPainter p(&out);
    p.drawImage(0, 0, blended);
    const int margin = std::max(2, strip / 8);
    const int barW = (strip - 3 * margin) / 2;
    const int top = margin, height = out.height() - 2 * margin;
    // Colour scale: Jet from the strongest activation (top) to none (bottom).
    QLinearGradient jet(0, top, 0, top + height);
    jet.setColorAt(0.0, QColor(128, 0, 0));
    jet.setColorAt(0.125, QColor(255, 0, 0));
    jet.setColorAt(0.375, QColor(255, 255, 0));
    jet.setColorAt(0.625, QColor(0, 255, 255));
    jet.setColorAt(0.875, QColor(0, 0, 255));
    jet.setColorAt(1.0, QColor(0, 0, 128));
    const int x0 = blended.width() + margin;
    p.fillRect(QRect(x0, top, barW, height), jet);
    // Probability bar with the operating threshold.
    const int x1 = x0 + barW + margin;
    const double prob = std::clamp(double(result.probabilities[size_t(finding)]), 0.0, 1.0);
    const double thr = std::clamp(result.thresholds[size_t(finding)], 0.0, 1.0);
    p.fillRect(QRect(x1, top, barW, height), QColor(60, 60, 60));
    const int filled = int(std::lround(prob * height));
    p.fillRect(QRect(x1, top + height - filled, barW, filled),
               result.isPositive(finding) ? QColor(230, 80, 60) : QColor(90, 170, 90));
    const int tick = top + height - int(std::lround(thr * height));
    p.fillRect(QRect(x1 - margin / 2, tick - 1, barW + margin, 3), Qt::white);
    p.end();
    return out;
}

QString SecondaryCaptureWriter::write(const QImage& image, const AnalysisResult& result,
                                      int finding, const SourceStudy& source,
                                      const QString& outPath, const QString& gateVerdict)
{
    if (image.isNull() || finding < 0 || finding >= result.labels.size())
        throw std::runtime_error("SC: nothing to write");
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const int w = rgb.width(), h = rgb.height();
    if (w > 65535 || h > 65535)
        throw std::runtime_error("SC: image too large");
    QByteArray pixels;
    pixels.reserve(qsizetype(w) * h * 3 + 1);
    for (int y = 0; y < h; ++y)
        pixels.append(reinterpret_cast<const char*>(rgb.constScanLine(y)), qsizetype(w) * 3);
    if (pixels.size() % 2)
        pixels.append('\0'); // even length; Rows x Columns still defines the frame

    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    writeStudyModule(source, *ds);
    const QString sopUid = ResultUids::newUid();
    const QString label = result.labels[finding];
    QString summary = QStringLiteral("chexview heatmap: %1 %2 (threshold %3, %4, %5)")
                          .arg(label)
                          .arg(double(result.probabilities[size_t(finding)]), 0, 'f', 3)
                          .arg(result.thresholds[size_t(finding)], 0, 'f', 3)
                          .arg(result.model, result.trained ? "trained" : "untrained");
    const QString described =
        gateVerdict.isEmpty() ? summary : summary + QStringLiteral(". Input gate: ") + gateVerdict;
    const QDateTime now = QDateTime::currentDateTime();
    auto put = [&](const DcmTagKey& key, const QString& v) {
        ds->putAndInsertString(key, v.toLatin1().constData());
    };
    put(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    put(DCM_SOPInstanceUID, sopUid);
    put(DCM_SeriesInstanceUID, ResultUids::newUid());
    put(DCM_Modality, "OT");
    put(DCM_ConversionType, "WSD");
    // Type 2C in General Series and General Image: the source's values, else empty (unknown).
    const bool paired =
        source.laterality == QLatin1String("R") || source.laterality == QLatin1String("L");
    put(DCM_Laterality, paired ? source.laterality : QString());
    put(DCM_PatientOrientation, source.patientOrientation);
    put(DCM_SeriesNumber, "9901");
    put(DCM_InstanceNumber, "1");
    put(DCM_SeriesDescription, summary.left(64));
    put(DCM_ImageComments, described.left(10000) + QStringLiteral(". Not for clinical use."));
    put(DCM_DerivationDescription, described.left(1024));
    put(DCM_ImageType, "DERIVED\\SECONDARY");
    put(DCM_BurnedInAnnotation, "YES");
    put(DCM_Manufacturer, "chexview");
    put(DCM_ContentDate, now.toString("yyyyMMdd"));
    put(DCM_ContentTime, now.toString("HHmmss"));
    DcmItem* ref = nullptr;
    if (ds->findOrCreateSequenceItem(DCM_SourceImageSequence, ref, -2).good() && ref) {
        ref->putAndInsertString(DCM_ReferencedSOPClassUID,
                                source.sopClassUid.toLatin1().constData());
        ref->putAndInsertString(DCM_ReferencedSOPInstanceUID,
                                source.sopInstanceUid.toLatin1().constData());
    }
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 3);
    put(DCM_PhotometricInterpretation, "RGB");
    ds->putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds->putAndInsertUint16(DCM_Rows, Uint16(h));
    ds->putAndInsertUint16(DCM_Columns, Uint16(w));
    ds->putAndInsertUint16(DCM_BitsAllocated, 8);
    ds->putAndInsertUint16(DCM_BitsStored, 8);
    ds->putAndInsertUint16(DCM_HighBit, 7);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds->putAndInsertUint8Array(DCM_PixelData, reinterpret_cast<const Uint8*>(pixels.constData()),
                               unsigned(pixels.size()));
    const OFCondition saved =
        file.saveFile(QFile::encodeName(outPath).constData(), EXS_LittleEndianExplicit);
    if (saved.bad())
        throw std::runtime_error(
            QStringLiteral("SC: cannot write %1: %2").arg(outPath, saved.text()).toStdString());
    return sopUid;
}

} // namespace chexview
