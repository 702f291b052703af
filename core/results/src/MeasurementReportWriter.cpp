#include "chexview/results/MeasurementReportWriter.h"
#include "Tid1500Document.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/ResultUids.h"

#include <stdexcept>

namespace chexview {

QString MeasurementReportWriter::write(const AnalysisResult& result, const SourceStudy& source,
                                       const ResultProvenance& provenance, const QString& outPath)
{
    if (result.isEmpty() || result.labels.size() != int(result.probabilities.size()) ||
        result.thresholds.size() != result.probabilities.size())
        throw std::runtime_error("SR: the analysis has no consistent findings");
    const Tid1500Document::Observer observer{
        ResultUids::fromName(QStringLiteral("chexview model ") + provenance.algorithmName +
                             QLatin1Char(' ') + provenance.packageSha256),
        QStringLiteral("chexview"), QStringLiteral("chexview"),
        provenance.algorithmName + QLatin1Char(' ') + provenance.algorithmVersion};
    Tid1500Document doc(source, QStringLiteral("chexview AI findings (not for clinical use)"),
                        observer);
    SrTreeBuilder& b = doc.builder();

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
        b.num(FindingCodes::probability(), double(result.probabilities[size_t(k)]),
              FindingCodes::unitless());
        // TID 300 -> TID 4019: which algorithm measured it.
        b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmName(), provenance.algorithmName,
               DSRTypes::AM_belowCurrent);
        b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmVersion(),
               provenance.algorithmVersion);
        for (const QString& p : provenance.parameters())
            b.text(DSRTypes::RT_hasConceptMod, FindingCodes::algorithmParameters(), p);
        b.up();
        b.num(FindingCodes::thresholdValue(), result.thresholds[size_t(k)],
              FindingCodes::unitless());
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
    return doc.write(provenance.softwareVersion, outPath);
}

} // namespace chexview
