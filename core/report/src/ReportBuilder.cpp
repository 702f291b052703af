#include "chexview/report/ReportBuilder.h"

#include "chexview/measure/MeasurementEvaluator.h"
#include "chexview/privacy/Anonymizer.h"
#include "chexview/report/ImageCredit.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace chexview {

QString ReportBuilder::heatmapLabel(const AnalysisResult& r, int finding)
{
    if (r.isEmpty() || finding < 0 || finding >= int(r.labels.size()))
        return {};
    QString text = QObject::tr("Heatmap: %1 %2 (threshold %3%4)")
                       .arg(r.labels[finding])
                       .arg(double(r.probabilities[size_t(finding)]), 0, 'f', 3)
                       .arg(r.thresholds[size_t(finding)], 0, 'f', 3)
                       .arg(r.isPositive(finding) ? QObject::tr(", positive") : QString());
    if (!r.cams.hasPositiveActivation(finding))
        text += QObject::tr(" — no positive activation: relative map (min–max)");
    return text;
}

QString ReportBuilder::provenanceText(const QJsonObject& provenance)
{
    QStringList parts;
    for (auto it = provenance.begin(); it != provenance.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value().toVariant().toString());
    return parts.join(QStringLiteral(", "));
}

AnnotatedImage::Content ReportBuilder::annotatedImage(const Inputs& in)
{
    AnnotatedImage::Content c;
    c.display = in.display;
    c.anonymized = in.anonymize;
    const AnalysisResult& r = in.result;
    if (!r.isEmpty()) {
        c.model = r.model + (r.trained ? QString() : QObject::tr(" — UNTRAINED demo weights"));
        c.gate = in.gate;
        if (in.finding >= 0 && in.finding < int(r.labels.size())) {
            // The heatmap at the crop's full resolution, not the 224 px model input.
            const double scale = r.cams.geometry.scale > 0 ? r.cams.geometry.scale : 1.0;
            const int side = std::clamp(int(std::lround(r.cams.geometry.crop / scale)), 224, 4096);
            c.overlay = CamRenderer::render(r, in.finding, in.colormap, in.opacity, side);
            c.colormap = in.colormap;
            c.heatmapLabel = heatmapLabel(r, in.finding);
        }
    }
    if (in.image)
        for (const Measurement& m : in.measurements) {
            c.measurements << m;
            c.measurementValues << MeasurementEvaluator::evaluate(
                m, *in.image, in.calibration, in.image->metadata().viewPosition);
        }
    if (!in.anonymize && in.image) {
        const ImageMetadata& m = in.image->metadata();
        for (const QString& v : {m.patientName, m.patientId, m.studyDate})
            if (!v.isEmpty())
                c.identity << v;
    }
    return c;
}

ReportWriter::Content ReportBuilder::report(const Inputs& in)
{
    ReportWriter::Content c;
    c.image = annotatedImage(in);
    c.result = in.result;
    c.modelName = in.result.model;
    c.trained = in.result.trained;
    c.provenance = provenanceText(in.provenance);
    c.gate = in.gate;
    c.anonymized = in.anonymize;
    c.created = QDateTime::currentDateTime();
    if (!in.image)
        return c;
    c.credit = ImageCredit::of(in.image->metadata(), in.file);
    // Measurements carry no identity (kinds, numbers, units): listed also when anonymized.
    for (int i = 0; i < c.image.measurements.size(); ++i) {
        const MeasurementValues& v = c.image.measurementValues.value(i);
        QString line = QStringLiteral("%1. %2: %3")
                           .arg(i + 1)
                           .arg(Measurement::kindName(c.image.measurements[i].kind), v.text);
        if (!v.notes.isEmpty())
            line += QStringLiteral(" — ") + v.notes.join(QStringLiteral("; "));
        c.measurements << line;
    }
    if (!c.measurements.isEmpty())
        c.measurements << QObject::tr("Calibration: %1").arg(in.calibration.description());
    const ImageMetadata m =
        in.anonymize ? Anonymizer::anonymize(in.image->metadata()) : in.image->metadata();
    c.imageSummary = QObject::tr("%1 %2×%3, %4-bit %5")
                         .arg(m.format)
                         .arg(in.image->width())
                         .arg(in.image->height())
                         .arg(in.image->bitsStored())
                         .arg(m.photometric);
    if (!m.transferSyntaxName.isEmpty())
        c.imageSummary += QStringLiteral(", ") + m.transferSyntaxName;
    QStringList view;
    for (const QString& v : {m.modality, m.viewPosition, m.bodyPart})
        if (!v.isEmpty())
            view << v;
    if (!view.isEmpty())
        c.imageSummary += QStringLiteral(", ") + view.join(QLatin1Char(' '));
    if (!in.anonymize) {
        auto add = [&c](const QString& label, const QString& value) {
            if (!value.isEmpty())
                c.identity << QStringLiteral("%1: %2").arg(label, value);
        };
        add(QObject::tr("Patient"), m.patientName);
        add(QObject::tr("Patient ID"), m.patientId);
        add(QObject::tr("Sex / age"), QStringList{m.patientSex, m.patientAge}
                                          .filter(QRegularExpression(QStringLiteral(".")))
                                          .join(QStringLiteral(" / ")));
        add(QObject::tr("Study date"), m.studyDate);
        add(QObject::tr("Study"), m.studyDescription);
        add(QObject::tr("File"), QFileInfo(in.file).absoluteFilePath());
    }
    return c;
}

} // namespace chexview
