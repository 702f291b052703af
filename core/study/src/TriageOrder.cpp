#include "chexview/study/TriageOrder.h"

#include "chexview/study/StudyError.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace chexview {

QStringList TriageOrder::defaultPriority()
{
    return {QStringLiteral("Pneumothorax"),
            QStringLiteral("Effusion"),
            QStringLiteral("Infiltration"),
            QStringLiteral("Edema"),
            QStringLiteral("Atelectasis"),
            QStringLiteral("Cardiomegaly"),
            QStringLiteral("Mass/Nodule"),
            QStringLiteral("Consolidation"),
            QStringLiteral("Pneumonia"),
            QStringLiteral("Emphysema"),
            QStringLiteral("Pleural_Thickening"),
            QStringLiteral("Fibrosis"),
            QStringLiteral("Hernia")};
}

QList<QStringList> TriageOrder::parsePriority(const QStringList& priority, const QStringList& known)
{
    QList<QStringList> levels;
    QSet<QString> used;
    for (const QString& entry : priority) {
        QStringList level;
        for (const QString& raw : entry.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            const QString name = raw.trimmed();
            if (!known.contains(name))
                throw StudyError(
                    StudyError::Code::BadArgument,
                    QStringLiteral("unknown finding '%1' in the priority list (known: %2)")
                        .arg(name, known.join(QStringLiteral(", "))));
            if (used.contains(name))
                throw StudyError(
                    StudyError::Code::BadArgument,
                    QStringLiteral("finding '%1' named twice in the priority list").arg(name));
            used.insert(name);
            level << name;
        }
        if (!level.isEmpty())
            levels << level;
    }
    if (levels.isEmpty())
        throw StudyError(StudyError::Code::BadArgument, QStringLiteral("empty priority list"));
    return levels;
}

namespace {

struct Ranked
{
    TriageEntry entry;
    double margin = 0.0;
    double waited = 0.0;
};

QString fmt(double v)
{
    return QString::number(v, 'f', 2);
}

} // namespace

std::vector<TriageEntry> TriageOrder::order(const std::vector<TriageItem>& items,
                                            const Options& options)
{
    std::vector<Ranked> ranked;
    ranked.reserve(items.size());
    for (const TriageItem& item : items) {
        const bool unscored = item.scores.empty() && !item.unscored.isEmpty();
        if (!unscored && (item.scores.size() != size_t(item.findings.size()) ||
                          item.thresholds.size() != item.scores.size()))
            throw StudyError(StudyError::Code::BadArgument,
                             QStringLiteral("study %1: %2 findings, %3 scores, %4 thresholds")
                                 .arg(item.studyUid)
                                 .arg(item.findings.size())
                                 .arg(item.scores.size())
                                 .arg(item.thresholds.size()));
        const QList<QStringList> levels = parsePriority(options.priority, item.findings);
        const int unlisted = int(levels.size()), negative = unlisted + 1, notScored = negative + 1;
        Ranked r;
        r.entry.patientId = item.patientId;
        r.entry.studyUid = item.studyUid;
        r.waited = std::max(0.0, item.waitedMinutes);
        int level = unscored ? notScored : negative;
        int best = -1; // finding index that sets the level
        double bestMargin = -INFINITY;
        for (int k = 0; !unscored && k < item.findings.size(); ++k) {
            const double margin = item.scores[size_t(k)] - item.thresholds[size_t(k)];
            int l = unlisted;
            for (int j = 0; j < levels.size(); ++j)
                if (levels[j].contains(item.findings[k]))
                    l = j;
            const int candidate = margin >= 0.0 ? l : negative;
            if (candidate < level || (candidate == level && margin > bestMargin)) {
                level = candidate;
                best = k;
                bestMargin = margin;
            }
        }
        if (best < 0 && !item.findings.isEmpty() && !unscored)
            best = 0;
        r.margin = bestMargin;
        r.entry.level = level;
        if (best >= 0) {
            r.entry.topFinding = item.findings[best];
            r.entry.score = item.scores[size_t(best)];
            r.entry.threshold = item.thresholds[size_t(best)];
        }
        r.entry.scored = !unscored;
        if (unscored)
            r.entry.reasons << QStringLiteral("not scored: %1").arg(item.unscored);
        else if (level < unlisted)
            r.entry.reasons << QStringLiteral("%1 %2 >= threshold %3 (priority %4 of %5)")
                                   .arg(r.entry.topFinding, fmt(r.entry.score),
                                        fmt(r.entry.threshold))
                                   .arg(level + 1)
                                   .arg(levels.size());
        else if (level == unlisted)
            r.entry.reasons << QStringLiteral("%1 %2 >= threshold %3 (not in the priority list)")
                                   .arg(r.entry.topFinding, fmt(r.entry.score),
                                        fmt(r.entry.threshold));
        else
            r.entry.reasons << QStringLiteral(
                                   "no finding at or above its threshold (closest: %1 %2 "
                                   "< %3)")
                                   .arg(r.entry.topFinding, fmt(r.entry.score),
                                        fmt(r.entry.threshold));
        int boost = 0;
        if (options.agingStepMinutes > 0.0 && r.waited > 0.0)
            boost = int(std::min(1e6, std::floor(r.waited / options.agingStepMinutes)));
        r.entry.effectiveLevel = std::max(0, level - boost);
        if (r.entry.effectiveLevel < level)
            r.entry.reasons << QStringLiteral("waited %1 min: raised %2 level(s)")
                                   .arg(qRound(r.waited))
                                   .arg(level - r.entry.effectiveLevel);
        r.entry.overdue = options.maxWaitMinutes > 0.0 && r.waited >= options.maxWaitMinutes;
        if (r.entry.overdue)
            r.entry.reasons << QStringLiteral("waited %1 min >= maximum wait %2 min: read next")
                                   .arg(qRound(r.waited))
                                   .arg(qRound(options.maxWaitMinutes));
        ranked.push_back(std::move(r));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        if (a.entry.overdue != b.entry.overdue)
            return a.entry.overdue;
        if (a.entry.overdue && a.waited != b.waited)
            return a.waited > b.waited;
        if (a.entry.effectiveLevel != b.entry.effectiveLevel)
            return a.entry.effectiveLevel < b.entry.effectiveLevel;
        if (a.entry.level != b.entry.level)
            return a.entry.level < b.entry.level;
        if (a.margin != b.margin)
            return a.margin > b.margin;
        if (a.waited != b.waited)
            return a.waited > b.waited;
        if (a.entry.patientId != b.entry.patientId)
            return a.entry.patientId < b.entry.patientId;
        return a.entry.studyUid < b.entry.studyUid;
    });
    std::vector<TriageEntry> out;
    out.reserve(ranked.size());
    for (size_t i = 0; i < ranked.size(); ++i) {
        ranked[i].entry.rank = int(i) + 1;
        out.push_back(std::move(ranked[i].entry));
    }
    return out;
}

} // namespace chexview
