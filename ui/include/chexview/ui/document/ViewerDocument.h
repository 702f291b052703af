#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace chexview {

/// What the viewer shows, in one place: the file and its image, the analysis result with the
/// provenance of the engine that produced it (the manifest the engine *loaded*, never re-read
/// from disk), the selected finding and the heatmap settings. ImageView, the findings panel,
/// presentation mode and the exports observe it instead of asking the main window.
/// The heatmap of the selected finding is rendered here, once per change of result, finding
/// or settings, and shared by everything that paints it (overlay()).
/// Thread contract: GUI thread only (a QObject with signals; no locking).
class ViewerDocument : public QObject
{
    Q_OBJECT
public:
    struct HeatmapSettings
    {
        bool visible = true;
        CamRenderer::Colormap colormap = CamRenderer::Colormap::Jet;
        double opacity = 0.5;
        bool operator==(const HeatmapSettings& o) const
        {
            return visible == o.visible && colormap == o.colormap && opacity == o.opacity;
        }
    };

    explicit ViewerDocument(QObject* parent = nullptr);

    /// A new image (null: failed to open): the result, finding and overlay are cleared.
    void setImage(const QString& file, XrayImagePtr image);
    /// Scores for the shown file with the provenance of the model that computed them. A result
    /// for another file (a late answer) is ignored and false returned.
    bool setResult(const AnalysisResult& result, const QJsonObject& provenance);
    /// Scores off (a new analysis is on its way).
    void clearResult();
    /// The input gate's verdict on the image as results record it
    /// (GateVerdict::recordedSummary); cleared with a new image.
    void setGateVerdict(const QString& verdict) { m_gate = verdict; }
    const QString& gateVerdict() const { return m_gate; }
    /// The finding whose heatmap is shown (-1: none).
    void setFinding(int finding);
    void setHeatmapSettings(const HeatmapSettings& settings);

    QString file() const { return m_file; }
    XrayImagePtr image() const { return m_image; }
    const AnalysisResult& result() const { return m_result; }
    bool hasResult() const { return !m_result.isEmpty(); }
    const QJsonObject& provenance() const { return m_provenance; }
    int finding() const { return m_finding; }
    /// The finding the heatmap shows: finding() while the heatmap is on and a result exists,
    /// else -1.
    int shownFinding() const;
    const HeatmapSettings& heatmapSettings() const { return m_settings; }
    /// The selected finding's heatmap (empty when shownFinding() is -1), and its label.
    const CamOverlay& overlay() const { return m_overlay; }
    const QString& overlayLabel() const { return m_overlayLabel; }
    /// How many times a heatmap was rendered (each change renders at most once).
    int renderCount() const { return m_renders; }

Q_SIGNALS:
    /// A new file/image is shown (resultChanged and overlayChanged follow).
    void imageChanged();
    /// The scores changed (new result or cleared).
    void resultChanged();
    /// overlay() / overlayLabel() / shownFinding() changed.
    void overlayChanged();

private:
    void rerender();

    QString m_file;
    XrayImagePtr m_image;
    AnalysisResult m_result;
    QJsonObject m_provenance;
    QString m_gate;
    int m_finding = -1;
    HeatmapSettings m_settings;
    CamOverlay m_overlay;
    QString m_overlayLabel;
    int m_renders = 0;
};

} // namespace chexview
