#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"

#include <QWidget>

namespace chexview {

/// The compact findings box of presentation mode, painted in the wider free margin beside the
/// image when that holds a readable box (else over the image's top right corner):
/// the top findings with score bars and threshold ticks, the heatmap's finding and colour
/// scale, the model and an "untrained" badge when it is. Transparent to the mouse.
/// GUI thread only.
class FindingsOverlay : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kTopFindings = 5;
    explicit FindingsOverlay(QWidget* parent = nullptr);
    void setResult(const AnalysisResult& result, int heatmapFinding,
                   CamRenderer::Colormap colormap);
    void setModel(const QString& name, bool trained);
    /// Shown instead of scores ("loading model…", "analysing…", an error).
    void setStatus(const QString& status);
    /// Every line of text the box paints, for tests.
    QStringList lines() const;
    /// Where the box is painted now (widget coordinates), for tests.
    QRect box() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    /// Follows the parent's size: the box always covers the whole image view.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QRect boxRect(int px, int boxHeight) const;

    AnalysisResult m_result;
    int m_finding = -1;
    CamRenderer::Colormap m_colormap = CamRenderer::Colormap::Jet;
    QString m_model;
    bool m_trained = true;
    QString m_status;
};

} // namespace chexview
