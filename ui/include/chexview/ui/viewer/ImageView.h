#pragma once

#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/ui/viewer/ExpertBoxOverlay.h"
#include "chexview/ui/viewer/MeasurementTool.h"
#include "chexview/ui/viewer/OrientationMarkers.h"
#include "chexview/ui/viewer/PatientOverlay.h"
#include "chexview/ui/viewer/ViewTransform.h"

#include <QPixmap>
#include <QWidget>

class QPainter;

namespace chexview {

/// Paints one X-ray with fit/zoom/pan, window/level, invert, flip/rotate and the patient
/// overlay, orientation markers at the edges and the measurements (MeasurementLayer). Mouse:
/// left drag pans (or draws with a measurement tool; a measurement's handle is dragged in every
/// mode), right drag (or Ctrl+left) windows: horizontal = width, vertical = level. Wheel zooms
/// about the cursor. Delete removes the selected measurement, Esc drops a half-drawn one.
/// GUI thread only.
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
    /// One line about where other scores of this image come from (an evaluated predictions
    /// source), painted above the heatmap label; empty removes it. Kept until replaced.
    void setSourceNote(const QString& note);
    QString sourceNote() const { return m_sourceNote; }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return m_overlayVisible; }
    bool hasOverlay() const { return !m_overlay.image.isNull(); }

    /// Expert boxes outlined over the image (image coordinates); empty removes them. Kept until
    /// replaced (the window sets them per shown file).
    void setExpertBoxes(const QList<LabelledBox>& boxes);
    QList<LabelledBox> expertBoxes() const { return m_boxes; }

    /// A round lens over the cursor showing the image `magnifierFactor()` times larger (the
    /// display pixels themselves, no smoothing above 2:1), for a pneumothorax line or a nodule.
    void setMagnifier(bool on);
    bool magnifier() const { return m_magnifier; }
    static constexpr double magnifierFactor() { return 3.0; }
    /// Where the lens is drawn now (widget coordinates), empty when it is not.
    QRect magnifierRect() const;

    /// The measurements of the current image (the window fills it on each image).
    MeasurementLayer* measurements() const { return m_measurements; }
    void setMeasureMode(MeasurementTool::Mode mode);
    MeasurementTool::Mode measureMode() const { return m_tool.mode(); }
    const MeasurementTool& measureTool() const { return m_tool; }

    ViewTransform& transform() { return m_view; }
    double zoom() const { return m_view.zoom(); }
    /// The 8-bit display image currently shown (before geometry), for tests and export.
    QImage displayImage() const { return m_display; }
    /// The patient directions at the view's edges, as painted now (after flip and rotation).
    OrientationMarkers orientation() const;
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
    /// Flip, rotation or image changed: orientation() has new edge labels.
    void orientationChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void rerender();
    /// pixelHovered for the widget point `p` (the cursor), valid only over the image.
    void reportPixel(QPointF p);
    void paintOrientation(QPainter& p) const;
    void paintMagnifier(QPainter& p) const;
    QString windowText() const;

    XrayImagePtr m_image;
    DisplayPipeline::Settings m_settings;
    QImage m_display;
    QPixmap m_pixmap;
    ViewTransform m_view;
    bool m_anonymize = false;
    CamOverlay m_overlay;
    QString m_overlayLabel;
    QString m_sourceNote;
    bool m_magnifier = false;
    QPointF m_cursor{-1, -1}; ///< last mouse position over the widget
    bool m_overlayVisible = true;
    QList<LabelledBox> m_boxes;
    MeasurementLayer* m_measurements;
    MeasurementTool m_tool;
    enum class Drag
    {
        None,
        Pan,
        Window,
        Measure
    } m_drag = Drag::None;
    QPointF m_lastMouse;
    double m_windowStep = 1.0; ///< modality units per dragged pixel
};

} // namespace chexview
