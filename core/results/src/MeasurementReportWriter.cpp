#include "chexview/results/MeasurementReportWriter.h"
#include "StudyModule.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/ResultUids.h"

#include <QDateTime>
#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <stdexcept>

namespace chexview {

namespace {

OFString latin1(const QString& s)
{
    return OFString(s.toLatin1().constData());
}

OFString utf8(const QString& s)
{
    return OFString(s.toUtf8().constData());
}

DSRCodedEntryValue coded(const CodedConcept& c)
{
    return DSRCodedEntryValue(latin1(c.value), latin1(c.scheme), utf8(c.meaning));
}

/// Adds content items to a DSRDocumentTree, each checked; the tree's cursor follows.
class TreeBuilder
{
public:
    explicit TreeBuilder(DSRDocumentTree& tree) : m_tree(tree) {}

    void add(DSRTypes::E_RelationshipType rel, DSRTypes::E_ValueType type,
             const CodedConcept& concept, DSRTypes::E_AddMode mode)
    {
        if (m_tree.addContentItem(rel, type, mode) == 0)
            throw std::runtime_error("SR: DCMTK refused a content item for " +
                                     concept.meaning.toStdString());
        check(m_tree.getCurrentContentItem().setConceptName(coded(concept)), concept);
    }
    void text(DSRTypes::E_RelationshipType rel, const CodedConcept& concept, const QString& value,
              DSRTypes::E_AddMode mode = DSRTypes::AM_afterCurrent)
    {
        add(rel, DSRTypes::VT_Text, concept, mode);
        check(m_tree.getCurrentContentItem().setStringValue(utf8(value)), concept);
    }
    void uid(DSRTypes::E_RelationshipType rel, const CodedConcept& concept, const QString& value,
             DSRTypes::E_AddMode mode = DSRTypes::AM_afterCurrent)
    {
        add(rel, DSRTypes::VT_UIDRef, concept, mode);
        check(m_tree.getCurrentContentItem().setStringValue(latin1(value)), concept);
    }
    void code(DSRTypes::E_RelationshipType rel, const CodedConcept& concept,
              const CodedConcept& value, DSRTypes::E_AddMode mode = DSRTypes::AM_afterCurrent)
    {
        add(rel, DSRTypes::VT_Code, concept, mode);
        check(m_tree.getCurrentContentItem().setCodeValue(coded(value)), concept);
    }
    void num(const CodedConcept& concept, double value,
             DSRTypes::E_AddMode mode = DSRTypes::AM_afterCurrent)
    {
        add(DSRTypes::RT_contains, DSRTypes::VT_Num, concept, mode);
        const DSRNumericMeasurementValue measured(latin1(QString::number(value, 'g', 9)),
                                                  coded(FindingCodes::unitless()));
        check(m_tree.getCurrentContentItem().setNumericValue(measured), concept);
    }
    void container(DSRTypes::E_RelationshipType rel, const CodedConcept& concept,
                   DSRTypes::E_AddMode mode = DSRTypes::AM_afterCurrent)
    {
        add(rel, DSRTypes::VT_Container, concept, mode);
    }
    void up() { m_tree.goUp(); }

private:
    static void check(const OFCondition& cond, const CodedConcept& concept)
    {
        if (cond.bad())
            throw std::runtime_error("SR: " + concept.meaning.toStdString() + ": " + cond.text());
    }
    DSRDocumentTree& m_tree;
};

} // namespace

QString MeasurementReportWriter::write(const AnalysisResult& result, const SourceStudy& source,
                                       const ResultProvenance& provenance, const QString& outPath)
{
    if (result.isEmpty() || result.labels.size() != int(result.probabilities.size()) ||
        result.thresholds.size() != result.probabilities.size())
        throw std::runtime_error("SR: the analysis has no consistent findings");
    DSRDocument doc(DSRTypes::DT_Comprehensive3DSR);
    doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8);
    doc.createNewSeriesInStudy(latin1(source.studyInstanceUid));
    doc.setSeriesDescription("chexview AI findings (not for clinical use)");
    doc.setManufacturer("chexview");
    doc.setSeriesNumber("9900");
    doc.setInstanceNumber("1");

