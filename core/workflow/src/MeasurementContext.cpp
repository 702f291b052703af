#include "chexview/workflow/MeasurementContext.h"

#include <QFileInfo>

namespace chexview {

MeasurementContext MeasurementContext::forImage(const ImageMetadata& meta, const QString& path,
                                                QSize stored, const DataEntryIndex* dataEntry)
{
    MeasurementContext c;
    c.calibration = PixelCalibration::fromMetadata(meta);
    c.view = meta.viewPosition;
    // A DICOM file speaks for itself; Data_Entry describes NIH's PNGs only.
    if (!dataEntry || meta.format == QLatin1String("DICOM"))
        return c;
    const LabelRecord* row = dataEntry->find(QFileInfo(path).fileName());
    if (!row)
        return c;
    if (!c.calibration.calibrated())
        c.calibration = PixelCalibration::fromOriginalSpacing(
            row->spacingXMm, row->spacingYMm, {row->originalWidth, row->originalHeight}, stored);
    if (c.view.isEmpty())
        c.view = row->view;
    return c;
}

} // namespace chexview
