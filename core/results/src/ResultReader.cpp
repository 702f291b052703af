#include "chexview/results/ResultReader.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/MeasurementCodes.h"
#include "chexview/results/ResultError.h"
#include "chexview/results/ResultSopClasses.h"

#include <QFile>
#include <QFileInfo>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <limits>

namespace chexview {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxDepth = 64;

QString str(DcmItem& item, const DcmTagKey& key)
{
    OFString v;
    item.findAndGetOFStringArray(key, v);
    return QString::fromUtf8(v.c_str()).trimmed();
}

DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequence)
{
    DcmItem* out = nullptr;
    return item.findAndGetSequenceItem(sequence, out, 0).good() ? out : nullptr;
}

CodedConcept codeIn(DcmItem& item, const DcmTagKey& sequence)
{
    DcmItem* c = firstItem(item, sequence);
    if (!c)
        return {};
    return {str(*c, DCM_CodeValue), str(*c, DCM_CodingSchemeDesignator), str(*c, DCM_CodeMeaning)};
}

bool is(const CodedConcept& a, const CodedConcept& b)
{
    return a.sameCode(b);
}

double numberOf(DcmItem& item)
{
    DcmItem* measured = firstItem(item, DCM_MeasuredValueSequence);
    if (!measured)
        return kNaN;
    Float64 precise = 0;
    if (measured->findAndGetFloat64(DCM_FloatingPointValue, precise).good() &&
        std::isfinite(precise))
        return precise;
    bool ok = false;
    const double v = str(*measured, DCM_NumericValue).toDouble(&ok);
    return ok && std::isfinite(v) ? v : kNaN;
}

/// A SCOORD item's graphic type and data (an odd number of values drops the last one).
StoredResult::Scoord scoordOf(DcmItem& item)
{
    StoredResult::Scoord sc;
    sc.graphicType = str(item, DCM_GraphicType);
    const Float32* data = nullptr;
    unsigned long n = 0;
    if (item.findAndGetFloat32Array(DCM_GraphicData, data, &n).good() && data)
        for (unsigned long i = 0; i + 1 < n; i += 2)
            sc.points << QPointF(double(data[i]), double(data[i + 1]));
    if (DcmItem* image = firstItem(item, DCM_ContentSequence))
        if (DcmItem* ref = firstItem(*image, DCM_ReferencedSOPSequence))
            sc.imageSopInstanceUid = str(*ref, DCM_ReferencedSOPInstanceUID);
    return sc;
}

struct Group
{
    QString trackingId;
    QString trackingUid;
    QList<StoredResult::Value> values;
    QStringList notes;
    bool spatial = false; ///< a NUM inferred from a SCOORD
    CodedConcept finding;
    double probability = kNaN;
    double firstOtherNumber = kNaN;
    double threshold = kNaN;
    int positive = -1;
};

class SrWalker
{
public:
    explicit SrWalker(StoredResult& out) : m_out(out) {}

    void walk(DcmItem& item, int depth, Group* group)
    {
        if (depth > kMaxDepth)
            throw ResultError(ResultError::Code::Malformed,
                              QStringLiteral("content tree deeper than %1 levels").arg(kMaxDepth));
        DcmSequenceOfItems* children = nullptr;
        if (item.findAndGetSequence(DCM_ContentSequence, children).bad() || !children)
            return;
        for (unsigned long i = 0; i < children->card(); ++i) {
            DcmItem* child = children->getItem(i);
            if (child)
                visit(*child, depth + 1, group);
        }
    }

private:
    void visit(DcmItem& item, int depth, Group* group)
    {
        const QString type = str(item, DCM_ValueType);
        const CodedConcept concept = codeIn(item, DCM_ConceptNameCodeSequence);
        if (type == QLatin1String("CONTAINER") && is(concept, FindingCodes::measurementGroup())) {
            Group g;
            walk(item, depth, &g);
            addGroup(g);
            return;
        }
        if (type == QLatin1String("SCOORD") && m_value) {
            m_value->scoords << scoordOf(item);
            if (group)
                group->spatial = true;
            return;
        }
        if (type == QLatin1String("TEXT")) {
            const QString text = str(item, DCM_TextValue);
            if (is(concept, MeasurementCodes::calibrationText()))
                m_out.calibrationText = text;
            else if (is(concept, FindingCodes::algorithmName()) && m_out.algorithmName.isEmpty())
                m_out.algorithmName = text;
            else if (is(concept, FindingCodes::algorithmVersion()) &&
                     m_out.algorithmVersion.isEmpty())
                m_out.algorithmVersion = text;
            else if (is(concept, FindingCodes::inputGateVerdict()))
                m_out.gateVerdict = text;
            else if (group && is(concept, FindingCodes::trackingIdentifier()))
                group->trackingId = text;
            else if (group && is(concept, MeasurementCodes::measurementNote()))
                group->notes << text;
        } else if (type == QLatin1String("UIDREF") && group &&
                   is(concept, FindingCodes::trackingUid())) {
            group->trackingUid = str(item, DCM_UID);
        } else if (type == QLatin1String("CODE") && group) {
            const CodedConcept value = codeIn(item, DCM_ConceptCodeSequence);
            if (m_value && is(concept, MeasurementCodes::measurementMethod()))
                m_value->method = value;
            else if (is(concept, FindingCodes::finding()))
                group->finding = value;
            else if (is(concept, FindingCodes::presenceOfProperty()))
                group->positive = is(value, FindingCodes::present())  ? 1
                                  : is(value, FindingCodes::absent()) ? 0
                                                                      : -1;
        } else if (type == QLatin1String("NUM") && group) {
            const double v = numberOf(item);
            if (is(concept, FindingCodes::probability()))
                group->probability = v;
            else if (is(concept, FindingCodes::thresholdValue()))
                group->threshold = v;
            else if (std::isnan(group->firstOtherNumber))
                group->firstOtherNumber = v;
            StoredResult::Value value;
            value.concept = concept;
            value.name = MeasurementCodes::valueName(concept);
            value.value = v;
            if (DcmItem* measured = firstItem(item, DCM_MeasuredValueSequence))
                value.unit = codeIn(*measured, DCM_MeasurementUnitsCodeSequence);
            StoredResult::Value* outer = m_value;
            m_value = &value;
            walk(item, depth, group);
            m_value = outer;
            group->values << value;
            return;
        } else if (type == QLatin1String("IMAGE") && m_out.sourceSopInstanceUid.isEmpty()) {
            if (DcmItem* ref = firstItem(item, DCM_ReferencedSOPSequence))
                m_out.sourceSopInstanceUid = str(*ref, DCM_ReferencedSOPInstanceUID);
        }
        walk(item, depth, group);
    }

