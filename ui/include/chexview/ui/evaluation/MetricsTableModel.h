#pragma once

#include "chexview/eval/Evaluator.h"

#include <QStandardItemModel>

namespace chexview {

/// The Evaluation tab's per-finding table: one row per finding (in chestXray14Findings()
/// order, the finding index in kFindingRole of column 0), numbers sortable by Qt::UserRole.
/// GUI thread only.
class MetricsTableModel : public QStandardItemModel
{
    Q_OBJECT
public:
    static constexpr int kFindingRole = Qt::UserRole + 1;
    explicit MetricsTableModel(QObject* parent = nullptr) : QStandardItemModel(parent) {}

    void fill(const EvaluationReport& report);
    /// The threshold, sensitivity, specificity and counts of a finding's row at threshold t.
    void setThresholdRow(int finding, double t, const ConfusionCounts& c);
    /// Header and rows of `model` as tab-separated text (what Ctrl+C copies).
    static QString copyText(const QAbstractItemModel* model);
};

} // namespace chexview
