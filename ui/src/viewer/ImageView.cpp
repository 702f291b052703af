#include "chexview/ui/viewer/ImageView.h"

#include "chexview/measure/MeasurementPainter.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/viewer/PatientOverlay.h"

#include <QCursor>
#include <QFontMetrics>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace chexview {

ImageView::ImageView(QWidget* parent)
    : QWidget(parent), m_measurements(new MeasurementLayer(this)), m_tool(m_measurements)
{
    connect(m_measurements, &MeasurementLayer::changed, this, qOverload<>(&QWidget::update));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(200, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setContextMenuPolicy(Qt::PreventContextMenu); // right drag is window/level
}

void ImageView::setMeasureMode(MeasurementTool::Mode mode)
{
    m_tool.setMode(mode);
    setCursor(mode == MeasurementTool::Mode::None ? Qt::ArrowCursor : Qt::CrossCursor);
    update();
}

void ImageView::setImage(XrayImagePtr image)
{
    m_tool.cancel();
    m_image = std::move(image);
    m_overlay = {};
    m_overlayLabel.clear();
    m_settings.window = m_image ? m_image->defaultWindow() : VoiWindow();
    m_settings.userInvert = false;
    m_view.reset();
    m_view.setImageSize(m_image ? QSize(m_image->width(), m_image->height()) : QSize());
    m_view.setViewportSize(size());
    if (m_image) {
        const auto [lo, hi] = m_image->modalityRange();
        m_windowStep = std::max((hi - lo) / 512.0, 1e-3);
    }
    rerender();
    Q_EMIT windowChanged(m_settings.window);
    Q_EMIT invertChanged(false);
    Q_EMIT zoomChanged(m_view.zoom());
    Q_EMIT orientationChanged();
    // The readout is this image's value under the cursor, or nothing: never the last image's.
    if (underMouse())
        reportPixel(QPointF(mapFromGlobal(QCursor::pos())));
    else
        Q_EMIT pixelHovered(false, {}, 0, 0.0);
}

void ImageView::setWindow(const VoiWindow& window)
{
    m_settings.window = window;
    rerender();
    Q_EMIT windowChanged(window);
}

void ImageView::setInvert(bool invert)
{
    if (invert == m_settings.userInvert)
        return;
    m_settings.userInvert = invert;
    rerender();
    Q_EMIT invertChanged(invert);
}

void ImageView::setOverlay(const CamOverlay& overlay)
{
    m_overlay = overlay;
    update();
}

void ImageView::setOverlayLabel(const QString& label)
{
    m_overlayLabel = label;
    update();
}

void ImageView::leaveEvent(QEvent* event)
{
    m_cursor = {-1, -1};
    if (m_magnifier)
        update();
    reportPixel({-1e9, -1e9});
    QWidget::leaveEvent(event);
}

void ImageView::setSourceNote(const QString& note)
{
    m_sourceNote = note;
    update();
}

void ImageView::setOverlayVisible(bool visible)
{
    m_overlayVisible = visible;
    update();
}

void ImageView::setAnonymize(bool on)
{
    m_anonymize = on;
    update();
}

void ImageView::rerender()
{
    if (m_image) {
        m_display = DisplayPipeline::render(*m_image, m_settings);
        m_pixmap = QPixmap::fromImage(m_display);
    } else {
        m_display = {};
        m_pixmap = {};
    }
    update();
}

void ImageView::zoomIn()
{
    m_view.zoomBy(1.25, rect().center());
    update();
    Q_EMIT zoomChanged(m_view.zoom());
}

void ImageView::zoomOut()
{
    m_view.zoomBy(0.8, rect().center());
    update();
    Q_EMIT zoomChanged(m_view.zoom());
}

void ImageView::zoomActualSize()
{
    m_view.setZoom(1.0);
    update();
    Q_EMIT zoomChanged(1.0);
}

void ImageView::zoomFit()
{
    m_view.fit();
    update();
    Q_EMIT zoomChanged(m_view.zoom());
}

void ImageView::rotateClockwise()
{
    m_view.rotateClockwise();
    update();
    Q_EMIT orientationChanged();
}

void ImageView::flipHorizontal()
{
    m_view.toggleFlip();
    update();
    Q_EMIT orientationChanged();
}

void ImageView::resetView()
{
    m_view.reset();
    m_settings.userInvert = false;
    if (m_image)
        m_settings.window = m_image->defaultWindow();
    rerender();
    Q_EMIT windowChanged(m_settings.window);
    Q_EMIT invertChanged(false);
    Q_EMIT zoomChanged(m_view.zoom());
    Q_EMIT orientationChanged();
}

QString ImageView::windowText() const
{
    const VoiWindow& w = m_settings.window;
    QString text =
        w.isLut()
            ? QStringLiteral("VOI LUT")
            : QStringLiteral("W %1  L %2").arg(w.width(), 0, 'f', 0).arg(w.center(), 0, 'f', 0);
    if (!w.name().isEmpty())
        text += QStringLiteral("  (%1)").arg(w.name());
    if (m_settings.userInvert)
        text += QStringLiteral("  inverted");
    return text;
}

void ImageView::setExpertBoxes(const QList<LabelledBox>& boxes)
{
    m_boxes = boxes;
    update();
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (!m_image) {
        p.setPen(QColor(160, 160, 160));
        p.drawText(rect(), Qt::AlignCenter,
                   tr("Open a chest X-ray (Ctrl+O) or drop a file or folder here"));
        return;
    }
    p.save();
    p.setTransform(m_view.imageToWidget());
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_view.zoom() < 2.0);
    p.drawPixmap(0, 0, m_pixmap);
    if (m_overlayVisible && !m_overlay.image.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        p.drawImage(m_overlay.rect, m_overlay.image);
    }
    p.restore();
    ExpertBoxOverlay::paint(p, m_view.imageToWidget(), m_boxes);
    MeasurementPainter::Style style;
    style.handles = true;
    style.selected = m_measurements->selected();
    style.fontPx = std::clamp(height() / 45, 12, 24);
    MeasurementPainter::paint(p, m_view.imageToWidget(), m_measurements->measurements(),
                              m_measurements->values(), style);
    if (m_tool.busy())
        MeasurementPainter::paintDraft(p, m_view.imageToWidget(),
                                       MeasurementTool::kindOf(m_tool.mode()), m_tool.draft(),
                                       style);
    paintOrientation(p);
    paintMagnifier(p);
    PatientOverlay::paint(p, rect(), overlayCorners());
}

