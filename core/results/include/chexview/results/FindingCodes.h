#pragma once

#include "chexview/results/CodedConcept.h"

#include <QStringList>

namespace chexview {

/// The coded concepts chexview writes into (and recognizes in) AI result objects: the 14
/// ChestX-ray14 findings in SNOMED CT ("SCT") or DICOM ("DCM") where a code exists, otherwise in
/// chexview's private scheme kPrivateScheme (declared in CodingSchemeIdentificationSequence of
/// every object that uses it), plus the TID 1500 / TID 4019 / TID 1004 concept names used by
/// MeasurementReportWriter and ResultReader. The README lists each finding code and where it was
/// looked up. Pure, reentrant.
class FindingCodes
{
public:
    static constexpr const char* kPrivateScheme = "99CHEXVIEW";
    static constexpr const char* kPrivateSchemeName = "chexview private codes";

    /// The code for a ChestX-ray14 label ("Pleural_Thickening" as the manifest spells it); an
    /// invalid concept for a label it does not know.
    static CodedConcept forLabel(const QString& label);
    /// The ChestX-ray14 label of a code (matched by value and scheme), or "" when it is none.
    static QString labelFor(const CodedConcept& code);
    /// Every label with a code, in the ChestX-ray14 order.
    static QStringList labels();

    // Concept names (DICOM PS3.16, scheme DCM unless said otherwise).
    static CodedConcept imagingMeasurementReport();   ///< 126000, the TID 1500 root
    static CodedConcept language();                   ///< 121049
    static CodedConcept englishLanguage();            ///< en, RFC5646
    static CodedConcept observerType();               ///< 121005
    static CodedConcept device();                     ///< 121007
    static CodedConcept deviceObserverUid();          ///< 121012
    static CodedConcept deviceObserverName();         ///< 121013
    static CodedConcept deviceObserverManufacturer(); ///< 121014
    static CodedConcept deviceObserverModelName();    ///< 121015
    static CodedConcept procedureReported();          ///< 121058
    static CodedConcept chestImaging();               ///< SCT 413815006 "Chest imaging"
    static CodedConcept imageLibrary();               ///< 111028
    static CodedConcept imageLibraryGroup();          ///< 126200
    static CodedConcept imagingMeasurements();        ///< 126010
    static CodedConcept measurementGroup();           ///< 125007
    static CodedConcept trackingIdentifier();         ///< 112039
    static CodedConcept trackingUid();                ///< 112040
    static CodedConcept finding();                    ///< 121071
    static CodedConcept algorithmName();              ///< 111001
    static CodedConcept algorithmVersion();           ///< 111003
    static CodedConcept algorithmParameters();        ///< 111002
    static CodedConcept probability();                ///< 122157
    static CodedConcept thresholdValue();             ///< 122411
    static CodedConcept presenceOfProperty();         ///< 121052
    static CodedConcept present();                    ///< SCT 52101004
    static CodedConcept absent();                     ///< SCT 272519000
    static CodedConcept unitless();                   ///< UCUM "1"
    /// Private: the verdict of chexview's input gate on the analyzed image (TEXT).
    static CodedConcept inputGateVerdict();
    /// Private: the Parametric Map's quantity, Grad-CAM activation scaled to the map's maximum.
    static CodedConcept gradCamActivation();
    /// Private: the not-for-clinical-use notice (TEXT).
    static CodedConcept notice();
    /// UMLS C0034375 "Qualitative Evaluations", the TID 1500 container for them.
    static CodedConcept qualitativeEvaluations();
};

} // namespace chexview
