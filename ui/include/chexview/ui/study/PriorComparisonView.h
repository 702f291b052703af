#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/study/ScoreComparison.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QStackedWidget;
class QGridLayout;
class QLabel;

namespace chexview {

class ImageView;
class ViewSync;

/// Current and prior study side by side (OHIF's compare-with-prior): a grid of image views
/// (2×1 or 2×2, as the hanging protocol lays them out), each with a caption and its heatmap,
/// synchronized zoom / pan / window while "Synchronize" is on, and the per-finding score
/// deltas ("Effusion 0.31 → 0.62") only when both studies were scored by the same model
/// package at the same precision; otherwise the panel says why they are not comparable.
/// GUI thread only.
class PriorComparisonView : public QWidget
{
    Q_OBJECT
public:
    struct Cell
    {
        XrayImagePtr image; ///< null: an empty cell ("no prior")
        QString caption;    ///< e.g. "Current 2024-03-10 PA"
        CamOverlay overlay; ///< null image: no heatmap
        QString overlayLabel;
    };

    explicit PriorComparisonView(QWidget* parent = nullptr);
    /// Lays out `cells` row by row in a rows × columns grid (at most 2 × 2).
    void setCells(const std::vector<Cell>& cells, int rows, int columns);
    void setScores(const ScoredStudy& current, const ScoredStudy& prior);
    /// The heatmap of one cell (a null overlay image removes it).
    void setCellOverlay(int cell, const CamOverlay& overlay, const QString& label);
    /// A line above the scores, e.g. "Analyzing current and prior…".
    void setScoreMessage(const QString& text);
    void setSynchronized(bool on);
    bool isSynchronized() const;
    int cellCount() const { return int(m_views.size()); }
    ImageView* view(int cell) const;
    QString caption(int cell) const;
    /// The score panel's text as shown (deltas or the reason), for tests.
    QString scoreText() const;
    ScoreComparison::Result comparison() const { return m_comparison; }

private:
    std::vector<ImageView*> m_views;
    std::vector<QLabel*> m_captions;
    std::vector<QStackedWidget*> m_stacks; ///< per cell: the view, or the "empty" label
    QGridLayout* m_grid = nullptr;
    QCheckBox* m_sync = nullptr;
    QLabel* m_scores = nullptr;
    ViewSync* m_viewSync = nullptr;
    ScoreComparison::Result m_comparison;
};

} // namespace chexview
