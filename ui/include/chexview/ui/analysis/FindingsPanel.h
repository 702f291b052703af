#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/InferenceEngine.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QLineEdit;
class QComboBox;
class QCheckBox;
class QSlider;
class QPushButton;
class QProgressBar;
class QFormLayout;

namespace chexview {

class FindingBars;
struct GateVerdict;

/// Findings dock: model/engine/device/precision selector (what is available, with the reason
/// as tooltip when not, and what ran, with the milliseconds), the worker's Python interpreter,
/// a permanent "untrained" badge when the weights are a demo, the 14 sorted bars, heatmap
/// controls (toggle, opacity, colormap), progress/cancel and export.
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

    /// Devices the LibTorch engine cannot run, with the reason shown as their tooltip.
    void setDeviceAvailability(const QMap<QString, QString>& unavailable);
    /// The same for the worker engine and the interpreter `python` (ignored when the
    /// interpreter has changed since).
    void setWorkerDeviceAvailability(const QString& python,
                                     const QMap<QString, QString>& unavailable);
    /// Restores the engine ("libtorch" / "worker") and the worker's interpreter (empty: default).
    void setEngine(const QString& engine, const QString& python);
    void setModel(const QString& name, bool trained, const QString& dir);
    /// What a trained package was trained on and its validation AUROC (tooltip: per finding);
    /// an empty summary hides the row.
    void setTrainingInfo(const QString& summary, const QString& details);
    QString trainingInfo() const;
    void setModelError(const QString& message);
    void setBusy(bool busy, const QString& stage = {});
    /// A plain status line ("model ready", "loading model…").
    void setStatus(const QString& text);
    /// `totalMs`: from the file's open (`fromOpen`) or from the analysis request (a re-run
    /// after a model or precision change) to the scores.
    /// `waitedForModelLoad`: the request was queued behind a model load, whose time is in
    /// `totalMs` (said in the status, so a first figure is not mistaken for the warm speed).
    void setResult(const AnalysisResult& result, double totalMs, bool fromOpen = true,
                   bool waitedForModelLoad = false);
    void setError(const QString& message);
    void clearResult();
    /// The input gate's verdict on the open image: nothing shown for a plain ok; warn and notes
    /// shown above the scores; refuse shown with a "Score anyway" button (`forced` once the user
    /// asked for scores anyway: the reasons stay, the button goes).
    void setGate(const GateVerdict& verdict, bool forced = false);
    void clearGate();

Q_SIGNALS:
    void engineOptionsChanged();
    /// The worker engine was chosen or its interpreter changed: which devices can it run?
    void workerDevicesRequested(const QString& python);
    void modelDirRequested(const QString& dir);
    void analyzeRequested();
    void cancelRequested();
    /// The user wants scores for an image the input gate refused.
    void scoreAnywayRequested();
    void overlayChanged();
    void exportPngRequested();
    void exportCsvRequested();

private:
    void engineChanged();
    void applyAvailability();
    QString python() const;

    QMap<QString, QString> m_libtorchUnavailable;
    QMap<QString, QString> m_workerUnavailable;
    QString m_workerCheckedFor;
    QComboBox* m_engine;
    QLineEdit* m_python;
    QLabel* m_pythonLabel;
    QLabel* m_badge;
    QLabel* m_model;
    QComboBox* m_device;
    QComboBox* m_precision;
    QCheckBox* m_tta;
    QPushButton* m_analyze;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_gate;
    QPushButton* m_scoreAnyway;
    FindingBars* m_bars;
    QCheckBox* m_heatmap;
    QSlider* m_opacity;
    QComboBox* m_colormap;
    QLabel* m_training;
    QFormLayout* m_form = nullptr;
};

} // namespace chexview
