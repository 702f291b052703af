#include "chexview/eval/SubgroupFormatter.h"

#include <QJsonObject>
#include <QTextStream>

#include <cmath>

namespace chexview {

namespace {

QString fixed(double v, int decimals = 3)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals);
}

QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue pair(double lo, double hi)
{
    return std::isnan(lo) ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonArray{lo, hi});
}

QString ci(double lo, double hi)
{
    return std::isnan(lo) ? QString() : QStringLiteral("[%1, %2]").arg(fixed(lo), fixed(hi));
}

} // namespace

QString SubgroupFormatter::table(const SubgroupReport& r)
{
    QString s;
    QTextStream t(&s);
    for (const SubgroupAttribute& a : r.attributes) {
        t << QStringLiteral("\nSubgroups by %1 (%2; %3 images without a value)\n")
                 .arg(a.name, a.column)
                 .arg(a.unknown);
        t << QStringLiteral("%1 %2 %3 %4\n")
                 .arg(QStringLiteral("Group"), -8)
                 .arg(QStringLiteral("Images"), 7)
                 .arg(QStringLiteral("Underdiag."), 10)
                 .arg(QStringLiteral("95% CI"));
        for (const SubgroupResult& g : r.groups)
            if (g.attribute == a.name)
                t << QStringLiteral("%1 %2 %3 %4\n")
                         .arg(g.group, -8)
                         .arg(g.images, 7)
                         .arg(fixed(g.underdiagnosis.rate), 10)
                         .arg(ci(g.underdiagnosis.ciLow, g.underdiagnosis.ciHigh));
        t << QStringLiteral("%1").arg(QStringLiteral("AUROC [95% CI]"), -19);
        for (const SubgroupResult& g : r.groups)
            if (g.attribute == a.name)
                t << QStringLiteral(" %1").arg(g.group, -20);
        t << '\n';
        for (int k = 0; k < kFindingCount; ++k) {
            t << QStringLiteral("%1").arg(chestXray14Findings()[k], -19);
            for (const SubgroupResult& g : r.groups)
                if (g.attribute == a.name) {
                    const SubgroupFinding& f = g.findings[size_t(k)];
                    t << QStringLiteral(" %1").arg(
                        f.computable ? fixed(f.auroc) + QLatin1Char(' ') + ci(f.ciLow, f.ciHigh)
                                     : QStringLiteral("n/a"),
                        -20);
                }
            t << '\n';
        }
        for (const SubgroupGap& gap : r.gaps) {
            if (gap.attribute != a.name)
                continue;
            t << QStringLiteral("Gap %1 - %2: underdiagnosis %3 %4; AUROC")
                     .arg(gap.group, gap.reference, fixed(gap.underdiagnosisGap),
                          ci(gap.underdiagnosisCiLow, gap.underdiagnosisCiHigh));
            int shown = 0;
            for (const SubgroupGap::Finding& f : gap.findings)
                // Only intervals from nearly every resample: a small group often lacks a class,
                // and the few resamples that have both give a spuriously narrow interval.
                if (!std::isnan(f.ciLow) && (f.ciLow > 0 || f.ciHigh < 0) &&
                    f.ciResamples >= 0.95 * r.options.bootstrap) {
                    t << QStringLiteral(" %1 %2 %3")
                             .arg(f.finding, fixed(f.gap), ci(f.ciLow, f.ciHigh));
                    ++shown;
                }
            t << (shown ? QStringLiteral("\n")
                        : QStringLiteral(": no CI (from >= 95% of the resamples) excludes 0\n"));
        }
    }
    return s;
}

