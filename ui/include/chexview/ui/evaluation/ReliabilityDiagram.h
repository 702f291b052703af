#pragma once

#include "chexview/eval/Calibration.h"
#include "chexview/ui/evaluation/PaintedChart.h"

namespace chexview {

/// Reliability diagram of one finding: per bin the mean predicted probability against the
/// fraction of positives (dots sized by the bin's images, joined), the diagonal of perfect
/// calibration, and the bins' image counts as a histogram along the bottom; the title gives
/// ECE and Brier score. GUI thread only.
class ReliabilityDiagram : public PaintedChart
{
    Q_OBJECT
public:
    explicit ReliabilityDiagram(QWidget* parent = nullptr);
    void setCalibration(const QString& finding, const CalibrationMetrics& m);
    void clear();
    int pointCount() const;
    QString title() const;
    void paintChart(QPainter& p, const QRectF& rect) const override;

private:
    QString m_finding;
    CalibrationMetrics m_metrics;
};

} // namespace chexview
