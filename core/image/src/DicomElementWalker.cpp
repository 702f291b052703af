#include "DicomElementWalker.h"

#include <dcmtk/dcmdata/dctag.h>

#include <algorithm>
#include <vector>

namespace chexview {

namespace {

constexpr uint32_t kUndefined = 0xFFFFFFFFu;
constexpr uint64_t kOpenEnded = ~uint64_t(0);

enum class Kind
{
    Item,          ///< elements (also the dataset itself, the bottom of the walk)
    Sequence,      ///< items and a sequence delimiter
    PixelSequence, ///< fragments (items holding bytes) and a sequence delimiter
};

struct Frame
{
    uint64_t end; ///< kOpenEnded: undefined length, ends at its delimiter
    Kind kind;
    DicomElementWalker::Syntax syntax;
    bool guessed; ///< an implicit VR private value that looks like a sequence
    uint16_t group, element;
};

// What DCMTK makes of an explicit VR's two bytes (DcmVR::setVR in 3.6.7).
enum class Role
{
    Sequence, ///< SQ
    Unknown,  ///< UN, or a VR DCMTK does not know: a sequence when its length is undefined
    Binary,   ///< OB, OW, ox: pixel data may be encapsulated
    Other,
};

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

bool vrIs(char a, char b, const char* vr)
{
    return a == vr[0] && b == vr[1];
}

Role roleOf(char a, char b)
{
    if (vrIs(a, b, "SQ"))
        return Role::Sequence;
    if (vrIs(a, b, "OB") || vrIs(a, b, "OW") || vrIs(a, b, "ox"))
        return Role::Binary;
    static const char* const kKnown[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD",
                                         "IS", "LO", "LT", "OD", "OF", "OL", "OV", "PN", "SH",
                                         "SL", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UR",
                                         "US", "UT", "UV", "xs", "lt", "up", "na", "pi"};
    for (const char* k : kKnown)
        if (vrIs(a, b, k))
            return Role::Other;
    return Role::Unknown; // UN, or not in DCMTK's table
}

} // namespace

DicomElementWalker::DicomElementWalker(const uint8_t* data, size_t size, int maxDepth)
    : m_data(data), m_size(size), m_maxDepth(maxDepth)
{
}

DicomElementWalker::VrClass DicomElementWalker::classify(char a, char b)
{
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV",
                                        "UC", "UN", "UR", "UT", "UV", "ox", "lt"};
    for (const char* l : kLong)
        if (vrIs(a, b, l))
            return VrClass::Long;
    if (vrIs(a, b, "na") || vrIs(a, b, "pi"))
        return VrClass::Refused;
    if (roleOf(a, b) == Role::Unknown && !vrIs(a, b, "??") && isUpper(a) && isUpper(b))
        return VrClass::Long; // a "future" VR: extended length, like UN
    return VrClass::Short;    // a known short VR, or an illegal one (DCMTK's EVR_UNKNOWN2B)
}

uint16_t DicomElementWalker::u16(size_t p, bool big) const
{
    return big ? uint16_t(m_data[p] << 8 | m_data[p + 1])
               : uint16_t(m_data[p] | m_data[p + 1] << 8);
}

uint32_t DicomElementWalker::u32(size_t p, bool big) const
{
    const uint32_t a = u16(p, big), b = u16(p + 2, big);
    return big ? (a << 16 | b) : (b << 16 | a);
}