    void addGroup(const Group& g)
    {
        if (g.spatial && std::isnan(g.probability)) { // a measurement, not a finding
            m_out.measurements << StoredResult::MeasurementGroup{g.trackingId, g.trackingUid,
                                                                 g.values, g.notes};
            return;
        }
        QString label = FindingCodes::labelFor(g.finding);
        if (label.isEmpty())
            label = !g.finding.meaning.isEmpty() ? g.finding.meaning : g.trackingId;
        if (label.isEmpty())
            return; // a group about nothing we can name
        m_out.labels << label;
        m_out.probabilities.push_back(std::isnan(g.probability) ? g.firstOtherNumber
                                                                : g.probability);
        m_out.thresholds.push_back(g.threshold);
        m_out.positive.push_back(g.positive);
    }

    StoredResult& m_out;
    StoredResult::Value* m_value = nullptr; ///< the NUM whose children are being read
};

void readReport(DcmDataset& ds, StoredResult& out)
{
    const CodedConcept root = codeIn(ds, DCM_ConceptNameCodeSequence);
    if (str(ds, DCM_ValueType) != QLatin1String("CONTAINER") ||
        !is(root, FindingCodes::imagingMeasurementReport()))
        throw ResultError(ResultError::Code::NotAResult,
                          QStringLiteral("a Structured Report, but not a TID 1500 Imaging "
                                         "Measurement Report (root: %1)")
                              .arg(root.meaning.isEmpty() ? QStringLiteral("none") : root.meaning));
    SrWalker(out).walk(ds, 0, nullptr);
    if (out.sourceSopInstanceUid.isEmpty()) {
        if (DcmItem* study = firstItem(ds, DCM_CurrentRequestedProcedureEvidenceSequence))
            if (DcmItem* series = firstItem(*study, DCM_ReferencedSeriesSequence))
                if (DcmItem* sop = firstItem(*series, DCM_ReferencedSOPSequence))
                    out.sourceSopInstanceUid = str(*sop, DCM_ReferencedSOPInstanceUID);
    }
    if (out.labels.isEmpty() && out.measurements.isEmpty())
        throw ResultError(ResultError::Code::Malformed,
                          QStringLiteral("a TID 1500 report without measurement groups"));
}

