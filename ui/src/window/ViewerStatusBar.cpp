#include "chexview/ui/window/ViewerStatusBar.h"

#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/window/ElidedLabel.h"

#include <QLabel>
#include <QStatusBar>

namespace chexview {

ViewerStatusBar::ViewerStatusBar(QStatusBar* bar, ImageView* view)
    : QObject(bar), m_view(view), m_file(new ElidedLabel(bar)), m_pixel(new QLabel(bar)),
      m_orientation(new QLabel(bar)), m_calibration(new QLabel(bar)), m_window(new QLabel(bar)),
      m_zoom(new QLabel(bar))
{
    m_file->setObjectName(QStringLiteral("fileStatus"));
    m_pixel->setObjectName(QStringLiteral("pixelStatus"));
    m_orientation->setObjectName(QStringLiteral("orientationStatus"));
    m_calibration->setObjectName(QStringLiteral("calibrationStatus"));
    bar->addWidget(m_file, 1);
    bar->addPermanentWidget(m_pixel);
    bar->addPermanentWidget(m_orientation);
    bar->addPermanentWidget(m_calibration);
    bar->addPermanentWidget(m_window);
    bar->addPermanentWidget(m_zoom);
    connect(m_view, &ImageView::windowChanged, this, &ViewerStatusBar::updateWindow);
    connect(m_view, &ImageView::invertChanged, this, &ViewerStatusBar::updateWindow);
    connect(m_view, &ImageView::orientationChanged, this, &ViewerStatusBar::updateOrientation);
    connect(m_view, &ImageView::zoomChanged, this,
            [this](double z) { m_zoom->setText(tr("Zoom %1%").arg(qRound(z * 100))); });
    connect(m_view, &ImageView::pixelHovered, this, &ViewerStatusBar::updatePixel);
}

void ViewerStatusBar::showLoading(const QString& name)
{
    m_file->setFullText(tr("Loading %1…").arg(name));
    m_file->setStyleSheet(QString());
    m_pixel->clear();
}

void ViewerStatusBar::showFile(const QString& text, const QString& toolTip)
{
    m_file->setStyleSheet(QString());
    m_file->setFullText(text);
    m_file->setToolTip(toolTip);
}

void ViewerStatusBar::showError(const QString& text)
{
    m_file->setFullText(text);
    m_file->setStyleSheet(QStringLiteral("color:#c03030;"));
}

QString ViewerStatusBar::fileText() const
{
    return m_file->fullText();
}

void ViewerStatusBar::setCalibration(const QString& text, const QString& toolTip)
{
    m_calibration->setText(text);
    m_calibration->setToolTip(toolTip);
}

void ViewerStatusBar::updateWindow()
{
    if (!m_view->image()) {
        m_window->clear();
        return;
    }
    const VoiWindow w = m_view->window();
    m_window->setText(w.isLut()
                          ? tr("VOI LUT %1").arg(w.name())
                          : tr("W %1 L %2").arg(w.width(), 0, 'f', 1).arg(w.center(), 0, 'f', 1));
}

void ViewerStatusBar::updateOrientation()
{
    const OrientationMarkers m = m_view->orientation();
    m_orientation->setText(m_view->image() ? m.statusText() : QString());
    m_orientation->setToolTip(
        m.assumed ? tr("Patient directions at the left/right and top/bottom edges. The file has "
                       "no Patient Orientation (0020,0020): the standard chest display is "
                       "assumed (patient's left on the viewer's right).")
                  : tr("Patient directions at the left/right and top/bottom edges, from the "
                       "file's Patient Orientation (0020,0020)."));
}

void ViewerStatusBar::updatePixel(bool valid, QPoint pos, int stored, double modality)
{
    if (!valid || !m_view->image()) {
        m_pixel->clear();
        return;
    }
    QString text = tr("x %1 y %2  stored %3  value %4")
                       .arg(pos.x())
                       .arg(pos.y())
                       .arg(stored)
                       .arg(modality, 0, 'g', 6);
    const ImageMetadata& m = m_view->image()->metadata();
    if (m.spacingRowMm && m.spacingColMm)
        text += tr("  (%1, %2) mm")
                    .arg(pos.x() * *m.spacingColMm, 0, 'f', 1)
                    .arg(pos.y() * *m.spacingRowMm, 0, 'f', 1);
    m_pixel->setText(text);
}

} // namespace chexview
