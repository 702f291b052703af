#include "chexview/ui/study/PriorComparisonView.h"

#include "chexview/ui/study/ViewSync.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {
constexpr int kMaxCells = 4;
}

PriorComparisonView::PriorComparisonView(QWidget* parent) : QWidget(parent)
{
    m_sync = new QCheckBox(tr("&Synchronize zoom, pan and window"), this);
    m_sync->setObjectName(QStringLiteral("syncViews"));
    m_sync->setChecked(true);
    m_scores = new QLabel(tr("Not analyzed"), this);
    m_scores->setObjectName(QStringLiteral("priorScores"));
    m_scores->setWordWrap(true);
    m_scores->setTextFormat(Qt::RichText);
    m_scores->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_scores->setMinimumWidth(220);
    m_viewSync = new ViewSync(this);
    m_grid = new QGridLayout;
    m_grid->setSpacing(4);
    auto* images = new QWidget(this);
    images->setLayout(m_grid);
    for (int i = 0; i < kMaxCells; ++i) {
        auto* caption = new QLabel(images);
        caption->setStyleSheet(QStringLiteral("font-weight: bold"));
        auto* stack = new QStackedWidget(images);
        auto* view = new ImageView(stack);
        view->setMinimumSize(160, 160);
        auto* empty = new QLabel(tr("Nothing to show"), stack);
        empty->setAlignment(Qt::AlignCenter);
        empty->setStyleSheet(QStringLiteral("background: black; color: gray"));
        stack->addWidget(view);
        stack->addWidget(empty);
        m_viewSync->addView(view);
        m_captions.push_back(caption);
        m_views.push_back(view);
        m_stacks.push_back(stack);
    }
    auto* top = new QHBoxLayout;
    top->addWidget(m_sync);
    top->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addWidget(images, 1);
    body->addWidget(m_scores);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(body, 1);
    connect(m_sync, &QCheckBox::toggled, this, &PriorComparisonView::setSynchronized);
    setCells({}, 1, 2);
}

void PriorComparisonView::setCells(const std::vector<Cell>& cells, int rows, int columns)
{
    rows = std::clamp(rows, 1, 2);
    columns = std::clamp(columns, 1, 2);
    const int shown = rows * columns;
    // Images are set without mirroring: each keeps its own default window and fit.
    const bool sync = m_viewSync->isEnabled();
    m_viewSync->setEnabled(false);
    for (int i = 0; i < kMaxCells; ++i) {
        m_grid->removeWidget(m_captions[size_t(i)]);
        m_grid->removeWidget(m_stacks[size_t(i)]);
        const bool visible = i < shown;
        m_captions[size_t(i)]->setVisible(visible);
        m_stacks[size_t(i)]->setVisible(visible);
        if (!visible)
            continue;
        const Cell cell = i < int(cells.size()) ? cells[size_t(i)] : Cell{};
        m_grid->addWidget(m_captions[size_t(i)], (i / columns) * 2, i % columns);
        m_grid->addWidget(m_stacks[size_t(i)], (i / columns) * 2 + 1, i % columns);
        m_stacks[size_t(i)]->setCurrentIndex(cell.image ? 0 : 1);
        m_grid->setRowStretch((i / columns) * 2 + 1, 1);
        m_captions[size_t(i)]->setText(cell.image               ? cell.caption
                                       : cell.caption.isEmpty() ? tr("(empty)")
                                                                : cell.caption);
        ImageView* v = m_views[size_t(i)];
        v->setImage(cell.image);
        v->setOverlay(cell.overlay);
        v->setOverlayLabel(cell.overlayLabel);
        v->setOverlayVisible(!cell.overlay.image.isNull());
    }
    m_viewSync->setEnabled(sync);
}

void PriorComparisonView::setScores(const ScoredStudy& current, const ScoredStudy& prior)
{
    m_comparison = ScoreComparison::compare(current, prior);
    if (!m_comparison.comparable) {
        m_scores->setText(
            tr("<b>Scores not comparable</b><br>%1").arg(m_comparison.reason.toHtmlEscaped()));
        return;
    }
    // Largest changes first.
    std::vector<ScoreDelta> d = m_comparison.deltas;
    std::stable_sort(d.begin(), d.end(), [](const ScoreDelta& a, const ScoreDelta& b) {
        return std::abs(a.delta()) > std::abs(b.delta());
    });
    QString html = tr("<b>Prior → current</b> (%1, %2)<br>")
                       .arg(current.modelName.toHtmlEscaped(), current.precision);
    for (const ScoreDelta& s : d) {
        const QString colour = s.delta() >= 0.10    ? QStringLiteral("#c62828")
                               : s.delta() <= -0.10 ? QStringLiteral("#2e7d32")
                                                    : QStringLiteral("palette(text)");
        html += QStringLiteral("<span style='color:%1'>%2 (%3%4)</span><br>")
                    .arg(colour, s.text().toHtmlEscaped(),
                         s.delta() >= 0 ? QStringLiteral("+") : QString(),
                         QString::number(s.delta(), 'f', 2));
    }
    m_scores->setText(html);
}

void PriorComparisonView::setCellOverlay(int cell, const CamOverlay& overlay, const QString& label)
{
    ImageView* v = view(cell);
    if (!v || !v->image())
        return;
    v->setOverlay(overlay);
    v->setOverlayLabel(label);
    v->setOverlayVisible(!overlay.image.isNull());
}

void PriorComparisonView::setScoreMessage(const QString& text)
{
    m_scores->setText(text.toHtmlEscaped());
}

void PriorComparisonView::setSynchronized(bool on)
{
    if (m_sync->isChecked() != on)
        m_sync->setChecked(on);
    m_viewSync->setEnabled(on);
    if (on && !m_views.empty())
        m_viewSync->syncFrom(m_views.front());
}

bool PriorComparisonView::isSynchronized() const
{
    return m_viewSync->isEnabled();
}

ImageView* PriorComparisonView::view(int cell) const
{
    return cell >= 0 && cell < int(m_views.size()) ? m_views[size_t(cell)] : nullptr;
}

QString PriorComparisonView::caption(int cell) const
{
    return cell >= 0 && cell < int(m_captions.size()) ? m_captions[size_t(cell)]->text()
                                                      : QString();
}

QString PriorComparisonView::scoreText() const
{
    QString t = m_scores->text();
    t.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    t.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    return t;
}

} // namespace chexview
