#include "chexview/ui/evaluation/PaintedChart.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>

namespace chexview {

PaintedChart::PaintedChart(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(320, 220);
}

void PaintedChart::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    paintChart(p, QRectF(rect()));
}

bool PaintedChart::save(const QString& path, QString* error, QSize size) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("chexview chart"));
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = tr("cannot write %1").arg(path);
            return false;
        }
        paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)));
        p.end();
        return QFileInfo(path).size() > 0;
    }
    if (suffix != QLatin1String("png")) {
        if (error)
            *error = tr("charts export as .png or .svg, not '%1'").arg(suffix);
        return false;
    }
    QImage image(size * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("cannot write %1").arg(path);
        return false;
    }
    return true;
}

QString PaintedChart::exportWithDialog(QWidget* parent, const QString& baseName) const
{
    const QString path =
        QFileDialog::getSaveFileName(parent, tr("Export chart"), baseName + QStringLiteral(".png"),
                                     tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return {};
    QString error;
    if (!save(path, &error)) {
        QMessageBox::warning(parent, tr("Export chart"), error);
        return {};
    }
    return path;
}

} // namespace chexview
