#include "chexview/report/AnnotatedImage.h"

#include "chexview/measure/MeasurementPainter.h"

#include <QPainter>

#include <algorithm>

namespace chexview {

namespace {
int fontPixels(int width)
{
    return std::clamp(width / 55, 11, 40);
}
} // namespace

int AnnotatedImage::legendHeight(int width)
{
    return fontPixels(width) * 11 / 2 + 16;
}

QImage AnnotatedImage::render(const Content& c)
{
    if (c.display.isNull())
        return {};
    const int w = c.display.width();
    const int h = c.display.height();
    const int strip = legendHeight(w);
    QImage out(w, h + strip, QImage::Format_RGB32);
    out.fill(QColor(24, 24, 24));
    QPainter p(&out);
    const QImage blended =
        c.overlay.image.isNull() ? c.display : CamRenderer::blend(c.display, c.overlay);
    p.drawImage(0, 0, blended);
    if (!c.measurements.isEmpty()) {
        MeasurementPainter::Style style;
        style.lineWidth = std::max(1.5, w / 600.0);
        style.fontPx = fontPixels(w);
        MeasurementPainter::paint(p, QTransform(), c.measurements, c.measurementValues, style);
    }

    const int px = fontPixels(w);
    QFont font = p.font();
    font.setPixelSize(px);
    p.setFont(font);
    const int margin = px / 2 + 4;
    const int line = px * 5 / 4;
    int y = h + margin + px;
    const int textWidth = c.overlay.image.isNull() ? w - 2 * margin : w * 2 / 3 - margin;
    auto text = [&](const QString& s, const QColor& colour) {
        p.setPen(colour);
        p.drawText(margin, y, p.fontMetrics().elidedText(s, Qt::ElideRight, textWidth));
        y += line;
    };
    text(c.overlay.image.isNull() ? QObject::tr("No heatmap") : c.heatmapLabel,
         QColor(240, 240, 240));
    QString model =
        c.model.isEmpty() ? QObject::tr("No analysis") : QObject::tr("Model: %1").arg(c.model);
    if (!c.model.isEmpty() && !c.gate.isEmpty())
        model += QObject::tr(" — input gate: %1").arg(c.gate);
    text(model, QColor(242, 194, 0));
    text(c.anonymized || c.identity.isEmpty()
             ? QObject::tr("Anonymized")
             : QObject::tr("Patient data: %1").arg(c.identity.join(QStringLiteral(" · "))),
         QColor(200, 200, 200));
    text(QObject::tr("Not for clinical use — chexview research viewer"), QColor(230, 110, 110));

    if (!c.overlay.image.isNull()) { // colour scale: low -> high
        const QRect bar(w * 2 / 3, h + margin + px / 2, w / 3 - margin, px);
        p.drawImage(bar, CamRenderer::colourRamp(c.colormap, 256));
        p.setPen(QColor(220, 220, 220));
        p.drawText(bar.left(), bar.bottom() + line, QObject::tr("low"));
        const QString high = QObject::tr("high activation");
        p.drawText(bar.right() - p.fontMetrics().horizontalAdvance(high), bar.bottom() + line,
                   high);
    }
    p.end();
    out.setText(QStringLiteral("Software"), QStringLiteral("chexview"));
    out.setText(QStringLiteral("Anonymized"),
                c.anonymized ? QStringLiteral("yes") : QStringLiteral("no"));
    out.setText(QStringLiteral("Disclaimer"), QStringLiteral("Not for clinical use"));
    return out;
}

} // namespace chexview