QString SubgroupFormatter::csv(const SubgroupReport& r)
{
    QString s = QStringLiteral("attribute,group,images,finding,positives,negatives,auroc,"
                               "auroc_ci_low,auroc_ci_high,threshold,sensitivity,specificity,fpr,"
                               "tp,fp,tn,fn\n");
    for (const SubgroupResult& g : r.groups)
        for (const SubgroupFinding& f : g.findings)
            s += QStringList{g.attribute,
                             g.group,
                             QString::number(g.images),
                             f.finding,
                             QString::number(f.positives),
                             QString::number(f.negatives),
                             csvNumber(f.auroc),
                             csvNumber(f.ciLow),
                             csvNumber(f.ciHigh),
                             csvNumber(f.threshold),
                             csvNumber(f.counts.sensitivity()),
                             csvNumber(f.counts.specificity()),
                             csvNumber(f.fpr()),
                             QString::number(f.counts.tp),
                             QString::number(f.counts.fp),
                             QString::number(f.counts.tn),
                             QString::number(f.counts.fn)}
                     .join(QLatin1Char(',')) +
                 QLatin1Char('\n');
    return s;
}

QJsonArray SubgroupFormatter::json(const SubgroupReport& r)
{
    QJsonArray out;
    for (const SubgroupResult& g : r.groups) {
        QJsonArray findings;
        for (const SubgroupFinding& f : g.findings)
            findings.append(
                QJsonObject{{QStringLiteral("finding"), f.finding},
                            {QStringLiteral("positives"), f.positives},
                            {QStringLiteral("negatives"), f.negatives},
                            {QStringLiteral("computable"), f.computable},
                            {QStringLiteral("auroc"), number(f.auroc)},
                            {QStringLiteral("auroc_ci"), pair(f.ciLow, f.ciHigh)},
                            {QStringLiteral("auroc_ci_resamples"), f.ciResamples},
                            {QStringLiteral("threshold"), number(f.threshold)},
                            {QStringLiteral("sensitivity"), number(f.counts.sensitivity())},
                            {QStringLiteral("specificity"), number(f.counts.specificity())},
                            {QStringLiteral("fpr"), number(f.fpr())},
                            {QStringLiteral("tp"), qint64(f.counts.tp)},
                            {QStringLiteral("fp"), qint64(f.counts.fp)},
                            {QStringLiteral("tn"), qint64(f.counts.tn)},
                            {QStringLiteral("fn"), qint64(f.counts.fn)}});
        const Underdiagnosis& u = g.underdiagnosis;
        out.append(
            QJsonObject{{QStringLiteral("attribute"), g.attribute},
                        {QStringLiteral("group"), g.group},
                        {QStringLiteral("images"), g.images},
                        {QStringLiteral("patients"), g.patients},
                        {QStringLiteral("underdiagnosis"),
                         QJsonObject{{QStringLiteral("eligible"), qint64(u.eligible)},
                                     {QStringLiteral("underdiagnosed"), qint64(u.underdiagnosed)},
                                     {QStringLiteral("rate"), number(u.rate)},
                                     {QStringLiteral("ci"), pair(u.ciLow, u.ciHigh)}}},
                        {QStringLiteral("findings"), findings}});
    }
    return out;
}

QJsonArray SubgroupFormatter::gapsJson(const SubgroupReport& r)
{
    QJsonArray out;
    for (const SubgroupGap& g : r.gaps) {
        QJsonArray findings;
        for (const SubgroupGap::Finding& f : g.findings)
            findings.append(QJsonObject{{QStringLiteral("finding"), f.finding},
                                        {QStringLiteral("auroc_gap"), number(f.gap)},
                                        {QStringLiteral("auroc_gap_ci"), pair(f.ciLow, f.ciHigh)},
                                        {QStringLiteral("auroc_gap_resamples"), f.ciResamples}});
        out.append(QJsonObject{{QStringLiteral("attribute"), g.attribute},
                               {QStringLiteral("group"), g.group},
                               {QStringLiteral("reference"), g.reference},
                               {QStringLiteral("underdiagnosis_gap"), number(g.underdiagnosisGap)},
                               {QStringLiteral("underdiagnosis_gap_ci"),
                                pair(g.underdiagnosisCiLow, g.underdiagnosisCiHigh)},
                               {QStringLiteral("findings"), findings}});
    }
    return out;
}

} // namespace chexview
