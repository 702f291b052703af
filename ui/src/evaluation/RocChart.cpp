#include "chexview/ui/evaluation/RocChart.h"

#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>

namespace chexview {

RocChart::RocChart(QWidget* parent)
    : QChartView(parent), m_curve(new QLineSeries), m_chance(new QLineSeries),
      m_point(new QScatterSeries)
{
    setRenderHint(QPainter::Antialiasing);
    QChart* c = chart();
    c->legend()->hide();
    c->setMargins(QMargins(4, 4, 4, 4));
    m_chance->append(0, 0);
    m_chance->append(1, 1);
    m_chance->setPen(QPen(QColor(160, 160, 160), 1, Qt::DashLine));
    m_curve->setPen(QPen(QColor(30, 90, 200), 2));
    m_point->setMarkerSize(11);
    m_point->setColor(QColor(220, 40, 40));
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(m_chance), static_cast<QAbstractSeries*>(m_curve),
          static_cast<QAbstractSeries*>(m_point)})
        c->addSeries(s);
    auto* x = new QValueAxis;
    auto* y = new QValueAxis;
    x->setRange(0, 1);
    y->setRange(0, 1);
    x->setTickCount(6);
    y->setTickCount(6);
    x->setLabelFormat(QStringLiteral("%.1f"));
    y->setLabelFormat(QStringLiteral("%.1f"));
    x->setTitleText(tr("1 − specificity"));
    y->setTitleText(tr("sensitivity"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : c->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    clear();
}

void RocChart::clear()
{
    m_curve->clear();
    m_point->clear();
    chart()->setTitle(tr("ROC curve"));
}

void RocChart::setCurve(const QString& finding, double auroc, const std::vector<RocPoint>& curve)
{
    QList<QPointF> points;
    for (const RocPoint& p : curve)
        if (!std::isnan(p.fpr) && !std::isnan(p.tpr))
            points << QPointF(p.fpr, p.tpr);
    m_curve->replace(points);
    chart()->setTitle(std::isnan(auroc) ? tr("%1 — not computable").arg(finding)
                                        : tr("%1 — AUROC %2").arg(finding).arg(auroc, 0, 'f', 4));
}

void RocChart::setOperatingPoint(double fpr, double tpr)
{
    m_point->clear();
    if (!std::isnan(fpr) && !std::isnan(tpr))
        m_point->append(fpr, tpr);
}

int RocChart::pointCount() const
{
    return int(m_curve->count());
}

QPointF RocChart::operatingPoint() const
{
    return m_point->count() ? m_point->at(0) : QPointF(-1, -1);
}

} // namespace chexview