    DSRDocumentTree& tree = doc.getTree();
    TreeBuilder b(tree);
    if (tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container) == 0)
        throw std::runtime_error("SR: no root");
    tree.getCurrentContentItem().setConceptName(coded(FindingCodes::imagingMeasurementReport()));
    tree.getCurrentContentItem().setTemplateIdentification("1500", "DCMR");

    // TID 1204 language, TID 1001 observation context with a device observer (TID 1004).
    b.code(DSRTypes::RT_hasConceptMod, FindingCodes::language(), FindingCodes::englishLanguage(),
           DSRTypes::AM_belowCurrent);
    b.code(DSRTypes::RT_hasObsContext, FindingCodes::observerType(), FindingCodes::device());
    b.uid(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverUid(),
          ResultUids::fromName(QStringLiteral("chexview model ") + provenance.algorithmName +
                               QLatin1Char(' ') + provenance.packageSha256));
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverName(),
           QStringLiteral("chexview"));
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverManufacturer(),
           QStringLiteral("chexview"));
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverModelName(),
           (provenance.algorithmName + QLatin1Char(' ') + provenance.algorithmVersion).left(64));
    b.code(DSRTypes::RT_hasConceptMod, FindingCodes::procedureReported(),
           FindingCodes::chestImaging());

    // TID 1600 image library: the analyzed image.
    b.container(DSRTypes::RT_contains, FindingCodes::imageLibrary());
    b.container(DSRTypes::RT_contains, FindingCodes::imageLibraryGroup(),
                DSRTypes::AM_belowCurrent);
    if (tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Image, DSRTypes::AM_belowCurrent) ==
        0)
        throw std::runtime_error("SR: no IMAGE item");
    tree.getCurrentContentItem().setImageReference(
        DSRImageReferenceValue(latin1(source.sopClassUid), latin1(source.sopInstanceUid)));
    b.up();
    b.up();

    // Imaging Measurements: one TID 1501 group per finding.
    b.container(DSRTypes::RT_contains, FindingCodes::imagingMeasurements());
    for (int k = 0; k < result.labels.size(); ++k) {
        const QString label = result.labels[k];
        CodedConcept findingCode = FindingCodes::forLabel(label);
        if (!findingCode.isValid()) // a package with other labels: keep them, privately coded
            findingCode = {QStringLiteral("CXV-F%1").arg(k), FindingCodes::kPrivateScheme, label};
        b.container(DSRTypes::RT_contains, FindingCodes::measurementGroup(),
                    k == 0 ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent);
        b.text(DSRTypes::RT_contains, FindingCodes::trackingIdentifier(), label,
               DSRTypes::AM_belowCurrent);
        b.uid(DSRTypes::RT_contains, FindingCodes::trackingUid(), ResultUids::newUid());
        b.code(DSRTypes::RT_contains, FindingCodes::finding(), findingCode);
        b.num(FindingCodes::probability(), double(result.probabilities[size_t(k)]));
        // TID 300 -> TID 4019: which algorithm measured it.
        b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmName(), provenance.algorithmName,
               DSRTypes::AM_belowCurrent);
        b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmVersion(),
               provenance.algorithmVersion);
        for (const QString& p : provenance.parameters())
            b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmParameters(), p);
        b.up();
        b.num(FindingCodes::thresholdValue(), result.thresholds[size_t(k)]);
        b.code(DSRTypes::RT_contains, FindingCodes::presenceOfProperty(),
               result.isPositive(k) ? FindingCodes::present() : FindingCodes::absent());
        b.up();
    }
    b.up();

    b.container(DSRTypes::RT_contains, FindingCodes::qualitativeEvaluations());
    b.text(DSRTypes::RT_contains, FindingCodes::notice(),
           provenance.trained
               ? QStringLiteral("Not for clinical use. Research, teaching and demonstration only.")
               : QStringLiteral("Not for clinical use. Untrained demonstration weights: the "
                                "scores are meaningless."),
           DSRTypes::AM_belowCurrent);
    if (!provenance.gateVerdict.isEmpty())
        b.text(DSRTypes::RT_contains, FindingCodes::inputGateVerdict(), provenance.gateVerdict);

    doc.getCodingSchemeIdentification().addItem(FindingCodes::kPrivateScheme, "",
                                                FindingCodes::kPrivateSchemeName, "chexview");
    doc.getCurrentRequestedProcedureEvidence().addItem(
        latin1(source.studyInstanceUid), latin1(source.seriesInstanceUid),
        latin1(source.sopClassUid), latin1(source.sopInstanceUid));

    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    const OFCondition written = doc.write(*ds);
    if (written.bad())
        throw std::runtime_error(std::string("SR: ") + written.text());
    writeStudyModule(source, *ds);
    const QString sopUid = ResultUids::newUid();
    ds->putAndInsertString(DCM_SOPInstanceUID, latin1(sopUid).c_str());
    ds->putAndInsertString(DCM_SeriesInstanceUID, latin1(ResultUids::newUid()).c_str());
    const QDateTime now = QDateTime::currentDateTime();
    ds->putAndInsertString(DCM_ContentDate, latin1(now.toString("yyyyMMdd")).c_str());
    ds->putAndInsertString(DCM_ContentTime, latin1(now.toString("HHmmss")).c_str());
    ds->putAndInsertString(DCM_SoftwareVersions, latin1(provenance.softwareVersion).c_str());
    // The SR's own text is UTF-8; the copied patient attributes keep the source's bytes, which
    // are valid UTF-8 whenever the source used ASCII or UTF-8.
    if (source.specificCharacterSet.isEmpty() ||
        source.specificCharacterSet.contains(QLatin1String("192")))
        ds->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    const OFCondition saved =
        file.saveFile(QFile::encodeName(outPath).constData(), EXS_LittleEndianExplicit);
    if (saved.bad())
        throw std::runtime_error(
            QStringLiteral("SR: cannot write %1: %2").arg(outPath, saved.text()).toStdString());
    return sopUid;
}

} // namespace chexview
