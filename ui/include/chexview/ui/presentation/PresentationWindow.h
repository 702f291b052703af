#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"

#include <QTimer>
#include <QWidget>

class QLabel;

namespace chexview {

class FindingsOverlay;
class ImageView;

/// Presentation mode (F11): a full-screen, dark, keyboard-driven window with the image, its
/// heatmap and a compact findings box in large type; the patient overlay is always anonymized.
/// Keys: N / Space / Right / PageDown next, P / Left / PageUp previous, H heatmap, A auto-advance
/// on/off, [ and ] auto-advance interval -/+ 1 s, Escape or F11 leaves. The owner feeds it
/// images and results and steps the study on nextRequested / previousRequested.
/// GUI thread only.
class PresentationWindow : public QWidget
{
    Q_OBJECT
public:
    explicit PresentationWindow(QWidget* parent = nullptr);

    void setImage(XrayImagePtr image);
    /// Scores with the heatmap of `finding` (-1: none) and its label.
    void setResult(const AnalysisResult& result, int finding, const CamOverlay& overlay,
                   CamRenderer::Colormap colormap, const QString& heatmapLabel);
    void setModel(const QString& name, bool trained);
    /// "loading model…", "analysing…" or an error, instead of scores.
    void setStatus(const QString& status);
    /// Seconds between automatic steps; 0 turns auto-advance off.
    void setAutoAdvance(int seconds);
    int autoAdvance() const { return m_timer.isActive() ? m_seconds : 0; }
    int autoAdvanceInterval() const { return m_seconds; }
    /// Where the shown image is in the study (1-based), for the "3 of 12" line.
    void setPosition(int current, int total);
    /// The status line under the image: "3 of 12 · auto-advance on, every 10 s ([ ] change, A
    /// stops)" or "… · auto-advance off (A starts, 10 s)".
    QString statusLine() const;
    ImageView* imageView() const { return m_view; }
    FindingsOverlay* findingsOverlay() const { return m_overlay; }

Q_SIGNALS:
    void nextRequested();
    void previousRequested();
    void heatmapToggled();
    void closed();

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateStatusLine();

    ImageView* m_view;
    QLabel* m_statusLine;
    int m_current = 0;
    int m_total = 0;
    FindingsOverlay* m_overlay;
    QTimer m_timer;
    int m_seconds = 10;
};

} // namespace chexview
