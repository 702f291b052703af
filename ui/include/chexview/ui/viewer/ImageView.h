#pragma once

#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/ui/viewer/ExpertBoxOverlay.h"
#include "chexview/ui/viewer/PatientOverlay.h"
#include "chexview/ui/viewer/ViewTransform.h"

#include <QPixmap>
#include <QWidget>

namespace chexview {

/// Paints one X-ray with fit/zoom/pan, window/level, invert, flip/rotate and the patient
/// overlay. Mouse: left drag pans, right drag (or Ctrl+left) windows: horizontal = width,
/// vertical = level. Wheel zooms about the cursor. GUI thread only.
class ImageView : public QWidget
{
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    void setImage(XrayImagePtr image);
    XrayImagePtr image() const { return m_image; }

    void setWindow(const VoiWindow& window);
    VoiWindow window() const { return m_settings.window; }
    void setInvert(bool invert);
    bool invert() const { return m_settings.userInvert; }
    void setAnonymize(bool on);
    bool anonymize() const { return m_anonymize; }

    /// Heatmap drawn over the image (in image coordinates); a null image removes it.
    void setOverlay(const CamOverlay& overlay);
    /// Which finding the heatmap shows, with its score; painted above the window readout
    /// whenever the heatmap is on (cleared with a new image).
    void setOverlayLabel(const QString& label);
    QString overlayLabel() const { return m_overlayLabel; }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return m_overlayVisible; }
    bool hasOverlay() const { return !m_overlay.image.isNull(); }

    /// Expert boxes outlined over the image (image coordinates); empty removes them. Kept until
    /// replaced (the window sets them per shown file).
    void setExpertBoxes(const QList<LabelledBox>& boxes);
    QList<LabelledBox> expertBoxes() const { return m_boxes; }

    ViewTransform& transform() { return m_view; }
    double zoom() const { return m_view.zoom(); }
    /// The 8-bit display image currently shown (before geometry), for tests and export.
    QImage displayImage() const { return m_display; }
    /// The four corners' text as painted now, for tests (every line that reaches the screen).
    PatientOverlay::Corners overlayCorners() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void zoomActualSize();
    void zoomFit();
    void rotateClockwise();
    void flipHorizontal();
    void toggleInvert() { setInvert(!invert()); }
    /// Space: back to the file's default window, no invert, fit, no rotation/flip.
    void resetView();

Q_SIGNALS:
    void windowChanged(const chexview::VoiWindow& window);
    void invertChanged(bool inverted);
    void zoomChanged(double zoom);
    /// Cursor over the image: pixel position, stored and modality values. valid=false: outside.
    void pixelHovered(bool valid, QPoint pos, int stored, double modality);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rerender();
    QString windowText() const;

    XrayImagePtr m_image;
    DisplayPipeline::Settings m_settings;
    QImage m_display;
    QPixmap m_pixmap;
    ViewTransform m_view;
    bool m_anonymize = false;
    CamOverlay m_overlay;
    QString m_overlayLabel;
    bool m_overlayVisible = true;
    QList<LabelledBox> m_boxes;
    enum class Drag
    {
        None,
        Pan,
        Window
    } m_drag = Drag::None;
    QPointF m_lastMouse;
    double m_windowStep = 1.0; ///< modality units per dragged pixel
};

} // namespace chexview
