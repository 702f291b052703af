#include "chexview/results/StructuredReportWriter.h"
#include "StudyModule.h"
#include "chexview/results/ResultUids.h"

#include <QDateTime>
#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <stdexcept>

namespace chexview {

namespace {

DSRCodedEntryValue concept(const QString& code, const QString& meaning)
{
    return DSRCodedEntryValue(code.toLatin1().constData(), StructuredReportWriter::kCodingScheme,
                              meaning.toUtf8().constData());
}

void check(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("SR: cannot add ") + what);
}

} // namespace

QString StructuredReportWriter::write(const AnalysisResult& result, const SourceStudy& source,
                                      const QString& modelVersion, const QString& outPath)
{
    if (result.isEmpty() || result.labels.size() != int(result.probabilities.size()) ||
        result.thresholds.size() != result.probabilities.size())
        throw std::runtime_error("SR: the analysis has no consistent findings");
    DSRDocument doc(DSRTypes::DT_ComprehensiveSR);
    doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8);
    doc.createNewSeriesInStudy(source.studyInstanceUid.toLatin1().constData());
    doc.setSeriesDescription("chexview model findings (not for clinical use)");
    doc.setManufacturer("chexview");

    DSRDocumentTree& tree = doc.getTree();
    check(tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container) > 0, "root");
    tree.getCurrentContentItem().setConceptName(
        concept(QStringLiteral("CXV-REPORT"), QStringLiteral("Chest X-ray model findings")));

    auto addText = [&](const QString& code, const QString& meaning, const QString& value,
                       DSRTypes::E_AddMode mode) {
        check(tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, mode) > 0, "TEXT");
        tree.getCurrentContentItem().setConceptName(concept(code, meaning));
        tree.getCurrentContentItem().setStringValue(value.toUtf8().constData());
    };
    addText(QStringLiteral("CXV-NOTICE"), QStringLiteral("Notice"),
            QStringLiteral("Not for clinical use. Research, teaching and demonstration only."),
            DSRTypes::AM_belowCurrent);
    addText(QStringLiteral("CXV-MODEL"), QStringLiteral("Model name"), result.model,
            DSRTypes::AM_afterCurrent);
    addText(QStringLiteral("CXV-VERSION"), QStringLiteral("Model version"), modelVersion,
            DSRTypes::AM_afterCurrent);
    addText(QStringLiteral("CXV-PRECISION"), QStringLiteral("Precision"), result.precision,
            DSRTypes::AM_afterCurrent);
    addText(QStringLiteral("CXV-TRAINED"), QStringLiteral("Model trained"),
            result.trained ? QStringLiteral("yes")
                           : QStringLiteral("no (untrained weights: the scores are meaningless)"),
            DSRTypes::AM_afterCurrent);

    check(tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Image) > 0, "IMAGE");
    tree.getCurrentContentItem().setConceptName(
        concept(QStringLiteral("CXV-SOURCE"), QStringLiteral("Source image")));
    tree.getCurrentContentItem().setImageReference(DSRImageReferenceValue(
        source.sopClassUid.toLatin1().constData(), source.sopInstanceUid.toLatin1().constData()));

    const DSRCodedEntryValue unit("1", "UCUM", "no units");
    for (int k = 0; k < result.labels.size(); ++k) {
        const QString label = result.labels[k];
        check(tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Num) > 0, "NUM");
        tree.getCurrentContentItem().setConceptName(concept(
            QStringLiteral("CXV-") + label.toUpper(), label + QStringLiteral(" probability")));
        tree.getCurrentContentItem().setNumericValue(DSRNumericMeasurementValue(
            QString::number(double(result.probabilities[size_t(k)]), 'f', 6).toLatin1().constData(),
            unit));
        check(tree.addContentItem(DSRTypes::RT_hasProperties, DSRTypes::VT_Num,
                                  DSRTypes::AM_belowCurrent) > 0,
              "threshold NUM");
        tree.getCurrentContentItem().setConceptName(
            concept(QStringLiteral("CXV-THRESHOLD"), QStringLiteral("Operating threshold")));
        tree.getCurrentContentItem().setNumericValue(DSRNumericMeasurementValue(
            QString::number(result.thresholds[size_t(k)], 'f', 6).toLatin1().constData(), unit));
        tree.goUp();
    }

    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    const OFCondition written = doc.write(*ds);
    if (written.bad())
        throw std::runtime_error(std::string("SR: ") + written.text());
    writeStudyModule(source, *ds);
    const QString sopUid = ResultUids::newUid();
    ds->putAndInsertString(DCM_SOPInstanceUID, sopUid.toLatin1().constData());
    ds->putAndInsertString(DCM_SeriesInstanceUID, ResultUids::newUid().toLatin1().constData());
    ds->putAndInsertString(DCM_SeriesNumber, "9900");
    ds->putAndInsertString(DCM_InstanceNumber, "1");
    const QDateTime now = QDateTime::currentDateTime();
    ds->putAndInsertString(DCM_ContentDate, now.toString("yyyyMMdd").toLatin1().constData());
    ds->putAndInsertString(DCM_ContentTime, now.toString("HHmmss").toLatin1().constData());
    // The SR's own character set is UTF-8; the copied patient attributes keep the source's
    // bytes, which are valid UTF-8 whenever the source used ASCII or UTF-8.
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
