#pragma once

#include "chexview/study/PatientStudies.h"

#include <QList>

namespace chexview {

/// Groups instances patient -> study -> series and chooses each study's prior.
///
/// Keys: DICOM instances by PatientID, StudyInstanceUID, SeriesInstanceUID; an NIH PNG is its
/// own study and series (UID = the file's base name, patient = its prefix). Within a patient the
/// studies are ordered by (date, time) when dated, undated ones (NIH) first by follow-up number;
/// patients by ID. The prior of a study is the most recent study of the same patient that is
/// strictly earlier: dated studies against dated ones by date and time, undated ones by
/// follow-up number; a dated and an undated study never pair (no common clock), nor do two
/// studies with the same date and time. Pure; any thread.
class StudyGrouper
{
public:
    static QList<PatientStudies> group(const std::vector<StudyInstance>& instances);
    /// True when `a` comes before `b` in the patient's order (see above).
    static bool before(const Study& a, const Study& b);
    /// True when `earlier` can be the prior of `later` (strictly earlier on a common clock).
    static bool strictlyEarlier(const Study& earlier, const Study& later);
};

} // namespace chexview
