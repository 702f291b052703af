#include "chexview/ui/analysis/FindingBars.h"

#include <QMouseEvent>
#include <QPainter>

namespace chexview {

namespace {
constexpr int kRow = 24;
constexpr int kLabel = 140;
} // namespace

FindingBars::FindingBars(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(14 * kRow + 4);
    setCursor(Qt::PointingHandCursor);
}

QSize FindingBars::sizeHint() const
{
    return {320, 14 * kRow + 4};
}

void FindingBars::setResult(const AnalysisResult& result)
{
    m_result = result;
    m_order = result.ranking();
    update();
}

void FindingBars::clear()
{
    m_result = {};
    m_order.clear();
    m_selected = -1;
    update();
}

void FindingBars::select(int finding)
{
    m_selected = finding;
    update();
    Q_EMIT findingSelected(finding);
}

int FindingBars::rowOf(int finding) const
{
    for (size_t i = 0; i < m_order.size(); ++i)
        if (m_order[i] == finding)
            return int(i);
    return -1;
}

QRect FindingBars::rowRect(int row) const
{
    return {0, 2 + row * kRow, width(), kRow};
}

void FindingBars::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (m_result.isEmpty()) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect(), Qt::AlignCenter, tr("No analysis yet"));
        return;
    }
    const int barX = kLabel, barW = std::max(40, width() - kLabel - 60);
    for (size_t row = 0; row < m_order.size(); ++row) {
        const int k = m_order[row];
        const QRect r = rowRect(int(row));
        const double prob = m_result.probabilities[size_t(k)];
        const bool positive = m_result.isPositive(k);
        if (k == m_selected)
            p.fillRect(r, palette().highlight().color().lighter(160));
        QFont f = font();
        f.setBold(positive);
        p.setFont(f);
        p.setPen(positive ? QColor(170, 30, 30) : palette().text().color());
        p.drawText(QRect(6, r.top(), kLabel - 10, r.height()), Qt::AlignVCenter | Qt::AlignLeft,
                   m_result.labels[k]);
        const QRect track(barX, r.top() + 5, barW, r.height() - 10);
        p.fillRect(track, QColor(225, 225, 225));
        p.fillRect(QRect(track.left(), track.top(), int(track.width() * prob), track.height()),
                   positive ? QColor(210, 60, 50) : QColor(70, 120, 190));
        const int tx = track.left() + int(track.width() * m_result.thresholds[size_t(k)]);
        p.setPen(QPen(Qt::black, 2));
        p.drawLine(tx, r.top() + 2, tx, r.bottom() - 2);
        p.setPen(palette().text().color());
        p.drawText(QRect(track.right() + 6, r.top(), 54, r.height()),
                   Qt::AlignVCenter | Qt::AlignLeft, QString::number(prob, 'f', 3));
    }
}

void FindingBars::mousePressEvent(QMouseEvent* event)
{
    const int row = (int(event->position().y()) - 2) / kRow;
    if (row >= 0 && row < int(m_order.size()))
        select(m_order[size_t(row)]);
}

} // namespace chexview
