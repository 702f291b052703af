#include "chexview/ui/presentation/FindingsOverlay.h"

#include "chexview/ui/viewer/ImageView.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace chexview {

FindingsOverlay::FindingsOverlay(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    if (parent) {
        parent->installEventFilter(this);
        setGeometry(parent->rect());
    }
}

bool FindingsOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void FindingsOverlay::setResult(const AnalysisResult& result, int heatmapFinding,
                                CamRenderer::Colormap colormap)
{
    m_result = result;
    m_finding = heatmapFinding;
    m_colormap = colormap;
    if (!result.isEmpty())
        m_status.clear();
    update();
}

void FindingsOverlay::setModel(const QString& name, bool trained)
{
    m_model = name;
    m_trained = trained;
    update();
}

void FindingsOverlay::setStatus(const QString& status)
{
    m_status = status;
    if (!status.isEmpty())
        m_result = {};
    update();
}

QRect FindingsOverlay::boxRect(int px, int boxHeight) const
{
    const int pad = px / 2 + 4;
    const int wanted = std::min(width() * 9 / 25, px * 22);
    const int narrowest = px * 12; // still reads "Cardiomegaly 0.93"
    // The image's place on screen: the box goes into the wider free margin beside it when that
    // margin holds a readable box, so it covers no lung; otherwise over the top right corner.
    QRectF image;
    if (auto* view = qobject_cast<ImageView*>(parentWidget()); view && view->image())
        image = view->transform().imageToWidget().mapRect(
            QRectF(0, 0, view->image()->width(), view->image()->height()));
    if (!image.isEmpty()) {
        const int right = width() - int(std::ceil(image.right()));
        const int left = int(std::floor(image.left()));
        const int margin = std::max(left, right);
        if (margin - pad * 2 >= narrowest) {
            const int w = std::min(wanted, margin - pad * 2);
            const int x = right >= left ? width() - w - pad : pad;
            return {x, pad * 2, w, boxHeight};
        }
    }
    return {width() - wanted - pad * 2, pad * 2, wanted, boxHeight};
}

QRect FindingsOverlay::box() const
{
    const int px = std::clamp(height() / 36, 16, 34);
    return boxRect(px, (int(lines().size()) + 1) * (px * 3 / 2) + (px / 2 + 4) * 2);
}

QStringList FindingsOverlay::lines() const
{
    QStringList out;
    if (!m_model.isEmpty())
        out << m_model;
    if (!m_trained)
        out << tr("UNTRAINED — scores meaningless");
    if (!m_status.isEmpty())
        out << m_status;
    if (!m_result.isEmpty()) {
        const std::vector<int> order = m_result.ranking();
        for (size_t i = 0; i < order.size() && i < size_t(kTopFindings); ++i) {
            const int k = order[i];
            out << QStringLiteral("%1 %2")
                       .arg(m_result.labels[k])
                       .arg(double(m_result.probabilities[size_t(k)]), 0, 'f', 2);
        }
        if (m_finding >= 0 && m_finding < int(m_result.labels.size()))
            out << tr("Heatmap: %1").arg(m_result.labels[m_finding]);
    }
    out << tr("Not for clinical use");
    return out;
}

void FindingsOverlay::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = this->font();
    const int px = std::clamp(height() / 36, 16, 34);
    font.setPixelSize(px);
    p.setFont(font);
    const int line = px * 3 / 2;
    const int pad = px / 2 + 4;
    const int rows = int(lines().size()) + 1;
    const QRect box = boxRect(px, rows * line + pad * 2);
    p.fillRect(box, QColor(0, 0, 0, 170));
    int y = box.top() + pad;
    const int x = box.left() + pad;
    const int inner = box.width() - 2 * pad;
    auto text = [&](const QString& s, const QColor& c, bool bold = false) {
        QFont f = font;
        f.setBold(bold);
        p.setFont(f);
        p.setPen(c);
        p.drawText(QRect(x, y, inner, line), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(s, Qt::ElideRight, inner));
        y += line;
    };
    if (!m_model.isEmpty())
        text(m_model, QColor(210, 210, 210));
    if (!m_trained) {
        p.fillRect(QRect(x, y + 2, inner, line - 4), QColor(242, 194, 0));
        text(tr(" UNTRAINED — scores meaningless"), Qt::black, true);
    }
    if (!m_status.isEmpty())
        text(m_status, QColor(240, 240, 240));
    if (!m_result.isEmpty()) {
        const std::vector<int> order = m_result.ranking();
        for (size_t i = 0; i < order.size() && i < size_t(kTopFindings); ++i) {
            const int k = order[i];
            const double score = m_result.probabilities[size_t(k)];
            const double threshold = m_result.thresholds[size_t(k)];
            const bool positive = m_result.isPositive(k);
            // Bar behind the text, threshold tick on it.
            const QRect bar(x, y + line - 6, inner, 4);
            p.fillRect(bar, QColor(90, 90, 90));
            p.fillRect(QRect(bar.left(), bar.top(), int(bar.width() * std::clamp(score, 0.0, 1.0)),
                             bar.height()),
                       positive ? QColor(230, 120, 60) : QColor(120, 170, 230));
            p.fillRect(QRect(bar.left() + int(bar.width() * threshold) - 1, bar.top() - 4, 3, 12),
                       Qt::white);
            const QString label =
                QStringLiteral("%1 %2").arg(m_result.labels[k]).arg(score, 0, 'f', 2);
            text(label, positive ? QColor(255, 200, 150) : QColor(235, 235, 235), positive);
        }
        if (m_finding >= 0 && m_finding < int(m_result.labels.size())) {
            text(tr("Heatmap: %1").arg(m_result.labels[m_finding]), QColor(235, 235, 235));
            const QRect ramp(x, y, inner, px / 2);
            p.drawImage(ramp, CamRenderer::colourRamp(m_colormap, 256));
            y += px / 2 + 4;
        }
    }
    QFont small = font;
    small.setPixelSize(std::max(12, px * 2 / 3));
    p.setFont(small);
    p.setPen(QColor(230, 110, 110));
    p.drawText(QRect(x, y, inner, line), Qt::AlignVCenter | Qt::AlignLeft,
               tr("Not for clinical use"));
}

} // namespace chexview
