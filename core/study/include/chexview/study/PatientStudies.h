#pragma once

#include "chexview/study/StudyInstance.h"

#include <vector>

namespace chexview {

/// A series of a study: its instances in (instance number, path) order.
struct StudySeries
{
    QString seriesUid;
    int seriesNumber = 0;
    QString modality;
    QString viewPosition; ///< of the series' first instance that has one
    QString laterality;
    std::vector<StudyInstance> instances;
};

/// One study (one visit): its series in (series number, UID) order and the study it is read
/// against (the most recent earlier study of the same patient; empty for the first).
struct Study
{
    QString studyUid;
    QString date; ///< YYYYMMDD or empty
    QString time; ///< HHMMSS or empty
    QString description;
    QString modality;   ///< of the first series
    QString patientAge; ///< of the first instance that has one
    int followUp = -1;  ///< NIH follow-up number; -1 for DICOM
    QString priorStudyUid;
    std::vector<StudySeries> series;

    int imageCount() const
    {
        int n = 0;
        for (const StudySeries& s : series)
            n += int(s.instances.size());
        return n;
    }
};

/// A patient's studies, oldest first (see StudyGrouper for the order). Plain value type.
struct PatientStudies
{
    QString patientId;
    std::vector<Study> studies;

    /// The study with this UID, or nullptr.
    const Study* find(const QString& studyUid) const
    {
        for (const Study& s : studies)
            if (s.studyUid == studyUid)
                return &s;
        return nullptr;
    }
};

} // namespace chexview
