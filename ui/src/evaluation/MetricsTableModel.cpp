#include "chexview/ui/evaluation/MetricsTableModel.h"

#include <cmath>

namespace chexview {

namespace {

enum Column
{
    ColFinding,
    ColAuroc,
    ColCi,
    ColAp,
    ColPos,
    ColNeg,
    ColThreshold,
    ColSens,
    ColSpec,
    ColTp,
    ColFp,
    ColTn,
    ColFn,
    ColCount
};

QStandardItem* number(double v, int decimals)
{
    auto* item = new QStandardItem(std::isnan(v) ? QStringLiteral("n/a")
                                                 : QString::number(v, 'f', decimals));
    item->setData(std::isnan(v) ? -1.0 : v, Qt::UserRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

void MetricsTableModel::fill(const EvaluationReport& report)
{
    clear();
    setHorizontalHeaderLabels({tr("Finding"), tr("AUROC"), tr("95% CI"), tr("AP"), tr("Pos"),
                               tr("Neg"), tr("Threshold"), tr("Sens"), tr("Spec"), tr("TP"),
                               tr("FP"), tr("TN"), tr("FN")});
    for (const FindingMetrics& m : report.findings) {
        auto* name = new QStandardItem(m.finding);
        name->setData(m.finding, Qt::UserRole);
        name->setData(int(rowCount()), kFindingRole);
        if (!m.computable)
            name->setToolTip(tr("not computable: %1").arg(m.reason));
        auto* ci = new QStandardItem(
            std::isnan(m.ciLow)
                ? QString()
                : QStringLiteral("%1–%2").arg(m.ciLow, 0, 'f', 3).arg(m.ciHigh, 0, 'f', 3));
        ci->setData(std::isnan(m.ciLow) ? -1.0 : m.ciLow, Qt::UserRole);
        appendRow({name, number(m.auroc, 4), ci, number(m.averagePrecision, 4),
                   number(m.positives, 0), number(m.negatives, 0), number(m.threshold, 3),
                   number(m.counts.sensitivity(), 3), number(m.counts.specificity(), 3),
                   number(double(m.counts.tp), 0), number(double(m.counts.fp), 0),
                   number(double(m.counts.tn), 0), number(double(m.counts.fn), 0)});
    }
}

void MetricsTableModel::setThresholdRow(int finding, double t, const ConfusionCounts& c)
{
    if (finding < 0 || finding >= rowCount())
        return;
    const QList<std::pair<int, double>> cells = {
        {ColThreshold, t},     {ColSens, c.sensitivity()}, {ColSpec, c.specificity()},
        {ColTp, double(c.tp)}, {ColFp, double(c.fp)},      {ColTn, double(c.tn)},
        {ColFn, double(c.fn)}};
    for (const auto& [col, v] : cells)
        setItem(finding, col, number(v, col >= ColTp ? 0 : 3));
}

QString MetricsTableModel::copyText(const QAbstractItemModel* m)
{
    QString text;
    for (int c = 0; c < m->columnCount(); ++c)
        text +=
            (c ? QStringLiteral("\t") : QString()) + m->headerData(c, Qt::Horizontal).toString();
    text += QLatin1Char('\n');
    for (int r = 0; r < m->rowCount(); ++r) {
        for (int c = 0; c < m->columnCount(); ++c)
            text += (c ? QStringLiteral("\t") : QString()) + m->index(r, c).data().toString();
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace chexview
