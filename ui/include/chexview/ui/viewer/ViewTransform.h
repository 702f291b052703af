#pragma once

#include <QPointF>
#include <QSize>
#include <QTransform>

namespace chexview {

/// Geometry of the image view: zoom (or fit), pan, quarter-turn rotation and horizontal flip.
/// Plain value type; maps between image pixels and widget coordinates.
class ViewTransform
{
public:
    void setImageSize(QSize size) { m_image = size; }
    void setViewportSize(QSize size) { m_viewport = size; }
    QSize imageSize() const { return m_image; }

    bool isFit() const { return m_fit; }
    void fit();
    void setZoom(double zoom);
    /// Multiply zoom keeping the image point under `anchor` (widget coords) fixed.
    void zoomBy(double factor, QPointF anchor);
    double zoom() const; ///< effective scale (fit scale when in fit mode)

    void panBy(QPointF delta) { m_pan += delta; }
    void rotateClockwise() { m_quarterTurns = (m_quarterTurns + 1) % 4; }
    void toggleFlip() { m_flipH = !m_flipH; }
    int quarterTurns() const { return m_quarterTurns; }
    bool flipped() const { return m_flipH; }
    void reset();

    QTransform imageToWidget() const;
    QPointF widgetToImage(QPointF p) const { return imageToWidget().inverted().map(p); }

private:
    double fitScale() const;

    QSize m_image;
    QSize m_viewport;
    bool m_fit = true;
    double m_zoom = 1.0;
    QPointF m_pan;
    int m_quarterTurns = 0;
    bool m_flipH = false;
};

} // namespace chexview
