#include "chexview/results/FindingCodes.h"

#include <array>

namespace chexview {

namespace {

struct FindingCode
{
    const char* label;
    const char* value;
    const char* scheme;
    const char* meaning;
};

// Where each code was looked up is listed in the README ("AI results as DICOM").
constexpr std::array<FindingCode, 14> kFindings{{
    {"Atelectasis", "46621007", "SCT", "Atelectasis"},
    {"Cardiomegaly", "287272002", "SCT", "Cardiomegaly"},
    {"Effusion", "60046008", "SCT", "Pleural effusion"},
    {"Infiltration", "112121", "DCM", "Infiltrate"},
    {"Mass", "4147007", "SCT", "Mass"},
    {"Nodule", "27925004", "SCT", "Nodule"},
    {"Pneumonia", "233604007", "SCT", "Pneumonia"},
    {"Pneumothorax", "36118008", "SCT", "Pneumothorax"},
    {"Consolidation", "95436008", "SCT", "Lung consolidation"},
    {"Edema", "19242006", "SCT", "Pulmonary edema"},
    {"Emphysema", "87433001", "SCT", "Pulmonary emphysema"},
    {"Fibrosis", "51615001", "SCT", "Pulmonary fibrosis"},
    {"Pleural_Thickening", "CXV-PLTHICK", FindingCodes::kPrivateScheme, "Pleural thickening"},
    {"Hernia", "CXV-HERNIA", FindingCodes::kPrivateScheme, "Hernia (ChestX-ray14 label)"},
}};

CodedConcept code(const char* value, const char* scheme, const char* meaning)
{
    return {QLatin1String(value), QLatin1String(scheme), QLatin1String(meaning)};
}

CodedConcept dcm(const char* value, const char* meaning)
{
    return code(value, "DCM", meaning);
}

} // namespace

CodedConcept FindingCodes::forLabel(const QString& label)
{
    for (const FindingCode& f : kFindings)
        if (label == QLatin1String(f.label))
            return code(f.value, f.scheme, f.meaning);
    return {};
}

QString FindingCodes::labelFor(const CodedConcept& c)
{
    for (const FindingCode& f : kFindings)
        if (c.value == QLatin1String(f.value) && c.scheme == QLatin1String(f.scheme))
            return QLatin1String(f.label);
    // SRT is SNOMED's older designator for the same concept identifiers.
    if (c.scheme == QLatin1String("SRT") || c.scheme == QLatin1String("SNM3"))
        return labelFor({c.value, QStringLiteral("SCT"), c.meaning});
    return {};
}

QStringList FindingCodes::labels()
{
    QStringList out;
    for (const FindingCode& f : kFindings)
        out << QLatin1String(f.label);
    return out;
}

CodedConcept FindingCodes::imagingMeasurementReport()
{
    return dcm("126000", "Imaging Measurement Report");
}
CodedConcept FindingCodes::language()
{
    return dcm("121049", "Language of Content Item and Descendants");
}
CodedConcept FindingCodes::englishLanguage()
{
    return code("en", "RFC5646", "English");
}
CodedConcept FindingCodes::observerType()
{
    return dcm("121005", "Observer Type");
}
CodedConcept FindingCodes::device()
{
    return dcm("121007", "Device");
}
CodedConcept FindingCodes::deviceObserverUid()
{
    return dcm("121012", "Device Observer UID");
}
CodedConcept FindingCodes::deviceObserverName()
{
    return dcm("121013", "Device Observer Name");
}
CodedConcept FindingCodes::deviceObserverManufacturer()
{
    return dcm("121014", "Device Observer Manufacturer");
}
CodedConcept FindingCodes::deviceObserverModelName()
{
    return dcm("121015", "Device Observer Model Name");
}
CodedConcept FindingCodes::procedureReported()
{
    return dcm("121058", "Procedure reported");
}
CodedConcept FindingCodes::chestImaging()
{
    return code("413815006", "SCT", "Chest imaging");
}
CodedConcept FindingCodes::imageLibrary()
{
    return dcm("111028", "Image Library");
}
CodedConcept FindingCodes::imageLibraryGroup()
{
    return dcm("126200", "Image Library Group");
}
CodedConcept FindingCodes::imagingMeasurements()
{
    return dcm("126010", "Imaging Measurements");
}
CodedConcept FindingCodes::measurementGroup()
{
    return dcm("125007", "Measurement Group");
}
CodedConcept FindingCodes::trackingIdentifier()
{
    return dcm("112039", "Tracking Identifier");
}
CodedConcept FindingCodes::trackingUid()
{
    return dcm("112040", "Tracking Unique Identifier");
}
CodedConcept FindingCodes::finding()
{
    return dcm("121071", "Finding");
}
CodedConcept FindingCodes::algorithmName()
{
    return dcm("111001", "Algorithm Name");
}
CodedConcept FindingCodes::algorithmVersion()
{
    return dcm("111003", "Algorithm Version");
}
CodedConcept FindingCodes::algorithmParameters()
{
    return dcm("111002", "Algorithm Parameters");
}
CodedConcept FindingCodes::probability()
{
    return dcm("122157", "Probability");
}
CodedConcept FindingCodes::thresholdValue()
{
    return dcm("122411", "Threshold Value");
}
CodedConcept FindingCodes::presenceOfProperty()
{
    return dcm("121052", "Presence of property");
}
CodedConcept FindingCodes::present()
{
    return code("52101004", "SCT", "Present");
}
CodedConcept FindingCodes::absent()
{
    return code("272519000", "SCT", "Absent");
}
CodedConcept FindingCodes::unitless()
{
    return code("1", "UCUM", "no units");
}
CodedConcept FindingCodes::inputGateVerdict()
{
    return code("CXV-GATE", kPrivateScheme, "Input gate verdict");
}
CodedConcept FindingCodes::gradCamActivation()
{
    return code("CXV-GRADCAM", kPrivateScheme, "Grad-CAM activation, scaled to its maximum");
}

CodedConcept FindingCodes::notice()
{
    return code("CXV-NOTICE", kPrivateScheme, "Notice");
}
CodedConcept FindingCodes::qualitativeEvaluations()
{
    return code("C0034375", "UMLS", "Qualitative Evaluations");
}

} // namespace chexview
