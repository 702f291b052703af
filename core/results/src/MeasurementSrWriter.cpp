#include "chexview/results/MeasurementSrWriter.h"
#include "Tid1500Document.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/MeasurementCodes.h"
#include "chexview/results/ResultUids.h"

#include <stdexcept>

namespace chexview {

namespace {

QString sourceName(PixelCalibration::Source s)
{
    switch (s) {
    case PixelCalibration::Source::PixelSpacing:
        return QStringLiteral("pixel-spacing");
    case PixelCalibration::Source::ImagerPixelSpacing:
        return QStringLiteral("imager-pixel-spacing");
    case PixelCalibration::Source::MagnificationCorrected:
        return QStringLiteral("magnification-corrected");
    case PixelCalibration::Source::DataEntry:
        return QStringLiteral("data-entry");
    case PixelCalibration::Source::None:
        break;
    }
    return QStringLiteral("none");
}

/// Which of a measurement's SCOORDs a value is inferred from: a CTR width from its own
/// segment, everything else from all of them.
QList<int> partsOf(const MeasuredValue& v, int partCount)
{
    if (partCount == 2 && v.concept == QLatin1String("Cardiac width"))
        return {0};
    if (partCount == 2 && v.concept == QLatin1String("Thoracic width"))
        return {1};
    QList<int> all;
    for (int i = 0; i < partCount; ++i)
        all << i;
    return all;
}

bool isSpatial(const MeasuredValue& v)
{
    return v.ucum == QLatin1String("mm") || v.ucum == QLatin1String("mm2") ||
           (v.ucum == QLatin1String("{pixels}") && v.concept != QLatin1String("Pixel count"));
}

} // namespace

QString MeasurementSrWriter::trackingIdentifier(const Measurement& m, int index)
{
    if (!m.label.trimmed().isEmpty())
        return m.label.trimmed().left(64);
    QString kind;
    switch (m.kind) {
    case Measurement::Kind::Length:
        kind = QStringLiteral("Length");
        break;
    case Measurement::Kind::Angle:
        kind = QStringLiteral("Angle");
        break;
    case Measurement::Kind::EllipseRoi:
        kind = QStringLiteral("Ellipse ROI");
        break;
    case Measurement::Kind::RectangleRoi:
        kind = QStringLiteral("Rectangle ROI");
        break;
    case Measurement::Kind::CardiothoracicRatio:
        kind = QStringLiteral("Cardiothoracic ratio");
        break;
    }
    return QStringLiteral("%1 %2").arg(kind).arg(index);
}

QString MeasurementSrWriter::write(const QList<Measurement>& measurements,
                                   const QList<MeasurementValues>& values,
                                   const PixelCalibration& calibration, const SourceStudy& source,
                                   const QString& outPath, const QString& softwareVersion)
{
    if (measurements.size() != values.size())
        throw std::runtime_error("SR: measurements and values differ in number");
    int valid = 0;
    for (const Measurement& m : measurements)
        valid += m.isValid() ? 1 : 0;
    if (valid == 0)
        throw std::runtime_error("SR: no measurement to write");

    const Tid1500Document::Observer observer{
        ResultUids::fromName(QStringLiteral("chexview measurement tools")),
        QStringLiteral("chexview measurement tools"), QStringLiteral("chexview"),
        QStringLiteral("chexview viewer (") + softwareVersion + QLatin1Char(')')};
    Tid1500Document doc(source, QStringLiteral("chexview measurements (not for clinical use)"),
                        observer);
    SrTreeBuilder& b = doc.builder();
    const CodedConcept method = MeasurementCodes::calibration(sourceName(calibration.source));

    b.container(DSRTypes::RT_contains, FindingCodes::imagingMeasurements());
    bool first = true;
    for (int i = 0; i < measurements.size(); ++i) {
        const Measurement& m = measurements[i];
        if (!m.isValid())
            continue;
        const QList<Measurement::Scoord> parts = m.scoords();
        b.container(DSRTypes::RT_contains, FindingCodes::measurementGroup(),
                    first ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent);
        first = false;
        // A free-text label could name someone: anonymized, the generic identifier only.
        Measurement unlabeled = m;
        if (source.anonymized)
            unlabeled.label.clear();
        b.text(DSRTypes::RT_contains, FindingCodes::trackingIdentifier(),
               trackingIdentifier(unlabeled, i + 1), DSRTypes::AM_belowCurrent);
        b.uid(DSRTypes::RT_contains, FindingCodes::trackingUid(), ResultUids::newUid());
        for (const MeasuredValue& v : values[i].values) {
            b.num(MeasurementCodes::forValue(v.concept), v.value, MeasurementCodes::unit(v.ucum));
            bool below = true;
            auto mode = [&below] {
                const DSRTypes::E_AddMode out =
                    below ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent;
                below = false;
                return out;
            };
            if (isSpatial(v))
                b.code(DSRTypes::RT_hasConceptMod, MeasurementCodes::measurementMethod(), method,
                       mode());
            for (int part : partsOf(v, int(parts.size())))
                b.scoord(DSRTypes::RT_inferredFrom, parts[part].graphicType, parts[part].data,
                         source.sopClassUid, source.sopInstanceUid, mode());
            if (!below)
                b.up();
        }
        for (const QString& note : values[i].notes)
            if (!calibration.notes.contains(note)) // the calibration's notes are said once
                b.text(DSRTypes::RT_contains, MeasurementCodes::measurementNote(), note);
        if (values[i].flagged)
            b.text(DSRTypes::RT_contains, MeasurementCodes::measurementNote(), values[i].text);
        b.up();
    }
    b.up();

    b.container(DSRTypes::RT_contains, FindingCodes::qualitativeEvaluations());
    b.text(DSRTypes::RT_contains, FindingCodes::notice(),
           QStringLiteral("Not for clinical use. Measurements drawn in chexview, a research and "
                          "teaching viewer."),
           DSRTypes::AM_belowCurrent);
    QStringList calibrationWords{calibration.description()};
    calibrationWords << calibration.notes;
    b.text(DSRTypes::RT_contains, MeasurementCodes::calibrationText(),
           calibrationWords.join(QStringLiteral(" ")));
    return doc.write(softwareVersion, outPath);
}

} // namespace chexview
