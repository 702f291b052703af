#include "chexview/eval/ResearchFormatter.h"

#include "chexview/dataset/ChestXray14.h"

#include <QJsonArray>

#include <cmath>

namespace chexview {

namespace {

QString fixed(double v, int decimals, int width = 0)
{
    const QString s = std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals);
    return width ? s.rightJustified(width) : s;
}
QString csvNumber(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', 10);
}
QJsonValue jsonNumber(double v)
{
    return std::isnan(v) ? QJsonValue() : QJsonValue(v);
}

} // namespace

QString ResearchFormatter::localizationTable(const std::vector<LocalizationSummary>& s, int images,
                                             double fraction)
{
    QString t = QStringLiteral("\nLocalization on %1 images with expert boxes (pointing game; IoU "
                               "of the heatmap >= %2 of its maximum with the box)\n")
                    .arg(images)
                    .arg(fraction);
    t += QStringLiteral("%1 %2 %3 %4 %5\n")
             .arg(QStringLiteral("Finding"), -19)
             .arg(QStringLiteral("Hits"), 5)
             .arg(QStringLiteral("N"), 5)
             .arg(QStringLiteral("HitRate"), 8)
             .arg(QStringLiteral("MeanIoU"), 8);
    for (const LocalizationSummary& x : s)
        if (x.n > 0)
            t += QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(x.finding, -19)
                     .arg(x.hits, 5)
                     .arg(x.n, 5)
                     .arg(fixed(x.hitRate, 3, 8), fixed(x.meanIou, 3, 8));
    return t;
}

QString ResearchFormatter::localizationCsv(const std::vector<LocalizationSummary>& s)
{
    QString t = QStringLiteral("finding,hits,n,hit_rate,mean_iou\n");
    for (const LocalizationSummary& x : s)
        if (x.n > 0)
            t += QStringLiteral("%1,%2,%3,%4,%5\n")
                     .arg(x.finding)
                     .arg(x.hits)
                     .arg(x.n)
                     .arg(csvNumber(x.hitRate), csvNumber(x.meanIou));
    return t;
}

QString ResearchFormatter::localizationCasesCsv(const std::vector<LocalizationCase>& cases)
{
    QString t = QStringLiteral("image,finding,hit,iou,peak_x,peak_y,boxes\n");
    for (const LocalizationCase& c : cases)
        t += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                 .arg(c.image, chestXray14Findings()[c.finding])
                 .arg(int(c.hit))
                 .arg(csvNumber(c.iou), csvNumber(c.peak.x()), csvNumber(c.peak.y()))
                 .arg(c.boxes);
    return t;
}

QJsonObject ResearchFormatter::localizationJson(const std::vector<LocalizationSummary>& s,
                                                const std::vector<LocalizationCase>& cases,
                                                double fraction)
{
    QJsonArray findings, list;
    for (const LocalizationSummary& x : s)
        if (x.n > 0)
            findings.append(QJsonObject{{QStringLiteral("finding"), x.finding},
                                        {QStringLiteral("hits"), x.hits},
                                        {QStringLiteral("n"), x.n},
                                        {QStringLiteral("hit_rate"), jsonNumber(x.hitRate)},
                                        {QStringLiteral("mean_iou"), jsonNumber(x.meanIou)}});
    for (const LocalizationCase& c : cases)
        list.append(QJsonObject{{QStringLiteral("image"), c.image},
                                {QStringLiteral("finding"), chestXray14Findings()[c.finding]},
                                {QStringLiteral("hit"), c.hit},
                                {QStringLiteral("iou"), c.iou}});
    return {{QStringLiteral("heatmap_threshold"), fraction},
            {QStringLiteral("findings"), findings},
            {QStringLiteral("cases"), list}};
}

