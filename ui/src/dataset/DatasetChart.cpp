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
    // Whole-number ticks at a round step (1, 2, 5, 10, 20, 25, 50 %), at most 8 intervals,
    // so the labels read 0%, 5%, 10%, ... and never 6%, 13%, 19%.
    double step = 1.0;
    for (double s : {1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0}) {
        step = s;
        if (std::ceil(maxPct / s) <= 8.0)
            break;
    }
    const double top = std::max(1.0, std::ceil(maxPct / step)) * step;
    values->setRange(0, top);
    values->setTickType(QValueAxis::TicksDynamic);
    values->setTickAnchor(0.0);
    values->setTickInterval(step);
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

QList<double> DatasetChart::tickValues() const
{
    QList<double> out;
    for (QAbstractAxis* a : chart()->axes(Qt::Horizontal))
        if (auto* v = qobject_cast<QValueAxis*>(a))
            for (double t = v->tickAnchor(); t <= v->max() + 1e-9; t += v->tickInterval())
                out << t;
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