PatientOverlay::Corners ImageView::overlayCorners() const
{
    if (!m_image)
        return {};
    auto corners = PatientOverlay::compose(
        m_image->metadata(), m_anonymize, windowText(),
        QStringLiteral("Zoom %1%").arg(std::lround(m_view.zoom() * 100)), m_image->frameCount());
    if (m_overlayVisible && !m_overlayLabel.isEmpty())
        corners.bottomLeft.prepend(m_overlayLabel);
    if (!m_sourceNote.isEmpty())
        corners.bottomLeft.prepend(m_sourceNote);
    return corners;
}

void ImageView::resizeEvent(QResizeEvent*)
{
    m_view.setViewportSize(size());
    if (m_image && m_view.isFit())
        Q_EMIT zoomChanged(m_view.zoom());
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    if (!m_image)
        return;
    const double steps = event->angleDelta().y() / 120.0;
    m_view.zoomBy(std::pow(1.15, steps), event->position());
    update();
    Q_EMIT zoomChanged(m_view.zoom());
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    m_lastMouse = event->position();
    const bool windowing =
        event->button() == Qt::RightButton ||
        (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ControlModifier));
    m_drag = windowing ? Drag::Window : event->button() == Qt::LeftButton ? Drag::Pan : Drag::None;
    if (m_drag == Drag::Pan && m_image &&
        m_tool.press(m_view.widgetToImage(event->position()), 8.0 / m_view.zoom())) {
        m_drag = Drag::Measure;
        update();
    }
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF delta = event->position() - m_lastMouse;
    m_lastMouse = event->position();
    m_cursor = event->position();
    if (m_magnifier)
        update();
    if (m_drag == Drag::Measure || (m_drag == Drag::None && m_tool.busy())) {
        if (m_tool.move(m_view.widgetToImage(event->position())))
            update();
    } else if (m_drag == Drag::Pan) {
        m_view.panBy(delta);
        update();
    } else if (m_drag == Drag::Window && m_image) {
        VoiWindow w = m_settings.window;
        const double width = std::max(1.0, w.width() + delta.x() * m_windowStep);
        const double center = w.center() - delta.y() * m_windowStep;
        setWindow(VoiWindow(center, width, w.isLut() ? VoiWindow::Function::Linear : w.function(),
                            tr("Manual")));
    }
    reportPixel(event->position());
}

void ImageView::reportPixel(QPointF p)
{
    if (!m_image) {
        Q_EMIT pixelHovered(false, {}, 0, 0.0);
        return;
    }
    // Compared as doubles before any conversion: a point far outside maps beyond int's range.
    const QPointF ip = m_view.widgetToImage(p);
    if (!QRectF(rect()).contains(p) || !(ip.x() >= 0.0 && ip.y() >= 0.0) ||
        ip.x() >= m_image->width() || ip.y() >= m_image->height()) {
        Q_EMIT pixelHovered(false, {}, 0, 0.0);
        return;
    }
    const int x = int(ip.x());
    const int y = int(ip.y());
    Q_EMIT pixelHovered(true, QPoint(x, y), m_image->stored().at(x, y),
                        m_image->modalityValueAt(x, y));
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag == Drag::Measure) {
        m_tool.release(m_view.widgetToImage(event->position()));
        update();
    }
    m_drag = Drag::None;
}

bool ImageView::event(QEvent* event)
{
    // Esc while drawing drops the shape (before the window's Esc shortcuts see it); Delete
    // removes the selected measurement.
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Escape && m_tool.busy()) ||
            ((key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) &&
             m_measurements->selected() >= 0)) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void ImageView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_1:
        zoomActualSize();
        break;
    case Qt::Key_F:
        zoomFit();
        break;
    case Qt::Key_I:
        toggleInvert();
        break;
    case Qt::Key_Space:
        resetView();
        break;
    case Qt::Key_Escape:
        m_tool.cancel();
        update();
        break;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        m_measurements->remove(m_measurements->selected());
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace chexview