QString ResearchFormatter::comparisonTable(const ComparisonReport& r)
{
    QString t = QStringLiteral("\nCompare A = %1 with B = %2 on %3 images (threshold %4; paired "
                               "%5 patient resamples, seed %6)\n")
                    .arg(r.nameA, r.nameB)
                    .arg(r.images.size())
                    .arg(r.options.threshold.describe())
                    .arg(r.options.bootstrap)
                    .arg(r.options.seed);
    t += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
             .arg(QStringLiteral("Finding"), -19)
             .arg(QStringLiteral("AUROC A"), 8)
             .arg(QStringLiteral("AUROC B"), 8)
             .arg(QStringLiteral("B-A"), 8)
             .arg(QStringLiteral("95% CI of B-A"), -20)
             .arg(QStringLiteral("max|dp|"), 8)
             .arg(QStringLiteral("Flips"), 6);
    for (const FindingComparison& f : r.findings) {
        const QString ci =
            std::isnan(f.ciLow)
                ? QStringLiteral("n/a")
                : QStringLiteral("[%1, %2]").arg(f.ciLow, 0, 'f', 4).arg(f.ciHigh, 0, 'f', 4);
        t += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                 .arg(f.finding, -19)
                 .arg(fixed(f.aurocA, 4, 8), fixed(f.aurocB, 4, 8), fixed(f.delta, 4, 8))
                 .arg(ci, -20)
                 .arg(fixed(f.maxAbsDelta, 4, 8))
                 .arg(f.flips, 6);
    }
    t += QStringLiteral("Mean AUROC over %1 findings: A %2, B %3 (B-A %4); %5 verdicts flip\n")
             .arg(r.meanOver)
             .arg(fixed(r.meanA, 4), fixed(r.meanB, 4), fixed(r.meanB - r.meanA, 4))
             .arg(r.flips.size());
    return t;
}

QString ResearchFormatter::comparisonCsv(const ComparisonReport& r)
{
    QString t = QStringLiteral("finding,auroc_a,auroc_b,delta,delta_ci_low,delta_ci_high,"
                               "max_abs_dp,max_abs_dp_image,threshold,flips,flips_to_positive\n");
    for (const FindingComparison& f : r.findings)
        t += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                 .arg(f.finding, csvNumber(f.aurocA), csvNumber(f.aurocB), csvNumber(f.delta),
                      csvNumber(f.ciLow), csvNumber(f.ciHigh), csvNumber(f.maxAbsDelta),
                      f.maxAbsDeltaIndex >= 0 ? r.images[f.maxAbsDeltaIndex] : QString(),
                      csvNumber(f.threshold))
                 .arg(f.flips)
                 .arg(f.flipsToPositive);
    return t;
}

QString ResearchFormatter::flipsCsv(const ComparisonReport& r)
{
    QString t = QStringLiteral("finding,image,p_a,p_b,threshold,verdict_a,verdict_b,truth\n");
    for (const VerdictFlip& f : r.flips) {
        const double th = r.findings[size_t(f.finding)].threshold;
        t += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                 .arg(chestXray14Findings()[f.finding], r.images[f.index], csvNumber(f.a),
                      csvNumber(f.b), csvNumber(th))
                 .arg(int(f.a >= th))
                 .arg(int(f.b >= th))
                 .arg(int(f.truth));
    }
    return t;
}

QJsonObject ResearchFormatter::comparisonJson(const ComparisonReport& r)
{
    QJsonArray findings;
    for (const FindingComparison& f : r.findings)
        findings.append(QJsonObject{
            {QStringLiteral("finding"), f.finding},
            {QStringLiteral("auroc_a"), jsonNumber(f.aurocA)},
            {QStringLiteral("auroc_b"), jsonNumber(f.aurocB)},
            {QStringLiteral("delta"), jsonNumber(f.delta)},
            {QStringLiteral("delta_ci"), QJsonArray{jsonNumber(f.ciLow), jsonNumber(f.ciHigh)}},
            {QStringLiteral("max_abs_dp"), jsonNumber(f.maxAbsDelta)},
            {QStringLiteral("threshold"), jsonNumber(f.threshold)},
            {QStringLiteral("flips"), f.flips}});
    return {{QStringLiteral("a"), r.nameA},
            {QStringLiteral("b"), r.nameB},
            {QStringLiteral("images"), int(r.images.size())},
            {QStringLiteral("only_in_a"), r.onlyInA},
            {QStringLiteral("only_in_b"), r.onlyInB},
            {QStringLiteral("findings"), findings},
            {QStringLiteral("mean_auroc_a"), jsonNumber(r.meanA)},
            {QStringLiteral("mean_auroc_b"), jsonNumber(r.meanB)},
            {QStringLiteral("flips"), int(r.flips.size())}};
}

} // namespace chexview
