#include "chexview/results/ParametricMapWriter.h"
#include "StudyModule.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/ParametricMapGrid.h"
#include "chexview/results/ResultUids.h"

#include <QDateTime>
#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <stdexcept>

namespace chexview {

namespace {

void put(DcmItem& item, const DcmTagKey& key, const QString& value)
{
    const OFCondition c = item.putAndInsertString(key, value.toUtf8().constData());
    if (c.bad())
        throw std::runtime_error(std::string("PM: ") + DcmTag(key).getTagName() + ": " + c.text());
}

DcmItem& newItem(DcmItem& parent, const DcmTagKey& sequence)
{
    DcmItem* item = nullptr;
    if (parent.findOrCreateSequenceItem(sequence, item, -2).bad() || !item)
        throw std::runtime_error(std::string("PM: cannot add ") + DcmTag(sequence).getTagName());
    return *item;
}

void putCode(DcmItem& parent, const DcmTagKey& sequence, const CodedConcept& c)
{
    DcmItem& item = newItem(parent, sequence);
    put(item, DCM_CodeValue, c.value);
    put(item, DCM_CodingSchemeDesignator, c.scheme);
    put(item, DCM_CodeMeaning, c.meaning);
}

void putSourceReference(DcmItem& parent, const DcmTagKey& sequence, const SourceStudy& s)
{
    DcmItem& item = newItem(parent, sequence);
    put(item, DCM_ReferencedSOPClassUID, s.sopClassUid);
    put(item, DCM_ReferencedSOPInstanceUID, s.sopInstanceUid);
}

} // namespace

QString ParametricMapWriter::write(const AnalysisResult& result, const SourceStudy& source,
                                   const ResultProvenance& provenance, const QString& outPath)
{
    const int frames = int(result.labels.size());
    if (result.isEmpty() || frames == 0 || result.cams.count() < frames)
        throw std::runtime_error("PM: the analysis has no heatmaps");
    const ParametricMapGrid grid = ParametricMapGrid::forImage(result.cams.geometry.imageWidth,
                                                               result.cams.geometry.imageHeight);
    std::vector<Float32> pixels;
    pixels.reserve(size_t(frames) * size_t(grid.rows) * size_t(grid.columns));
    for (int k = 0; k < frames; ++k) {
        const std::vector<float> frame = grid.sample(result, k);
        pixels.insert(pixels.end(), frame.begin(), frame.end());
    }

    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    writeStudyModule(source, ds);
    const QString sopUid = ResultUids::newUid();
    const QDateTime now = QDateTime::currentDateTime();
    put(ds, DCM_SOPClassUID, UID_ParametricMapStorage);
    put(ds, DCM_SOPInstanceUID, sopUid);
    put(ds, DCM_SeriesInstanceUID, ResultUids::newUid());
    put(ds, DCM_Modality, source.modality.isEmpty() ? QStringLiteral("OT") : source.modality);
    put(ds, DCM_SeriesNumber, QStringLiteral("9902"));
    put(ds, DCM_InstanceNumber, QStringLiteral("1"));
    // Laterality (Type 2C) only for a paired body part; a chest is not one.
    if (source.laterality == QLatin1String("R") || source.laterality == QLatin1String("L"))
        put(ds, DCM_Laterality, source.laterality);
    // Frame of Reference: the map's own (a projection radiograph has none to share). Its
    // patient coordinates are the source's pixel grid in mm (x along a row, y down a column,
    // the source's first pixel centre at the origin); an overlay needs only the pixel grid.
    put(ds, DCM_FrameOfReferenceUID, ResultUids::newUid());
    put(ds, DCM_PositionReferenceIndicator, QString());
    put(ds, DCM_SeriesDescription, QStringLiteral("chexview heatmaps (not for clinical use)"));
    put(ds, DCM_ContentDate, now.toString("yyyyMMdd"));
    put(ds, DCM_ContentTime, now.toString("HHmmss"));
    put(ds, DCM_InstanceCreationDate, now.toString("yyyyMMdd"));
    put(ds, DCM_InstanceCreationTime, now.toString("HHmmss"));
    // General and Enhanced General Equipment.
    put(ds, DCM_Manufacturer, QStringLiteral("chexview"));
    // Type 1 in Enhanced General Equipment: never empty.
    put(ds, DCM_ManufacturerModelName,
        provenance.algorithmName.isEmpty() ? QStringLiteral("unknown model")
                                           : provenance.algorithmName.left(64));
    put(ds, DCM_DeviceSerialNumber,
        provenance.packageSha256.isEmpty() ? QStringLiteral("unknown")
                                           : provenance.packageSha256.left(16));
    put(ds, DCM_SoftwareVersions,
        provenance.softwareVersion + QLatin1Char('\\') + provenance.algorithmVersion.left(64));
    // Parametric Map Image.
    const QString imageType = QStringLiteral("DERIVED\\PRIMARY\\STATIC\\RESAMPLED");
    put(ds, DCM_ImageType, imageType);
    put(ds, DCM_ContentLabel, QStringLiteral("GRADCAM"));
    put(ds, DCM_ContentDescription,
        QStringLiteral("Grad-CAM heatmaps of %1 (%2)")
            .arg(provenance.algorithmName, provenance.precision)
            .left(64));
    put(ds, DCM_ContentCreatorName, QString());
    put(ds, DCM_ContentQualification, QStringLiteral("RESEARCH"));
    put(ds, DCM_BurnedInAnnotation, QStringLiteral("NO"));
    put(ds, DCM_RecognizableVisualFeatures, QStringLiteral("NO"));
    put(ds, DCM_LossyImageCompression, QStringLiteral("00"));
    put(ds, DCM_PresentationLUTShape, QStringLiteral("IDENTITY"));
    put(ds, DCM_ImageComments, QStringLiteral("Not for clinical use."));
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    put(ds, DCM_PhotometricInterpretation, QStringLiteral("MONOCHROME2"));
    ds.putAndInsertUint16(DCM_Rows, Uint16(grid.rows));
    ds.putAndInsertUint16(DCM_Columns, Uint16(grid.columns));
    ds.putAndInsertUint16(DCM_BitsAllocated, 32);
    put(ds, DCM_NumberOfFrames, QString::number(frames));
    ds.insertEmptyElement(DCM_AcquisitionContextSequence); // Type 2: nothing known

    // Multi-frame Dimension: the frames are indexed by their Frame Label (the finding).
    const QString dimensionUid = ResultUids::newUid();
    DcmItem& org = newItem(ds, DCM_DimensionOrganizationSequence);
    put(org, DCM_DimensionOrganizationUID, dimensionUid);
    DcmItem& index = newItem(ds, DCM_DimensionIndexSequence);
    put(index, DCM_DimensionOrganizationUID, dimensionUid);
    index.putAndInsertTagKey(DCM_DimensionIndexPointer, DCM_FrameLabel);
    index.putAndInsertTagKey(DCM_FunctionalGroupPointer, DCM_FrameContentSequence);
    put(index, DCM_DimensionDescriptionLabel, QStringLiteral("Finding"));

    // Shared functional groups: pixel measures, the source as derivation image, anatomy.
    DcmItem& shared = newItem(ds, DCM_SharedFunctionalGroupsSequence);
    // Pixel spacing: the source's (1 mm when it states none) times the grid factor.
    double rowMm = 1.0, columnMm = 1.0;
    {
        const QStringList rc = source.pixelSpacing.split(QLatin1Char('\\'));
        bool okR = false, okC = false;
        const double r = rc.value(0).toDouble(&okR), c = rc.value(1).toDouble(&okC);
        if (okR && okC && r > 0 && c > 0 && r < 1e3 && c < 1e3) {
            rowMm = r;
            columnMm = c;
        }
    }
    DcmItem& measures = newItem(shared, DCM_PixelMeasuresSequence);
    put(measures, DCM_PixelSpacing,
        QStringLiteral("%1\\%2")
            .arg(rowMm * grid.factor, 0, 'g', 10)
            .arg(columnMm * grid.factor, 0, 'g', 10));
    put(measures, DCM_SliceThickness, QStringLiteral("1"));
    put(newItem(shared, DCM_PlaneOrientationSequence), DCM_ImageOrientationPatient,
        QStringLiteral("1\\0\\0\\0\\1\\0"));
    // A grid pixel's centre lies (factor - 1) / 2 source pixels past the source pixel's centre.
    put(newItem(shared, DCM_PlanePositionSequence), DCM_ImagePositionPatient,
        QStringLiteral("%1\\%2\\0")
            .arg(columnMm * (grid.factor - 1) / 2.0, 0, 'g', 10)
            .arg(rowMm * (grid.factor - 1) / 2.0, 0, 'g', 10));
    put(newItem(shared, DCM_ParametricMapFrameTypeSequence), DCM_FrameType, imageType);
    DcmItem& derivation = newItem(shared, DCM_DerivationImageSequence);
    put(derivation, DCM_DerivationDescription,
        QStringLiteral("Grad-CAM of %1 over the model's crop, resampled to the source grid / %2")
            .arg(provenance.algorithmName)
            .arg(grid.factor));
    putCode(
        derivation, DCM_DerivationCodeSequence,
        {QStringLiteral("113085"), QStringLiteral("DCM"), QStringLiteral("Spatial resampling")});
    DcmItem& sourceImage = newItem(derivation, DCM_SourceImageSequence);
    put(sourceImage, DCM_ReferencedSOPClassUID, source.sopClassUid);
    put(sourceImage, DCM_ReferencedSOPInstanceUID, source.sopInstanceUid);
    putCode(sourceImage, DCM_PurposeOfReferenceCodeSequence,
            {QStringLiteral("121322"), QStringLiteral("DCM"),
             QStringLiteral("Source image for image processing operation")});
    DcmItem& anatomy = newItem(shared, DCM_FrameAnatomySequence);
    putCode(anatomy, DCM_AnatomicRegionSequence,
            {QStringLiteral("51185008"), QStringLiteral("SCT"), QStringLiteral("Chest")});
    put(anatomy, DCM_FrameLaterality, QStringLiteral("U"));
    DcmItem& identity = newItem(shared, DCM_PixelValueTransformationSequence);
    put(identity, DCM_RescaleIntercept, QStringLiteral("0"));
    put(identity, DCM_RescaleSlope, QStringLiteral("1"));
    put(identity, DCM_RescaleType, QStringLiteral("US"));

    // Per frame: which finding, and how its values map to the real-world quantity.
    for (int k = 0; k < frames; ++k) {
        DcmItem& perFrame = newItem(ds, DCM_PerFrameFunctionalGroupsSequence);
        DcmItem& content = newItem(perFrame, DCM_FrameContentSequence);
        content.putAndInsertUint32(DCM_DimensionIndexValues, Uint32(k + 1));
        put(content, DCM_FrameLabel, result.labels[k].left(64));
        DcmItem& rwvm = newItem(perFrame, DCM_RealWorldValueMappingSequence);
        rwvm.putAndInsertFloat64(DCM_DoubleFloatRealWorldValueFirstValueMapped, 0.0);
        rwvm.putAndInsertFloat64(DCM_DoubleFloatRealWorldValueLastValueMapped, 1.0);
        put(rwvm, DCM_RealWorldValueIntercept, QStringLiteral("0"));
        put(rwvm, DCM_RealWorldValueSlope, QStringLiteral("1"));
        put(rwvm, DCM_LUTExplanation,
            QStringLiteral("%1 Grad-CAM, scaled to its maximum").arg(result.labels[k]).left(64));
        put(rwvm, DCM_LUTLabel, result.labels[k].left(16));
        putCode(rwvm, DCM_MeasurementUnitsCodeSequence, FindingCodes::unitless());
        DcmItem& quantity = newItem(rwvm, DCM_QuantityDefinitionSequence);
        put(quantity, DCM_ValueType, QStringLiteral("CODE"));
        putCode(quantity, DCM_ConceptNameCodeSequence,
                {QStringLiteral("246205007"), QStringLiteral("SCT"), QStringLiteral("Quantity")});
        putCode(quantity, DCM_ConceptCodeSequence, FindingCodes::gradCamActivation());
    }

    // Common Instance Reference: the source image.
    DcmItem& series = newItem(ds, DCM_ReferencedSeriesSequence);
    put(series, DCM_SeriesInstanceUID, source.seriesInstanceUid);
    putSourceReference(series, DCM_ReferencedInstanceSequence, source);
    DcmItem& scheme = newItem(ds, DCM_CodingSchemeIdentificationSequence);
    put(scheme, DCM_CodingSchemeDesignator, QLatin1String(FindingCodes::kPrivateScheme));
    put(scheme, DCM_CodingSchemeName, QLatin1String(FindingCodes::kPrivateSchemeName));
    put(scheme, DCM_CodingSchemeResponsibleOrganization, QStringLiteral("chexview"));

    const OFCondition added =
        ds.putAndInsertFloat32Array(DCM_FloatPixelData, pixels.data(), unsigned(pixels.size()));
    if (added.bad())
        throw std::runtime_error(std::string("PM: pixel data: ") + added.text());
    const OFCondition saved =
        file.saveFile(QFile::encodeName(outPath).constData(), EXS_LittleEndianExplicit);
    if (saved.bad())
        throw std::runtime_error(
            QStringLiteral("PM: cannot write %1: %2").arg(outPath, saved.text()).toStdString());
    return sopUid;
}

} // namespace chexview
