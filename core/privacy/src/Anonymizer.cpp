#include "chexview/privacy/Anonymizer.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace chexview {

namespace {

constexpr quint32 tagKey(quint16 group, quint16 element)
{
    return (quint32(group) << 16) | element;
}

// DICOM PS3.15 table E.1-1, the attributes the basic profile removes, empties or replaces
// (D, Z, X, U and their combinations). Patient characteristics (sex, age, size, weight, smoking
// and pregnancy status) are retained: "Retain Patient Characteristics Option".
constexpr std::array kProfileTags = {
    tagKey(0x0002, 0x0003), tagKey(0x0002, 0x0016), tagKey(0x0002, 0x0100), tagKey(0x0002, 0x0102),
    tagKey(0x0008, 0x0014), tagKey(0x0008, 0x0015), tagKey(0x0008, 0x0018), tagKey(0x0008, 0x0020),
    tagKey(0x0008, 0x0021), tagKey(0x0008, 0x0022), tagKey(0x0008, 0x0023), tagKey(0x0008, 0x0024),
    tagKey(0x0008, 0x0025), tagKey(0x0008, 0x002A), tagKey(0x0008, 0x0030), tagKey(0x0008, 0x0031),
    tagKey(0x0008, 0x0032), tagKey(0x0008, 0x0033), tagKey(0x0008, 0x0034), tagKey(0x0008, 0x0035),
    tagKey(0x0008, 0x0050), tagKey(0x0008, 0x0058), tagKey(0x0008, 0x0080), tagKey(0x0008, 0x0081),
    tagKey(0x0008, 0x0082), tagKey(0x0008, 0x0090), tagKey(0x0008, 0x0092), tagKey(0x0008, 0x0094),
    tagKey(0x0008, 0x0096), tagKey(0x0008, 0x009C), tagKey(0x0008, 0x009D), tagKey(0x0008, 0x0201),
    tagKey(0x0008, 0x1010), tagKey(0x0008, 0x1030), tagKey(0x0008, 0x103E), tagKey(0x0008, 0x1040),
    tagKey(0x0008, 0x1041), tagKey(0x0008, 0x1048), tagKey(0x0008, 0x1049), tagKey(0x0008, 0x1050),
    tagKey(0x0008, 0x1052), tagKey(0x0008, 0x1060), tagKey(0x0008, 0x1062), tagKey(0x0008, 0x1070),
    tagKey(0x0008, 0x1072), tagKey(0x0008, 0x1080), tagKey(0x0008, 0x1084), tagKey(0x0008, 0x1110),
    tagKey(0x0008, 0x1111), tagKey(0x0008, 0x1120), tagKey(0x0008, 0x1140), tagKey(0x0008, 0x1155),
    tagKey(0x0008, 0x1195), tagKey(0x0008, 0x2111), tagKey(0x0008, 0x3010), tagKey(0x0008, 0x4000),
    tagKey(0x0010, 0x0010), tagKey(0x0010, 0x0020), tagKey(0x0010, 0x0021), tagKey(0x0010, 0x0030),
    tagKey(0x0010, 0x0032), tagKey(0x0010, 0x0050), tagKey(0x0010, 0x0101), tagKey(0x0010, 0x0102),
    tagKey(0x0010, 0x1000), tagKey(0x0010, 0x1001), tagKey(0x0010, 0x1002), tagKey(0x0010, 0x1005),
    tagKey(0x0010, 0x1040), tagKey(0x0010, 0x1050), tagKey(0x0010, 0x1060), tagKey(0x0010, 0x1080),
    tagKey(0x0010, 0x1081), tagKey(0x0010, 0x1090), tagKey(0x0010, 0x1100), tagKey(0x0010, 0x2000),
    tagKey(0x0010, 0x2110), tagKey(0x0010, 0x2150), tagKey(0x0010, 0x2152), tagKey(0x0010, 0x2154),
    tagKey(0x0010, 0x2160), tagKey(0x0010, 0x2180), tagKey(0x0010, 0x21B0), tagKey(0x0010, 0x21D0),
    tagKey(0x0010, 0x21F0), tagKey(0x0010, 0x2297), tagKey(0x0010, 0x2299), tagKey(0x0010, 0x4000),
    tagKey(0x0018, 0x0010), tagKey(0x0018, 0x1000), tagKey(0x0018, 0x1002), tagKey(0x0018, 0x1004),
    tagKey(0x0018, 0x1005), tagKey(0x0018, 0x1007), tagKey(0x0018, 0x1008), tagKey(0x0018, 0x1030),
    tagKey(0x0018, 0x1400), tagKey(0x0018, 0x4000), tagKey(0x0018, 0x700A), tagKey(0x0018, 0x9424),
    tagKey(0x0018, 0xA003), tagKey(0x0020, 0x000D), tagKey(0x0020, 0x000E), tagKey(0x0020, 0x0010),
    tagKey(0x0020, 0x0052), tagKey(0x0020, 0x0200), tagKey(0x0020, 0x3401), tagKey(0x0020, 0x3406),
    tagKey(0x0020, 0x4000), tagKey(0x0020, 0x9158), tagKey(0x0020, 0x9161), tagKey(0x0028, 0x4000),
    tagKey(0x0032, 0x0012), tagKey(0x0032, 0x1020), tagKey(0x0032, 0x1021), tagKey(0x0032, 0x1030),
    tagKey(0x0032, 0x1032), tagKey(0x0032, 0x1033), tagKey(0x0032, 0x1060), tagKey(0x0032, 0x1070),
    tagKey(0x0032, 0x4000), tagKey(0x0038, 0x0004), tagKey(0x0038, 0x0010), tagKey(0x0038, 0x0011),
    tagKey(0x0038, 0x001E), tagKey(0x0038, 0x0020), tagKey(0x0038, 0x0021), tagKey(0x0038, 0x0040),
    tagKey(0x0038, 0x0050), tagKey(0x0038, 0x0060), tagKey(0x0038, 0x0061), tagKey(0x0038, 0x0062),
    tagKey(0x0038, 0x0300), tagKey(0x0038, 0x0400), tagKey(0x0038, 0x0500), tagKey(0x0038, 0x1234),
    tagKey(0x0038, 0x4000), tagKey(0x0040, 0x0001), tagKey(0x0040, 0x0002), tagKey(0x0040, 0x0003),
    tagKey(0x0040, 0x0004), tagKey(0x0040, 0x0005), tagKey(0x0040, 0x0006), tagKey(0x0040, 0x0007),
    tagKey(0x0040, 0x000B), tagKey(0x0040, 0x0010), tagKey(0x0040, 0x0011), tagKey(0x0040, 0x0012),
    tagKey(0x0040, 0x0241), tagKey(0x0040, 0x0242), tagKey(0x0040, 0x0243), tagKey(0x0040, 0x0244),
    tagKey(0x0040, 0x0245), tagKey(0x0040, 0x0250), tagKey(0x0040, 0x0251), tagKey(0x0040, 0x0253),
    tagKey(0x0040, 0x0254), tagKey(0x0040, 0x0275), tagKey(0x0040, 0x0280), tagKey(0x0040, 0x0555),
    tagKey(0x0040, 0x1001), tagKey(0x0040, 0x1004), tagKey(0x0040, 0x1005), tagKey(0x0040, 0x1010),
    tagKey(0x0040, 0x1011), tagKey(0x0040, 0x1101), tagKey(0x0040, 0x1102), tagKey(0x0040, 0x1103),
    tagKey(0x0040, 0x1400), tagKey(0x0040, 0x2001), tagKey(0x0040, 0x2008), tagKey(0x0040, 0x2009),
    tagKey(0x0040, 0x2010), tagKey(0x0040, 0x2016), tagKey(0x0040, 0x2017), tagKey(0x0040, 0x2400),
    tagKey(0x0040, 0x3001), tagKey(0x0040, 0x4023), tagKey(0x0040, 0x4025), tagKey(0x0040, 0x4027),
    tagKey(0x0040, 0x4028), tagKey(0x0040, 0x4030), tagKey(0x0040, 0x4034), tagKey(0x0040, 0x4035),
    tagKey(0x0040, 0x4036), tagKey(0x0040, 0x4037), tagKey(0x0040, 0xA027), tagKey(0x0040, 0xA073),
    tagKey(0x0040, 0xA075), tagKey(0x0040, 0xA078), tagKey(0x0040, 0xA07A), tagKey(0x0040, 0xA07C),
    tagKey(0x0040, 0xA088), tagKey(0x0040, 0xA123), tagKey(0x0040, 0xA124), tagKey(0x0040, 0xA171),
    tagKey(0x0040, 0xA172), tagKey(0x0040, 0xA402), tagKey(0x0040, 0xA730), tagKey(0x0040, 0xDB0C),
    tagKey(0x0040, 0xDB0D), tagKey(0x0070, 0x0001), tagKey(0x0070, 0x0084), tagKey(0x0070, 0x0086),
    tagKey(0x0088, 0x0140), tagKey(0x0088, 0x0200), tagKey(0x0088, 0x0904), tagKey(0x0088, 0x0906),
    tagKey(0x0088, 0x0910), tagKey(0x0088, 0x0912), tagKey(0x0400, 0x0100), tagKey(0x0400, 0x0402),
    tagKey(0x0400, 0x0403), tagKey(0x0400, 0x0404), tagKey(0x0400, 0x0550), tagKey(0x0400, 0x0561),
    tagKey(0x2030, 0x0020), tagKey(0x3006, 0x0024), tagKey(0x3006, 0x00C2), tagKey(0x300A, 0x0013),
    tagKey(0x4000, 0x0010), tagKey(0x4000, 0x4000), tagKey(0x4008, 0x0042), tagKey(0x4008, 0x0102),
    tagKey(0x4008, 0x010A), tagKey(0x4008, 0x010B), tagKey(0x4008, 0x010C), tagKey(0x4008, 0x0111),
    tagKey(0x4008, 0x0114), tagKey(0x4008, 0x0115), tagKey(0x4008, 0x0118), tagKey(0x4008, 0x0119),
    tagKey(0x4008, 0x011A), tagKey(0x4008, 0x0202), tagKey(0x4008, 0x0300), tagKey(0x4008, 0x4000),
    tagKey(0xFFFA, 0xFFFA), tagKey(0xFFFC, 0xFFFC),
};

bool parseTag(const QString& text, quint16& group, quint16& element)
{
    // "(gggg,eeee)", possibly indented by the tag panel's nesting spaces.
    const QString t = text.trimmed();
    if (t.size() != 11 || t.front() != QLatin1Char('(') || t.at(5) != QLatin1Char(','))
        return false;
    bool okG = false, okE = false;
    group = quint16(t.mid(1, 4).toUShort(&okG, 16));
    element = quint16(t.mid(6, 4).toUShort(&okE, 16));
    return okG && okE;
}

bool isInstanceUid(const DicomTagEntry& e)
{
    return e.vr == QLatin1String("UI") && !e.keyword.endsWith(QLatin1String("ClassUID")) &&
           e.keyword != QLatin1String("TransferSyntaxUID");
}

bool isPersonOrDate(const QString& vr)
{
    return vr == QLatin1String("PN") || vr == QLatin1String("DA") || vr == QLatin1String("DT") ||
           vr == QLatin1String("TM");
}

bool isStructural(const DicomTagEntry& e)
{
    return e.vr == QLatin1String("SQ") || e.value.startsWith(QLatin1Char('<'));
}

void addValue(QStringList& out, const QString& raw, int minLength)
{
    for (const QString& part : raw.split(QLatin1Char('\\'), Qt::SkipEmptyParts)) {
        const QString v = part.trimmed();
        if (v.size() >= minLength && !out.contains(v))
            out << v;
    }
}

void addName(QStringList& out, const QString& name)
{
    addValue(out, name, 3);
    static const QRegularExpression separators(QStringLiteral("[\\^ =,]+"));
    for (const QString& component : name.split(separators, Qt::SkipEmptyParts))
        addValue(out, component, 3);
}

} // namespace

