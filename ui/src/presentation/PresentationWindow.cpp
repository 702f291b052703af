#include "chexview/ui/presentation/PresentationWindow.h"

#include "chexview/ui/presentation/FindingsOverlay.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QCloseEvent>
#include <QKeyEvent>
#include <QVBoxLayout>

#include <algorithm>

namespace chexview {

PresentationWindow::PresentationWindow(QWidget* parent)
    : QWidget(parent, Qt::Window), m_view(new ImageView(this)),
      m_overlay(new FindingsOverlay(m_view))
{
    setObjectName(QStringLiteral("presentationWindow"));
    setWindowTitle(tr("chexview — presentation"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setStyleSheet(QStringLiteral("background:black;color:#eeeeee;"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    // Large type for the corner text; the patient overlay is anonymized whatever the viewer's
    // setting (a projector is a public place).
    QFont big = m_view->font();
    big.setPointSizeF(std::max(16.0, big.pointSizeF() * 1.6));
    m_view->setFont(big);
    m_view->setAnonymize(true);
    m_view->setFocusPolicy(Qt::NoFocus);
    setFocusPolicy(Qt::StrongFocus);
    m_timer.setInterval(m_seconds * 1000);
    connect(&m_timer, &QTimer::timeout, this, &PresentationWindow::nextRequested);
}

void PresentationWindow::setImage(XrayImagePtr image)
{
    m_view->setImage(std::move(image));
    m_overlay->setResult({}, -1, CamRenderer::Colormap::Jet);
    if (m_timer.isActive())
        m_timer.start(); // a full interval for each image
}

void PresentationWindow::setResult(const AnalysisResult& result, int finding,
                                   const CamOverlay& overlay, CamRenderer::Colormap colormap,
                                   const QString& heatmapLabel)
{
    m_view->setOverlay(overlay);
    m_view->setOverlayLabel(heatmapLabel);
    m_overlay->setResult(result, finding, colormap);
}

void PresentationWindow::setModel(const QString& name, bool trained)
{
    m_overlay->setModel(name, trained);
}

void PresentationWindow::setStatus(const QString& status)
{
    m_overlay->setStatus(status);
}

void PresentationWindow::setAutoAdvance(int seconds)
{
    if (seconds <= 0) {
        m_timer.stop();
        return;
    }
    m_seconds = std::clamp(seconds, 1, 600);
    m_timer.start(m_seconds * 1000);
}

bool PresentationWindow::event(QEvent* event)
{
    // The viewer's own shortcuts (N, P, H, Escape...) must not fire behind this window: claim
    // every key it handles before the shortcut map sees it.
    if (event->type() == QEvent::ShortcutOverride) {
        switch (static_cast<QKeyEvent*>(event)->key()) {
        case Qt::Key_N:
        case Qt::Key_Space:
        case Qt::Key_Right:
        case Qt::Key_PageDown:
        case Qt::Key_P:
        case Qt::Key_Left:
        case Qt::Key_PageUp:
        case Qt::Key_H:
        case Qt::Key_A:
        case Qt::Key_BracketLeft:
        case Qt::Key_BracketRight:
        case Qt::Key_Escape:
        case Qt::Key_F11:
            event->accept();
            return true;
        default:
            break;
        }
    }
    return QWidget::event(event);
}

void PresentationWindow::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_N:
    case Qt::Key_Space:
    case Qt::Key_Right:
    case Qt::Key_PageDown:
        Q_EMIT nextRequested();
        break;
    case Qt::Key_P:
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        Q_EMIT previousRequested();
        break;
    case Qt::Key_H:
        Q_EMIT heatmapToggled();
        break;
    case Qt::Key_A:
        setAutoAdvance(m_timer.isActive() ? 0 : m_seconds);
        break;
    case Qt::Key_BracketLeft:
        m_seconds = std::max(1, m_seconds - 1);
        if (m_timer.isActive())
            setAutoAdvance(m_seconds);
        break;
    case Qt::Key_BracketRight:
        m_seconds = std::min(600, m_seconds + 1);
        if (m_timer.isActive())
            setAutoAdvance(m_seconds);
        break;
    case Qt::Key_Escape:
    case Qt::Key_F11:
        close();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void PresentationWindow::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Keyboard-only stepping must reach this window whatever the window manager focuses.
    grabKeyboard();
    setFocus();
}

void PresentationWindow::closeEvent(QCloseEvent* event)
{
    releaseKeyboard();
    m_timer.stop();
    Q_EMIT closed();
    event->accept();
}

} // namespace chexview
