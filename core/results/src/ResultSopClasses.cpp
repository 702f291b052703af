#include "chexview/results/ResultSopClasses.h"

#include <dcmtk/dcmdata/dcuid.h>

namespace chexview {

QStringList ResultSopClasses::all()
{
    return {QLatin1String(UID_ComprehensiveSRStorage), QLatin1String(UID_EnhancedSRStorage),
            QLatin1String(UID_Comprehensive3DSRStorage), QLatin1String(UID_ParametricMapStorage),
            QLatin1String(UID_SegmentationStorage)};
}

bool ResultSopClasses::isResult(const QString& sopClassUid)
{
    return all().contains(sopClassUid);
}

bool ResultSopClasses::isReport(const QString& sopClassUid)
{
    return sopClassUid == QLatin1String(UID_ComprehensiveSRStorage) ||
           sopClassUid == QLatin1String(UID_EnhancedSRStorage) ||
           sopClassUid == QLatin1String(UID_Comprehensive3DSRStorage);
}

bool ResultSopClasses::isParametricMap(const QString& sopClassUid)
{
    return sopClassUid == QLatin1String(UID_ParametricMapStorage);
}

bool ResultSopClasses::isSegmentation(const QString& sopClassUid)
{
    return sopClassUid == QLatin1String(UID_SegmentationStorage);
}

} // namespace chexview
