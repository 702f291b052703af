#include "chexview/ui/document/ViewerDocument.h"

#include "chexview/report/ReportBuilder.h"

#include <utility>

namespace chexview {

ViewerDocument::ViewerDocument(QObject* parent) : QObject(parent) {}

void ViewerDocument::setImage(const QString& file, XrayImagePtr image)
{
    m_file = file;
    m_image = std::move(image);
    m_result = {};
    m_provenance = {};
    m_gate.clear();
    m_finding = -1;
    Q_EMIT imageChanged();
    Q_EMIT resultChanged();
    rerender();
}

bool ViewerDocument::setResult(const AnalysisResult& result, const QJsonObject& provenance)
{
    if (result.file != m_file)
        return false;
    m_result = result;
    m_provenance = provenance;
    if (m_finding >= int(m_result.probabilities.size()))
        m_finding = -1;
    Q_EMIT resultChanged();
    rerender();
    return true;
}

void ViewerDocument::clearResult()
{
    if (m_result.isEmpty() && m_overlay.image.isNull())
        return;
    m_result = {};
    m_provenance = {};
    Q_EMIT resultChanged();
    rerender();
}

void ViewerDocument::setFinding(int finding)
{
    if (finding == m_finding)
        return;
    m_finding = finding;
    rerender();
}

void ViewerDocument::setHeatmapSettings(const HeatmapSettings& settings)
{
    if (settings == m_settings)
        return;
    m_settings = settings;
    rerender();
}

int ViewerDocument::shownFinding() const
{
    if (!m_settings.visible || m_result.isEmpty() || m_finding < 0 ||
        m_finding >= int(m_result.probabilities.size()))
        return -1;
    return m_finding;
}

void ViewerDocument::rerender()
{
    const int finding = shownFinding();
    if (finding < 0) {
        m_overlay = {};
        m_overlayLabel.clear();
    } else {
        m_overlay = CamRenderer::render(m_result, finding, m_settings.colormap, m_settings.opacity);
        m_overlayLabel = ReportBuilder::heatmapLabel(m_result, finding);
        ++m_renders;
    }
    Q_EMIT overlayChanged();
}

} // namespace chexview