int DicomElementWalker::walk(size_t start, Syntax top)
{
    std::vector<Frame> stack;
    uint64_t pos = start;
    int deepest = 0;
    bool inMeta = true; // leading group 0002 elements are File Meta (explicit VR little endian)
    // DCMTK refuses what comes next: inside a guessed sequence that only means the guess was
    // wrong (DCMTK reads that value as bytes), so skip it whole; anywhere else DCMTK stops.
    const auto wrongGuess = [&]() {
        for (size_t i = 0; i < stack.size(); ++i) {
            if (stack[i].guessed) {
                pos = stack[i].end;
                stack.resize(i);
                return true;
            }
        }
        return false;
    };
    const auto push = [&](const Frame& f) {
        stack.push_back(f);
        deepest = std::max(deepest, int(stack.size()));
    };
    while (deepest <= m_maxDepth) {
        while (!stack.empty() && stack.back().end != kOpenEnded && pos >= stack.back().end)
            stack.pop_back();
        if (pos + 8 > m_size)
            break;
        const Syntax s = stack.empty() ? top : stack.back().syntax;
        const Kind context = stack.empty() ? Kind::Item : stack.back().kind;
        const uint16_t group = u16(pos, s.bigEndian);
        const uint16_t element = u16(pos + 2, s.bigEndian);
        const bool delimiter =
            group == 0xFFFE && (element == 0xE000 || element == 0xE00D || element == 0xE0DD);
        if (context != Kind::Item) {
            // Inside a sequence: item headers are a tag and a 4-byte length, never a VR.
            const uint32_t len = u32(pos + 4, s.bigEndian);
            pos += 8;
            if (group == 0xFFFE && element == 0xE0DD) {
                stack.pop_back();
            } else if (group == 0xFFFE && element == 0xE000 && context == Kind::Sequence) {
                push({len == kUndefined ? kOpenEnded : pos + len, Kind::Item, s, false, group,
                      element});
            } else if (group == 0xFFFE && element == 0xE000 && len != kUndefined) {
                const Frame& owner = stack.back();
                if (pos + len > m_size) { // a fragment past the end of the data
                    if (wrongGuess())
                        continue;
                    m_overrun = {owner.group, owner.element, len, m_size - pos};
                    break;
                }
                pos += len;
            } else if (!wrongGuess()) {
                break; // DCMTK: parse error in the sequence
            }
            continue;
        }
        if (delimiter) {
            pos += 8;
            if (element == 0xE00D && !stack.empty())
                stack.pop_back(); // the end of an undefined-length item
            else if (element == 0xE00D || !wrongGuess())
                break; // a dataset ends at an item delimiter; any other delimiter is an error
            continue;
        }
        // An element.
        const bool meta = stack.empty() && inMeta && u16(pos, false) == 0x0002;
        if (stack.empty() && !meta)
            inMeta = false;
        const Syntax es = meta ? Syntax{true, false} : s;
        const uint16_t g = u16(pos, es.bigEndian), e = u16(pos + 2, es.bigEndian);
        const bool pixelData = g == 0x7FE0 && e == 0x0010;
        uint32_t len = 0;
        Role role = Role::Other;
        if (es.explicitVr) {
            const char a = char(m_data[pos + 4]), b = char(m_data[pos + 5]);
            role = roleOf(a, b);
            if (pixelData && vrIs(a, b, "OX"))
                role = Role::Binary; // DCMTK reads the known "OX" slip as OW
            switch (classify(a, b)) {
            case VrClass::Refused:
                if (wrongGuess())
                    continue;
                return deepest;
            case VrClass::Long:
                if (pos + 12 > m_size)
                    return deepest;
                len = u32(pos + 8, es.bigEndian);
                pos += 12;
                break;
            case VrClass::Short:
                len = u16(pos + 6, es.bigEndian);
                pos += 8;
                break;
            }
        } else {
            len = u32(pos + 4, es.bigEndian);
            pos += 8;
        }
        if (len == kUndefined) {
            if (pixelData && (!es.explicitVr || role == Role::Binary))
                push({kOpenEnded, Kind::PixelSequence, es, false, g, e});
            else if (!es.explicitVr || role == Role::Sequence)
                push({kOpenEnded, Kind::Sequence, es, false, g, e});
            else if (role == Role::Unknown) // CP-246: read as implicit VR little endian
                push({kOpenEnded, Kind::Sequence, Syntax{false, false}, false, g, e});
            else if (!wrongGuess())
                break; // DCMTK refuses an undefined length on any other VR
            continue;
        }
        const uint64_t end = pos + len;
        if (end > m_size) {
            if (wrongGuess())
                continue;
            m_overrun = {g, e, len, m_size - pos};
            break;
        }
        bool sequence = role == Role::Sequence;
        bool guessed = false;
        if (!es.explicitVr && !pixelData) {
            // Implicit VR: DCMTK takes the VR from its data dictionary; a private element's
            // creator may name a sequence in a private dictionary, so one that starts like a
            // sequence is walked as one.
            sequence = DcmTag(g, e).getEVR() == EVR_SQ;
            guessed = !sequence && (g & 1) && len >= 8 && u16(pos, es.bigEndian) == 0xFFFE &&
                      u16(pos + 2, es.bigEndian) == 0xE000;
        }
        if (sequence || guessed)
            push({end, Kind::Sequence, es, guessed, g, e});
        else
            pos = end;
    }
    return deepest;
}

} // namespace chexview
