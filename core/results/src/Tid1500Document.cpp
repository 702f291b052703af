#include "Tid1500Document.h"
#include "StudyModule.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/ResultUids.h"

#include <QDateTime>
#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <stdexcept>

namespace chexview {

Tid1500Document::Tid1500Document(const SourceStudy& source, const QString& seriesDescription,
                                 const Observer& observer)
    : m_source(source), m_doc(DSRTypes::DT_Comprehensive3DSR), m_builder(m_doc.getTree())
{
    using L = SrTreeBuilder;
    m_doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8);
    m_doc.createNewSeriesInStudy(L::latin1(source.studyInstanceUid));
    m_doc.setSeriesDescription(L::utf8(seriesDescription));
    m_doc.setManufacturer("chexview");
    m_doc.setSeriesNumber("9900");
    m_doc.setInstanceNumber("1");

    DSRDocumentTree& tree = m_doc.getTree();
    SrTreeBuilder& b = m_builder;
    if (tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container) == 0)
        throw std::runtime_error("SR: no root");
    tree.getCurrentContentItem().setConceptName(L::coded(FindingCodes::imagingMeasurementReport()));
    tree.getCurrentContentItem().setTemplateIdentification("1500", "DCMR");

    // TID 1204 language, TID 1001 observation context with a device observer (TID 1004).
    b.code(DSRTypes::RT_hasConceptMod, FindingCodes::language(), FindingCodes::englishLanguage(),
           DSRTypes::AM_belowCurrent);
    b.code(DSRTypes::RT_hasObsContext, FindingCodes::observerType(), FindingCodes::device());
    b.uid(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverUid(), observer.uid);
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverName(), observer.name);
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverManufacturer(),
           observer.manufacturer);
    b.text(DSRTypes::RT_hasObsContext, FindingCodes::deviceObserverModelName(),
           observer.modelName.left(64));
    b.code(DSRTypes::RT_hasConceptMod, FindingCodes::procedureReported(),
           FindingCodes::chestImaging());

    // TID 1600 image library: the image the report is about.
    b.container(DSRTypes::RT_contains, FindingCodes::imageLibrary());
    b.container(DSRTypes::RT_contains, FindingCodes::imageLibraryGroup(),
                DSRTypes::AM_belowCurrent);
    b.image(DSRTypes::RT_contains, source.sopClassUid, source.sopInstanceUid,
            DSRTypes::AM_belowCurrent);
    b.up();
    b.up();
}

QString Tid1500Document::write(const QString& softwareVersion, const QString& outPath)
{
    using L = SrTreeBuilder;
    m_doc.getCodingSchemeIdentification().addItem(FindingCodes::kPrivateScheme, "",
                                                  FindingCodes::kPrivateSchemeName, "chexview");
    // Unchecked like the image references: the source's UIDs as it has them.
    const OFCondition listed = m_doc.getCurrentRequestedProcedureEvidence().addItem(
        L::latin1(m_source.studyInstanceUid), L::latin1(m_source.seriesInstanceUid),
        L::latin1(m_source.sopClassUid), L::latin1(m_source.sopInstanceUid), OFFalse);
    if (listed.bad())
        throw std::runtime_error(std::string("SR: evidence: ") + listed.text());

    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    const OFCondition written = m_doc.write(*ds);
    if (written.bad())
        throw std::runtime_error(std::string("SR: ") + written.text());
    writeStudyModule(m_source, *ds);
    const QString sopUid = ResultUids::newUid();
    ds->putAndInsertString(DCM_SOPInstanceUID, L::latin1(sopUid).c_str());
    ds->putAndInsertString(DCM_SeriesInstanceUID, L::latin1(ResultUids::newUid()).c_str());
    const QDateTime now = QDateTime::currentDateTime();
    ds->putAndInsertString(DCM_ContentDate, L::latin1(now.toString("yyyyMMdd")).c_str());
    ds->putAndInsertString(DCM_ContentTime, L::latin1(now.toString("HHmmss")).c_str());
    ds->putAndInsertString(DCM_SoftwareVersions, L::latin1(softwareVersion).c_str());
    // The SR's own text is UTF-8; the copied patient attributes keep the source's bytes, which
    // are valid UTF-8 whenever the source used ASCII or UTF-8.
    if (m_source.specificCharacterSet.isEmpty() ||
        m_source.specificCharacterSet.contains(QLatin1String("192")))
        ds->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    const OFCondition saved =
        file.saveFile(QFile::encodeName(outPath).constData(), EXS_LittleEndianExplicit);
    if (saved.bad())
        throw std::runtime_error(
            QStringLiteral("SR: cannot write %1: %2").arg(outPath, saved.text()).toStdString());
    return sopUid;
}

} // namespace chexview
