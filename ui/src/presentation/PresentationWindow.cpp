#include "chexview/ui/presentation/PresentationWindow.h"

#include "chexview/ui/presentation/FindingsOverlay.h"
#include "chexview/ui/viewer/ImageView.h"

#include <QCloseEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace chexview {

PresentationWindow::PresentationWindow(QWidget* parent)
    : QWidget(parent, Qt::Window), m_view(new ImageView(this)), m_statusLine(new QLabel(this)),
      m_overlay(new FindingsOverlay(m_view))
{
    setObjectName(QStringLiteral("presentationWindow"));
    setWindowTitle(tr("chexview — presentation"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setStyleSheet(QStringLiteral("background:black;color:#eeeeee;"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    m_statusLine->setObjectName(QStringLiteral("presentationStatus"));
    m_statusLine->setAlignment(Qt::AlignCenter);
    m_statusLine->setStyleSheet(QStringLiteral("color:#bbbbbb;padding:2px;"));
    layout->addWidget(m_statusLine);
    // The patient overlay is anonymized whatever the viewer's setting (a projector is a public
    // place); its type follows the screen (resizeEvent).
    m_view->setAnonymize(true);
    m_view->setFocusPolicy(Qt::NoFocus);
    setFocusPolicy(Qt::StrongFocus);
    m_timer.setInterval(m_seconds * 1000);
    connect(&m_timer, &QTimer::timeout, this, &PresentationWindow::nextRequested);
    updateStatusLine();
}

void PresentationWindow::setPosition(int current, int total)
{
    m_current = current;
    m_total = total;
    updateStatusLine();
}

QString PresentationWindow::statusLine() const
{
    QString s = m_total > 0 ? tr("%1 of %2").arg(m_current).arg(m_total) : QString();
    if (!s.isEmpty())
        s += QStringLiteral("  ·  ");
    s += m_timer.isActive() ? tr("auto-advance on, every %1 s ([ ] change, A stops)").arg(m_seconds)
                            : tr("auto-advance off (A starts, every %1 s)").arg(m_seconds);
    return s;
}

void PresentationWindow::updateStatusLine()
{
    m_statusLine->setText(statusLine());
}

void PresentationWindow::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Corner text at about 1/40 of the screen height: 27 px at 1080p (it was 17 px).
    QFont big = font();
    big.setPixelSize(std::clamp(height() / 40, 18, 48));
    m_view->setFont(big);
    QFont line = font();
    line.setPixelSize(std::clamp(height() / 50, 14, 36));
    m_statusLine->setFont(line);
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
    } else {
        m_seconds = std::clamp(seconds, 1, 600);
        m_timer.start(m_seconds * 1000);
    }
    updateStatusLine();
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
        updateStatusLine();
        break;
    case Qt::Key_BracketRight:
        m_seconds = std::min(600, m_seconds + 1);
        if (m_timer.isActive())
            setAutoAdvance(m_seconds);
        updateStatusLine();
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
