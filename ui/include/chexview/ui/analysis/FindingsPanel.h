#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/InferenceEngine.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QComboBox;
class QCheckBox;
class QSlider;
class QPushButton;
class QProgressBar;

namespace chexview {

class FindingBars;

/// Findings dock: model/device/precision selector (what is available and what ran, with the
/// milliseconds), a permanent "untrained" badge when the weights are a demo, the 14 sorted
/// bars, heatmap controls (toggle, opacity, colormap), progress/cancel and export.
/// GUI thread only; it only shows state and emits requests.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget* parent = nullptr);

    InferenceEngine::Options engineOptions() const;
    bool tta() const;
    bool heatmapVisible() const;
    void setHeatmapVisible(bool on);
    double opacity() const;
    CamRenderer::Colormap colormap() const;
    FindingBars* bars() const { return m_bars; }
    QString statusText() const;
    bool badgeVisible() const;

    /// Devices that cannot run, with the reason shown as their tooltip; the others are enabled.
    void setDeviceAvailability(const QMap<QString, QString>& unavailable);
    void setModel(const QString& name, bool trained, const QString& dir);
    void setModelError(const QString& message);
    void setBusy(bool busy, const QString& stage = {});
    /// A plain status line ("model ready", "loading model…").
    void setStatus(const QString& text);
    /// `totalMs`: from the file's open (`fromOpen`) or from the analysis request (a re-run
    /// after a model or precision change) to the scores.
    void setResult(const AnalysisResult& result, double totalMs, bool fromOpen = true);
    void setError(const QString& message);
    void clearResult();

Q_SIGNALS:
    void engineOptionsChanged();
    void modelDirRequested(const QString& dir);
    void analyzeRequested();
    void cancelRequested();
    void overlayChanged();
    void exportPngRequested();
    void exportCsvRequested();

private:
    QLabel* m_badge;
    QLabel* m_model;
    QComboBox* m_device;
    QComboBox* m_precision;
    QCheckBox* m_tta;
    QPushButton* m_analyze;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    FindingBars* m_bars;
    QCheckBox* m_heatmap;
    QSlider* m_opacity;
    QComboBox* m_colormap;
};

} // namespace chexview
