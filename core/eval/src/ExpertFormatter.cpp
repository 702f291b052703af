#include "chexview/eval/ExpertFormatter.h"

#include <QJsonArray>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

QString fixed(double v, int decimals = 4)
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

} // namespace

QString ExpertFormatter::table(const ExpertReport& r)
{
    QString s;
    QTextStream t(&s);
    t << QStringLiteral("\nAgainst the radiologists' labels: %1 images (%2 patients) of %3 "
                        "in the expert file\n")
             .arg(r.images)
             .arg(r.patients)
             .arg(r.expertImages);
    t << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
             .arg(QStringLiteral("Finding"), -17)
             .arg(QStringLiteral("N"), 5)
             .arg(QStringLiteral("Pos"), 4)
             .arg(QStringLiteral("AUROC"), 6)
             .arg(QStringLiteral("95% CI"), -16)
             .arg(QStringLiteral("vsNIH"), 6)
             .arg(QStringLiteral("NIH agr."), 8)
             .arg(QStringLiteral("kappa"), 6)
             .arg(QStringLiteral("score"));
    for (const ExpertFinding& f : r.findings) {
        const QString ci = std::isnan(f.ciLow)
                               ? QString()
                               : QStringLiteral("[%1, %2]").arg(fixed(f.ciLow), fixed(f.ciHigh));
        t << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                 .arg(f.finding, -17)
                 .arg(f.images, 5)
                 .arg(f.positives, 4)
                 .arg(fixed(f.auroc), 6)
                 .arg(ci, -16)
                 .arg(fixed(f.aurocNih), 6)
                 .arg(fixed(f.percentAgreement, 3), 8)
                 .arg(fixed(f.kappa, 3), 6)
                 .arg(f.mapping);
        if (!f.computable)
            t << "  (not computable: " << f.reason << ')';
        t << '\n';
    }
    return s;
}

QString ExpertFormatter::csv(const ExpertReport& r)
{
    QString s = QStringLiteral("finding,mapping,images,positives,negatives,auroc,auroc_ci_low,"
                               "auroc_ci_high,sensitivity,specificity,nih_images,auroc_vs_nih,"
                               "nih_agreement,nih_kappa,nih_sensitivity,nih_specificity\n");
    for (const ExpertFinding& f : r.findings)
        s += QStringList{f.finding,
                         QLatin1Char('"') + f.mapping + QLatin1Char('"'),
                         QString::number(f.images),
                         QString::number(f.positives),
                         QString::number(f.negatives),
                         csvNumber(f.auroc),
                         csvNumber(f.ciLow),
                         csvNumber(f.ciHigh),
                         csvNumber(f.counts.sensitivity()),
                         csvNumber(f.counts.specificity()),
                         QString::number(f.nihImages),
                         csvNumber(f.aurocNih),
                         csvNumber(f.percentAgreement),
                         csvNumber(f.kappa),
                         csvNumber(f.agreement.sensitivity()),
                         csvNumber(f.agreement.specificity())}
                 .join(QLatin1Char(',')) +
             QLatin1Char('\n');
    return s;
}

QJsonObject ExpertFormatter::json(const ExpertReport& r)
{
    QJsonArray findings;
    for (const ExpertFinding& f : r.findings) {
        QJsonObject o{
            {QStringLiteral("finding"), f.finding},
            {QStringLiteral("mapping"), f.mapping},
            {QStringLiteral("computable"), f.computable},
            {QStringLiteral("images"), f.images},
            {QStringLiteral("positives"), f.positives},
            {QStringLiteral("negatives"), f.negatives},
            {QStringLiteral("auroc"), number(f.auroc)},
            {QStringLiteral("auroc_ci"), std::isnan(f.ciLow)
                                             ? QJsonValue(QJsonValue::Null)
                                             : QJsonValue(QJsonArray{f.ciLow, f.ciHigh})},
            {QStringLiteral("sensitivity"), number(f.counts.sensitivity())},
            {QStringLiteral("specificity"), number(f.counts.specificity())},
            {QStringLiteral("tp"), qint64(f.counts.tp)},
            {QStringLiteral("fp"), qint64(f.counts.fp)},
            {QStringLiteral("tn"), qint64(f.counts.tn)},
            {QStringLiteral("fn"), qint64(f.counts.fn)},
            {QStringLiteral("nih"),
             QJsonObject{{QStringLiteral("images"), f.nihImages},
                         {QStringLiteral("auroc"), number(f.aurocNih)},
                         {QStringLiteral("agreement"), number(f.percentAgreement)},
                         {QStringLiteral("kappa"), number(f.kappa)},
                         {QStringLiteral("sensitivity"), number(f.agreement.sensitivity())},
                         {QStringLiteral("specificity"), number(f.agreement.specificity())},
                         {QStringLiteral("both_positive"), qint64(f.agreement.tp)},
                         {QStringLiteral("nih_only"), qint64(f.agreement.fp)},
                         {QStringLiteral("radiologists_only"), qint64(f.agreement.fn)},
                         {QStringLiteral("both_negative"), qint64(f.agreement.tn)}}}};
        if (!f.computable)
            o.insert(QStringLiteral("reason"), f.reason);
        findings.append(o);
    }
    return {{QStringLiteral("images"), r.images},
            {QStringLiteral("patients"), r.patients},
            {QStringLiteral("expert_images"), r.expertImages},
            {QStringLiteral("findings"), findings}};
}

QString ExpertFormatter::labelComparison(int finding, uint16_t nihLabels,
                                         const ExpertLabelTable::Record& expert)
{
    for (int e = 0; e < ExpertLabelTable::kFindings; ++e) {
        const std::vector<int> ks = ExpertEvaluation::scoreFindings(e);
        if (std::find(ks.begin(), ks.end(), finding) == ks.end() || expert.values[size_t(e)] < 0)
            continue;
        QStringList nih;
        for (int k : ks)
            if (nihLabels >> k & 1u)
                nih << chestXray14Findings()[k];
        const QString nihText = nih.isEmpty() ? QStringLiteral("no") : nih.join(QLatin1Char('|'));
        return QStringLiteral("NIH: %1 · radiologists: %2")
            .arg(nihText, expert.values[size_t(e)] ? (ks.size() == 1 ? QStringLiteral("yes")
                                                                     : ExpertLabels::findings()[e])
                                                   : QStringLiteral("no"));
    }
    return {};
}

} // namespace chexview
