#include "chexview/results/MeasurementCodes.h"
#include "chexview/results/FindingCodes.h"

#include <QList>

namespace chexview {

namespace {

struct Named
{
    const char* name;
    CodedConcept code;
};

CodedConcept priv(const char* value, const char* meaning)
{
    return {QLatin1String(value), QLatin1String(FindingCodes::kPrivateScheme),
            QString::fromUtf8(meaning)};
}

CodedConcept sct(const char* value, const char* meaning)
{
    return {QLatin1String(value), QStringLiteral("SCT"), QString::fromUtf8(meaning)};
}

const QList<Named>& values()
{
    static const QList<Named> list = {
        {"Length", sct("410668003", "Length")},
        {"Area", sct("42798000", "Area")},
        {"Mean", sct("373098007", "Mean")},
        {"Standard Deviation", sct("386136009", "Standard Deviation")},
        {"Minimum", sct("255605001", "Minimum")},
        {"Maximum", sct("56851009", "Maximum")},
        {"Angle", priv("CXV-M-ANGLE", "Angle")},
        {"Pixel count", priv("CXV-M-PIXELS", "Number of pixels in the region")},
        {"Cardiothoracic ratio", priv("CXV-M-CTR", "Cardiothoracic ratio")},
        {"Cardiac width", priv("CXV-M-CARDIAC", "Maximal horizontal cardiac width")},
        {"Thoracic width", priv("CXV-M-THORACIC", "Maximal internal thoracic width")},
    };
    return list;
}

} // namespace

CodedConcept MeasurementCodes::forValue(const QString& concept)
{
    for (const Named& n : values())
        if (concept == QLatin1String(n.name))
            return n.code;
    return {QStringLiteral("CXV-M-") + concept.toUpper().replace(QLatin1Char(' '), '-').left(10),
            QLatin1String(FindingCodes::kPrivateScheme), concept.left(64)};
}

QString MeasurementCodes::valueName(const CodedConcept& code)
{
    for (const Named& n : values())
        if (code.sameCode(n.code) ||
            (code.value == n.code.value && code.scheme == QLatin1String("SRT")))
            return QLatin1String(n.name);
    return code.meaning;
}

CodedConcept MeasurementCodes::unit(const QString& ucum)
{
    static const QList<QPair<QString, QString>> known = {
        {QStringLiteral("mm"), QStringLiteral("millimeter")},
        {QStringLiteral("mm2"), QStringLiteral("square millimeter")},
        {QStringLiteral("deg"), QStringLiteral("degree")},
        {QStringLiteral("1"), QStringLiteral("no units")},
        {QStringLiteral("{pixels}"), QStringLiteral("pixels")},
        {QStringLiteral("[arb'U]"), QStringLiteral("arbitrary unit")},
        {QStringLiteral("[hnsf'U]"), QStringLiteral("Hounsfield unit")},
    };
    for (const auto& [value, meaning] : known)
        if (ucum == value)
            return {value, QStringLiteral("UCUM"), meaning};
    return {ucum, QStringLiteral("UCUM"), ucum};
}

CodedConcept MeasurementCodes::measurementMethod()
{
    return sct("370129005", "Measurement Method");
}

CodedConcept MeasurementCodes::calibration(const QString& sourceName)
{
    if (sourceName == QLatin1String("pixel-spacing"))
        return priv("CXV-CAL-PS", "Pixel Spacing (0028,0030)");
    if (sourceName == QLatin1String("imager-pixel-spacing"))
        return priv("CXV-CAL-IPS", "Imager Pixel Spacing, at the detector, not corrected");
    if (sourceName == QLatin1String("magnification-corrected"))
        return priv("CXV-CAL-MAG", "Imager Pixel Spacing over the magnification factor");
    if (sourceName == QLatin1String("data-entry"))
        return priv("CXV-CAL-DE", "ChestX-ray14 Data_Entry spacing, rescaled");
    return priv("CXV-CAL-NONE", "Uncalibrated: image pixels");
}

CodedConcept MeasurementCodes::calibrationText()
{
    return priv("CXV-CAL", "Pixel calibration");
}

CodedConcept MeasurementCodes::measurementNote()
{
    return priv("CXV-M-NOTE", "Measurement note");
}

} // namespace chexview
