#pragma once

#include <QStringList>

#include <vector>

namespace chexview {

/// A study waiting to be read, as the triage order sees it: the model's score of each finding
/// (the study's highest over its frontal images) against the manifest's threshold, and how
/// long it has waited.
struct TriageItem
{
    QString patientId;
    QString studyUid;
    QStringList findings;           ///< names, same order as scores and thresholds
    std::vector<double> scores;     ///< [0, 1]
    std::vector<double> thresholds; ///< the manifest's operating points
    double waitedMinutes = 0.0;     ///< since acquisition; <= 0 when unknown
    /// Why the study has no scores (every image refused by the input gate, or failed); with
    /// it, `scores` may be empty. Such a study still has to be read: it is listed after the
    /// scored ones (aging and the maximum wait apply), never dropped.
    QString unscored;
};

/// One line of the ordered worklist.
struct TriageEntry
{
    int rank = 0; ///< 1..N
    QString patientId;
    QString studyUid;
    QString topFinding; ///< the finding that set the urgency (or the closest to its threshold)
    double score = 0.0;
    double threshold = 0.0;
    int level = 0;          ///< urgency level before aging (0 = most urgent)
    int effectiveLevel = 0; ///< after aging
    bool overdue = false;   ///< waited at least the maximum wait
    bool scored = true;     ///< false: TriageItem::unscored (no finding, score or threshold)
    QStringList reasons;    ///< why it is where it is, in words
};

/// The urgency order of a worklist (after Baltruschat et al., Eur Radiol 2021): a priority
/// list of findings, each entry one level ("Mass/Nodule": both share a level); a study's level
/// is that of its highest-priority finding at or above its threshold; positive findings not
/// in the list come after all listed ones, then studies with no positive finding, then studies
/// that could not be scored (TriageItem::unscored). Aging: each
/// full `agingStepMinutes` waited raises a study one level (to level 0 at most), and a study
/// that has waited `maxWaitMinutes` goes ahead of every study that has not (longest wait
/// first), so no study waits without bound. Ties: lower level before aging, then the larger
/// margin score - threshold, then the longer wait, then patient and study UID.
/// Pure; any thread.
class TriageOrder
{
public:
    struct Options
    {
        QStringList priority = defaultPriority();
        double agingStepMinutes = 60.0; ///< <= 0: no aging by steps
        double maxWaitMinutes = 240.0;  ///< <= 0: no maximum wait
    };

    /// Pneumothorax, Effusion, Infiltration, Edema, Atelectasis, Cardiomegaly, Mass/Nodule,
    /// Consolidation, Pneumonia, Emphysema, Pleural_Thickening, Fibrosis, Hernia.
    static QStringList defaultPriority();
    /// Splits "F1,F2/F3,..." into levels; throws StudyError(BadArgument) for a finding not in
    /// `known` or one named twice.
    static QList<QStringList> parsePriority(const QStringList& priority, const QStringList& known);
    /// The ordered list (ranks 1..N). Throws StudyError(BadArgument) for a bad priority list
    /// or an item whose vectors differ in length.
    static std::vector<TriageEntry> order(const std::vector<TriageItem>& items,
                                          const Options& options);
};

} // namespace chexview
