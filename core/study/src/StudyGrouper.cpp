#include "chexview/study/StudyGrouper.h"

#include <QMap>

#include <algorithm>

namespace chexview {

namespace {

bool dated(const Study& s)
{
    return !s.date.isEmpty();
}

QString when(const Study& s)
{
    return s.date + (s.time.isEmpty() ? QStringLiteral("000000") : s.time);
}

void fillSeries(StudySeries& series)
{
    std::sort(series.instances.begin(), series.instances.end(),
              [](const StudyInstance& a, const StudyInstance& b) {
                  if (a.instanceNumber != b.instanceNumber)
                      return a.instanceNumber < b.instanceNumber;
                  return a.path < b.path;
              });
    const StudyInstance& first = series.instances.front();
    series.seriesNumber = first.seriesNumber;
    series.modality = first.modality;
    for (const StudyInstance& i : series.instances) {
        if (series.viewPosition.isEmpty())
            series.viewPosition = i.viewPosition;
        if (series.laterality.isEmpty())
            series.laterality = i.laterality;
    }
}

} // namespace

bool StudyGrouper::before(const Study& a, const Study& b)
{
    if (dated(a) != dated(b))
        return !dated(a); // undated (NIH follow-ups) first
    if (dated(a) && when(a) != when(b))
        return when(a) < when(b);
    if (a.followUp != b.followUp)
        return a.followUp < b.followUp;
    return a.studyUid < b.studyUid;
}

bool StudyGrouper::strictlyEarlier(const Study& earlier, const Study& later)
{
    if (dated(earlier) && dated(later))
        return when(earlier) < when(later);
    if (!dated(earlier) && !dated(later))
        return earlier.followUp >= 0 && later.followUp >= 0 && earlier.followUp < later.followUp;
    return false;
}

QList<PatientStudies> StudyGrouper::group(const std::vector<StudyInstance>& instances)
{
    // patient -> study UID -> series UID -> instances (QMap: sorted keys, deterministic).
    QMap<QString, QMap<QString, QMap<QString, std::vector<StudyInstance>>>> tree;
    for (const StudyInstance& i : instances)
        tree[i.patientId][i.studyUid][i.seriesUid].push_back(i);

    QList<PatientStudies> out;
    for (auto p = tree.cbegin(); p != tree.cend(); ++p) {
        PatientStudies patient;
        patient.patientId = p.key();
        for (auto s = p.value().cbegin(); s != p.value().cend(); ++s) {
            Study study;
            study.studyUid = s.key();
            for (auto se = s.value().cbegin(); se != s.value().cend(); ++se) {
                StudySeries series;
                series.seriesUid = se.key();
                series.instances = se.value();
                fillSeries(series);
                study.series.push_back(std::move(series));
            }
            std::sort(study.series.begin(), study.series.end(),
                      [](const StudySeries& a, const StudySeries& b) {
                          if (a.seriesNumber != b.seriesNumber)
                              return a.seriesNumber < b.seriesNumber;
                          return a.seriesUid < b.seriesUid;
                      });
            // Study-level attributes: the first instance that has each one.
            for (const StudySeries& se : study.series)
                for (const StudyInstance& i : se.instances) {
                    if (study.date.isEmpty())
                        study.date = i.studyDate;
                    if (study.time.isEmpty())
                        study.time = i.studyTime;
                    if (study.description.isEmpty())
                        study.description = i.studyDescription;
                    if (study.patientAge.isEmpty())
                        study.patientAge = i.patientAge;
                    if (study.followUp < 0)
                        study.followUp = i.followUp;
                }
            study.modality = study.series.front().modality;
            patient.studies.push_back(std::move(study));
        }
        std::sort(patient.studies.begin(), patient.studies.end(), &StudyGrouper::before);
        // The prior: the most recent strictly earlier study on the same clock.
        for (size_t k = 0; k < patient.studies.size(); ++k) {
            for (size_t j = k; j-- > 0;) {
                if (strictlyEarlier(patient.studies[j], patient.studies[k])) {
                    patient.studies[k].priorStudyUid = patient.studies[j].studyUid;
                    break;
                }
            }
        }
        out.push_back(std::move(patient));
    }
    return out;
}

} // namespace chexview
