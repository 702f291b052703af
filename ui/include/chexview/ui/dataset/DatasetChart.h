#pragma once

#include "chexview/dataset/DatasetStats.h"

#include <QChartView>

namespace chexview {

/// Grouped horizontal bar chart: one bar set per split, one category per finding,
/// percentage of images positive. GUI thread only.
class DatasetChart : public QChartView
{
    Q_OBJECT
public:
    explicit DatasetChart(QWidget* parent = nullptr);
    void setStats(const DatasetStats& stats);
    /// Names of the bar sets (one per split), for tests.
    QStringList setNames() const;
    int categoryCount() const;
    /// The percentages at which the value axis draws ticks (labels), for tests.
    QList<double> tickValues() const;
};

} // namespace chexview