QString Anonymizer::maskText()
{
    return QStringLiteral("‹removed›");
}

bool Anonymizer::isProfileTag(quint16 group, quint16 element)
{
    if (group % 2 == 1) // private attributes: the basic profile removes them all
        return true;
    if ((group & 0xFF00) == 0x5000) // curve data
        return true;
    if ((group & 0xFF00) == 0x6000) // overlay data and comments
        return element == 0x3000 || element == 0x4000;
    const quint32 key = tagKey(group, element);
    return std::find(kProfileTags.begin(), kProfileTags.end(), key) != kProfileTags.end();
}

bool Anonymizer::isIdentifying(const DicomTagEntry& e, const QStringList& identifyingValues)
{
    quint16 group = 0, element = 0;
    if (!parseTag(e.tag, group, element))
        return true; // an attribute we cannot place is not shown
    if (isProfileTag(group, element) || isPersonOrDate(e.vr) || isInstanceUid(e))
        return true;
    if (isStructural(e))
        return false;
    for (const QString& v : identifyingValues)
        if (e.value.contains(v, Qt::CaseInsensitive))
            return true;
    return false;
}

QStringList Anonymizer::identifyingValues(const ImageMetadata& m)
{
    QStringList out;
    addName(out, m.patientName);
    addValue(out, m.patientId, 3);
    addValue(out, m.studyDate, 4);
    addValue(out, m.studyDescription, 4);
    for (const DicomTagEntry& e : m.tags) {
        quint16 group = 0, element = 0;
        if (isStructural(e) || !parseTag(e.tag, group, element))
            continue;
        if (e.vr == QLatin1String("PN"))
            addName(out, e.value);
        else if (e.vr == QLatin1String("DA") || e.vr == QLatin1String("DT"))
            addValue(out, e.value, 4);
        else if (e.vr != QLatin1String("TM") && (isProfileTag(group, element) || isInstanceUid(e)))
            addValue(out, e.value, 4);
    }
    return out;
}

ImageMetadata Anonymizer::anonymize(const ImageMetadata& meta)
{
    ImageMetadata out = meta;
    out.patientName.clear();
    out.patientId.clear();
    out.studyDate.clear();
    out.studyDescription.clear();
    const QStringList values = identifyingValues(meta);
    int maskedDepth = -1; // children of a masked sequence are masked with it
    for (DicomTagEntry& e : out.tags) {
        if (maskedDepth >= 0 && e.depth > maskedDepth) {
            e.value = maskText();
            continue;
        }
        maskedDepth = -1;
        if (isIdentifying(e, values)) {
            e.value = maskText();
            if (e.vr == QLatin1String("SQ"))
                maskedDepth = e.depth;
        }
    }
    // Free text the decoder collected may quote a value (e.g. a warning naming a bad date).
    for (QString& w : out.warnings)
        for (const QString& v : values)
            w.replace(v, maskText(), Qt::CaseInsensitive);
    return out;
}

} // namespace chexview
