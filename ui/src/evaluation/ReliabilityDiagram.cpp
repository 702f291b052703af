#include "chexview/ui/evaluation/ReliabilityDiagram.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace chexview {

ReliabilityDiagram::ReliabilityDiagram(QWidget* parent) : PaintedChart(parent) {}

void ReliabilityDiagram::setCalibration(const QString& finding, const CalibrationMetrics& m)
{
    m_finding = finding;
    m_metrics = m;
    update();
}

void ReliabilityDiagram::clear()
{
    m_finding.clear();
    m_metrics = {};
    update();
}

int ReliabilityDiagram::pointCount() const
{
    return int(std::count_if(m_metrics.bins.begin(), m_metrics.bins.end(),
                             [](const ReliabilityBin& b) { return b.count > 0; }));
}

QString ReliabilityDiagram::title() const
{
    if (m_finding.isEmpty())
        return tr("Reliability diagram");
    return tr("%1 — ECE %2, Brier %3 (%4 bins)")
        .arg(m_finding)
        .arg(m_metrics.ece, 0, 'f', 4)
        .arg(m_metrics.brier, 0, 'f', 4)
        .arg(Calibration::kBins);
}

void ReliabilityDiagram::paintChart(QPainter& p, const QRectF& rect) const
{
    p.fillRect(rect, Qt::white);
    const QFontMetricsF fm(p.font());
    const double lh = fm.height();
    const QRectF plot = rect.adjusted(5.5 * lh, 2.2 * lh, -1.5 * lh, -3.2 * lh);
    if (plot.width() < 20 || plot.height() < 20)
        return;
    auto at = [&](double x, double y) {
        return QPointF(plot.left() + x * plot.width(), plot.bottom() - y * plot.height());
    };
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), rect.top() + 0.3 * lh, rect.width(), lh), Qt::AlignCenter,
               title());
    // Grid and axes.
    p.setPen(QPen(QColor(225, 225, 225), 1));
    for (int i = 0; i <= 5; ++i) {
        p.drawLine(at(i / 5.0, 0), at(i / 5.0, 1));
        p.drawLine(at(0, i / 5.0), at(1, i / 5.0));
    }
    p.setPen(QPen(Qt::black, 1));
    p.drawRect(plot);
    for (int i = 0; i <= 5; ++i) {
        const QString t = QString::number(i / 5.0, 'f', 1);
        p.drawText(QRectF(at(i / 5.0, 0).x() - 2 * lh, plot.bottom() + 0.2 * lh, 4 * lh, lh),
                   Qt::AlignCenter, t);
        p.drawText(QRectF(plot.left() - 2.6 * lh, at(0, i / 5.0).y() - lh / 2, 2.3 * lh, lh),
                   Qt::AlignRight | Qt::AlignVCenter, t);
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 1.4 * lh, plot.width(), lh), Qt::AlignCenter,
               tr("mean predicted probability"));
    p.save();
    p.translate(rect.left() + 0.4 * lh, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), lh), Qt::AlignCenter,
               tr("fraction positive"));
    p.restore();
    p.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
    p.drawLine(at(0, 0), at(1, 1));
    if (m_metrics.bins.empty())
        return;
    // Histogram of images per bin (scaled to a fifth of the height).
    int64_t most = 1;
    for (const ReliabilityBin& b : m_metrics.bins)
        most = std::max(most, b.count);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(30, 90, 200, 45));
    for (const ReliabilityBin& b : m_metrics.bins)
        if (b.count > 0)
            p.drawRect(QRectF(at(b.low, 0.2 * double(b.count) / double(most)), at(b.high, 0))
                           .normalized());
    // The curve.
    QPainterPath path;
    for (const ReliabilityBin& b : m_metrics.bins) {
        if (b.count == 0)
            continue;
        const QPointF q = at(b.meanProbability, b.fractionPositive);
        path.elementCount() ? path.lineTo(q) : path.moveTo(q);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(30, 90, 200), 2));
    p.drawPath(path);
    p.setBrush(QColor(220, 40, 40));
    p.setPen(Qt::NoPen);
    int64_t total = 0;
    for (const ReliabilityBin& b : m_metrics.bins)
        total += b.count;
    for (const ReliabilityBin& b : m_metrics.bins)
        if (b.count > 0) {
            const double r =
                2.5 + 6.0 * std::sqrt(double(b.count) / double(std::max<int64_t>(1, total)));
            p.drawEllipse(at(b.meanProbability, b.fractionPositive), r, r);
        }
}

} // namespace chexview