void readParametricMap(DcmDataset& ds, StoredResult& out)
{
    Uint16 rows = 0, columns = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, columns);
    Sint32 frames = 1;
    ds.findAndGetSint32(DCM_NumberOfFrames, frames);
    if (rows == 0 || columns == 0 || frames <= 0)
        throw ResultError(ResultError::Code::Malformed,
                          QStringLiteral("a Parametric Map without rows, columns or frames"));
    const qint64 count = qint64(rows) * qint64(columns) * qint64(frames);
    if (count * 8 > ResultReader::kMaxPixelBytes)
        throw ResultError(ResultError::Code::TooLarge,
                          QStringLiteral("%1 x %2 x %3 values").arg(rows).arg(columns).arg(frames));
    out.rows = rows;
    out.columns = columns;
    out.frames.assign(size_t(count), 0.0f);
    const Float32* f32 = nullptr;
    const Float64* f64 = nullptr;
    const Uint16* u16 = nullptr;
    unsigned long n = 0;
    if (ds.findAndGetFloat32Array(DCM_FloatPixelData, f32, &n).good() && f32) {
        if (qint64(n) != count)
            throw ResultError(
                ResultError::Code::Malformed,
                QStringLiteral("Float Pixel Data holds %1 values, not %2").arg(n).arg(count));
        std::copy(f32, f32 + n, out.frames.begin());
    } else if (ds.findAndGetFloat64Array(DCM_DoubleFloatPixelData, f64, &n).good() && f64) {
        if (qint64(n) != count)
            throw ResultError(ResultError::Code::Malformed,
                              QStringLiteral("Double Float Pixel Data holds %1 values, not %2")
                                  .arg(n)
                                  .arg(count));
        for (qint64 i = 0; i < count; ++i)
            out.frames[size_t(i)] = float(f64[i]);
    } else if (ds.findAndGetUint16Array(DCM_PixelData, u16, &n).good() && u16) {
        if (qint64(n) < count)
            throw ResultError(
                ResultError::Code::Malformed,
                QStringLiteral("Pixel Data holds %1 values, not %2").arg(n).arg(count));
        for (qint64 i = 0; i < count; ++i)
            out.frames[size_t(i)] = float(u16[i]);
    } else {
        throw ResultError(ResultError::Code::Malformed,
                          QStringLiteral("a Parametric Map without pixel data"));
    }
    DcmSequenceOfItems* perFrame = nullptr;
    ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
    for (Sint32 k = 0; k < frames; ++k) {
        QString label;
        DcmItem* group = perFrame ? perFrame->getItem(unsigned(k)) : nullptr;
        if (group) {
            if (DcmItem* content = firstItem(*group, DCM_FrameContentSequence))
                label = str(*content, DCM_FrameLabel);
            if (label.isEmpty())
                if (DcmItem* rwvm = firstItem(*group, DCM_RealWorldValueMappingSequence))
                    label = str(*rwvm, DCM_LUTLabel);
        }
        out.labels << (label.isEmpty() ? QStringLiteral("frame %1").arg(k + 1) : label);
        // What a Parametric Map tells about a finding: its strongest activation.
        const auto begin = out.frames.begin() + long(qint64(k) * rows * columns);
        out.probabilities.push_back(double(*std::max_element(begin, begin + long(rows) * columns)));
        out.thresholds.push_back(kNaN);
        out.positive.push_back(-1);
    }
    out.algorithmName = str(ds, DCM_ManufacturerModelName);
    OFString version;
    if (ds.findAndGetOFString(DCM_SoftwareVersions, version, 1).good())
        out.algorithmVersion = QString::fromUtf8(version.c_str()).trimmed();
    if (DcmItem* series = firstItem(ds, DCM_ReferencedSeriesSequence))
        if (DcmItem* sop = firstItem(*series, DCM_ReferencedInstanceSequence))
            out.sourceSopInstanceUid = str(*sop, DCM_ReferencedSOPInstanceUID);
}

} // namespace

bool ResultReader::isResultFile(const QString& path)
{
    DcmFileFormat file;
    if (file.loadFileUntilTag(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown,
                              EGL_noChange, 4096, ERM_autoDetect, DCM_SOPInstanceUID)
            .bad())
        return false;
    return ResultSopClasses::isResult(str(*file.getDataset(), DCM_SOPClassUID));
}

StoredResult ResultReader::read(const QString& path)
{
    if (!QFileInfo(path).isFile())
        throw ResultError(ResultError::Code::NotFound, path + QStringLiteral(": no such file"));
    DcmFileFormat file;
    const OFCondition cond = file.loadFile(OFFilename(QFile::encodeName(path).constData()));
    if (cond.bad())
        throw ResultError(ResultError::Code::NotDicom,
                          QStringLiteral("%1: not a DICOM file (%2)").arg(path, cond.text()));
    DcmDataset& ds = *file.getDataset();
    StoredResult out;
    out.path = path;
    out.sopClassUid = str(ds, DCM_SOPClassUID);
    out.sopInstanceUid = str(ds, DCM_SOPInstanceUID);
    out.studyInstanceUid = str(ds, DCM_StudyInstanceUID);
    out.seriesDescription = str(ds, DCM_SeriesDescription);
    if (ResultSopClasses::isParametricMap(out.sopClassUid)) {
        out.kind = StoredResult::Kind::ParametricMap;
        readParametricMap(ds, out);
    } else if (ResultSopClasses::isReport(out.sopClassUid)) {
        out.kind = StoredResult::Kind::MeasurementReport;
        readReport(ds, out);
    } else if (ResultSopClasses::isSegmentation(out.sopClassUid)) {
        throw ResultError(ResultError::Code::NotAResult,
                          QStringLiteral("%1: a Segmentation (an AI result chexview finds and "
                                         "retrieves, but reads only TID 1500 reports and "
                                         "Parametric Maps)")
                              .arg(path));
    } else {
        throw ResultError(ResultError::Code::NotAResult,
                          QStringLiteral("%1: SOP class %2 is neither a Comprehensive, Enhanced "
                                         "or Comprehensive 3D SR nor a Parametric Map")
                              .arg(path, out.sopClassUid));
    }
    return out;
}

} // namespace chexview
