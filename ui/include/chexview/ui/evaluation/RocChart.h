#pragma once

#include "chexview/eval/BinaryMetrics.h"

#include <QChartView>

class QLineSeries;
class QScatterSeries;

namespace chexview {

/// The ROC curve of one finding (false positive rate vs sensitivity) with the chance diagonal
/// and the operating point at the current threshold. GUI thread only.
class RocChart : public QChartView
{
    Q_OBJECT
public:
    explicit RocChart(QWidget* parent = nullptr);
    void setCurve(const QString& finding, double auroc, const std::vector<RocPoint>& curve);
    void setOperatingPoint(double fpr, double tpr);
    void clear();
    int pointCount() const;
    QPointF operatingPoint() const;

private:
    QLineSeries* m_curve;
    QLineSeries* m_chance;
    QScatterSeries* m_point;
};

} // namespace chexview
