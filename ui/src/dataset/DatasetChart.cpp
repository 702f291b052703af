#include "chexview/ui/dataset/DatasetChart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QValueAxis>

namespace chexview {

DatasetChart::DatasetChart(QWidget* parent) : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(tr("Images positive per finding (%)"));
    chart()->legend()->setAlignment(Qt::AlignBottom);
}

void DatasetChart::setStats(const DatasetStats& stats)
{
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes())
        c->removeAxis(axis);
    auto* series = new QHorizontalBarSeries;
    double maxPct = 0.0;
    for (const DatasetStats::Split& sp : stats.splits) {
        auto* set = new QBarSet(QStringLiteral("%1 (n=%2)").arg(sp.name).arg(sp.images));
        set->setProperty("split", sp.name);
        // Reversed so the first finding is at the top of a horizontal chart.
        for (int i = kFindingCount - 1; i >= 0; --i) {
            *set << sp.percent(i);
            maxPct = std::max(maxPct, sp.percent(i));
        }
        series->append(set);
    }
    c->addSeries(series);
    QStringList categories;
    for (int i = kFindingCount - 1; i >= 0; --i)
        categories << chestXray14Findings()[i];
    auto* names = new QBarCategoryAxis;
    names->append(categories);
    auto* values = new QValueAxis;
    values->setRange(0, std::ceil(maxPct / 5.0) * 5.0 + 1e-9);
    values->setLabelFormat(QStringLiteral("%.0f%%"));
    c->addAxis(names, Qt::AlignLeft);
    c->addAxis(values, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(values);
}

QStringList DatasetChart::setNames() const
{
    QStringList out;
    for (QAbstractSeries* s : chart()->series())
        if (auto* bars = qobject_cast<QHorizontalBarSeries*>(s))
            for (QBarSet* set : bars->barSets())
                out << set->property("split").toString();
    return out;
}

int DatasetChart::categoryCount() const
{
    for (QAbstractAxis* a : chart()->axes(Qt::Vertical))
        if (auto* cat = qobject_cast<QBarCategoryAxis*>(a))
            return int(cat->count());
    return 0;
}

} // namespace chexview
