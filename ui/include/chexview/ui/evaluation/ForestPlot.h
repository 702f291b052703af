#pragma once

#include "chexview/ui/evaluation/PaintedChart.h"

#include <vector>

namespace chexview {

/// A forest plot: one row per subgroup with its estimate (a square) and confidence interval
/// (a line), a dashed vertical line at the overall value, the x axis over the values shown.
/// GUI thread only.
class ForestPlot : public PaintedChart
{
    Q_OBJECT
public:
    struct Row
    {
        QString label;
        double estimate = 0.0; ///< NaN: drawn as "n/a"
        double low = 0.0;      ///< NaN: no interval
        double high = 0.0;
        int images = 0;
    };
    explicit ForestPlot(QWidget* parent = nullptr);
    void setRows(const QString& title, const QString& axis, const std::vector<Row>& rows,
                 double overall);
    void clear();
    const std::vector<Row>& rows() const { return m_rows; }
    void paintChart(QPainter& p, const QRectF& rect) const override;

private:
    QString m_title;
    QString m_axis;
    std::vector<Row> m_rows;
    double m_overall = 0.0;
};

} // namespace chexview
