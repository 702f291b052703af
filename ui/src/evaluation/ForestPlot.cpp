#include "chexview/ui/evaluation/ForestPlot.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace chexview {

ForestPlot::ForestPlot(QWidget* parent) : PaintedChart(parent) {}

void ForestPlot::setRows(const QString& title, const QString& axis, const std::vector<Row>& rows,
                         double overall)
{
    m_title = title;
    m_axis = axis;
    m_rows = rows;
    m_overall = overall;
    update();
}

void ForestPlot::clear()
{
    m_rows.clear();
    m_title.clear();
    update();
}

void ForestPlot::paintChart(QPainter& p, const QRectF& rect) const
{
    p.fillRect(rect, Qt::white);
    const QFontMetricsF fm(p.font());
    const double lh = fm.height();
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), rect.top() + 0.3 * lh, rect.width(), lh), Qt::AlignCenter,
               m_title.isEmpty() ? tr("Subgroups") : m_title);
    if (m_rows.empty())
        return;
    double lo = std::isnan(m_overall) ? 1.0 : m_overall, hi = lo;
    for (const Row& r : m_rows)
        for (double v : {r.estimate, r.low, r.high})
            if (!std::isnan(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    const double pad = std::max(0.02, (hi - lo) * 0.08);
    lo = std::max(0.0, lo - pad);
    hi = std::min(1.0, hi + pad);
    if (hi <= lo)
        hi = lo + 0.1;
    double labelWidth = fm.horizontalAdvance(QStringLiteral("AUROC [0.000, 0.000]"));
    for (const Row& r : m_rows)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(r.label) + lh);
    const double valueWidth = fm.horizontalAdvance(QStringLiteral("0.000 [0.000, 0.000]")) + lh;
    const QRectF plot = rect.adjusted(labelWidth + lh, 2.2 * lh, -valueWidth - lh, -3.0 * lh);
    if (plot.width() < 30 || plot.height() < lh)
        return;
    const double rowH = std::min(2.0 * lh, plot.height() / double(m_rows.size()));
    auto x = [&](double v) { return plot.left() + (v - lo) / (hi - lo) * plot.width(); };
    // Axis with ticks.
    p.setPen(QPen(Qt::black, 1));
    const double axisY = plot.top() + rowH * double(m_rows.size()) + 0.3 * lh;
    p.drawLine(QPointF(plot.left(), axisY), QPointF(plot.right(), axisY));
    // The finest tick step whose labels do not collide.
    const double maxTicks =
        std::max(2.0, plot.width() / (fm.horizontalAdvance(QStringLiteral("0.00")) + lh));
    double step = 0.5;
    for (double candidate : {0.02, 0.05, 0.1, 0.2, 0.25, 0.5})
        if ((hi - lo) / candidate <= maxTicks) {
            step = candidate;
            break;
        }
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
        p.drawLine(QPointF(x(t), axisY), QPointF(x(t), axisY + 0.3 * lh));
        p.drawText(QRectF(x(t) - 2 * lh, axisY + 0.3 * lh, 4 * lh, lh), Qt::AlignCenter,
                   QString::number(t, 'f', 2));
    }
    p.drawText(QRectF(plot.left(), axisY + 1.3 * lh, plot.width(), lh), Qt::AlignCenter, m_axis);
    if (!std::isnan(m_overall)) {
        p.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
        p.drawLine(QPointF(x(m_overall), plot.top()), QPointF(x(m_overall), axisY));
    }
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const Row& r = m_rows[i];
        const double cy = plot.top() + rowH * (double(i) + 0.5);
        p.setPen(Qt::black);
        p.drawText(QRectF(rect.left() + 0.5 * lh, cy - lh / 2, labelWidth, lh),
                   Qt::AlignLeft | Qt::AlignVCenter, r.label);
        QString value = tr("n/a");
        if (!std::isnan(r.estimate)) {
            value = QString::number(r.estimate, 'f', 3);
            if (!std::isnan(r.low)) {
                value += QStringLiteral(" [%1, %2]").arg(r.low, 0, 'f', 3).arg(r.high, 0, 'f', 3);
                p.setPen(QPen(QColor(30, 90, 200), 2));
                p.drawLine(QPointF(x(r.low), cy), QPointF(x(r.high), cy));
            }
            const double s = 0.25 * lh + 0.35 * lh * std::min(1.0, std::sqrt(r.images / 500.0));
            p.fillRect(QRectF(x(r.estimate) - s, cy - s, 2 * s, 2 * s), QColor(30, 90, 200));
        }
        p.setPen(Qt::black);
        p.drawText(QRectF(plot.right() + lh, cy - lh / 2, valueWidth, lh),
                   Qt::AlignLeft | Qt::AlignVCenter, value);
    }
}

} // namespace chexview
