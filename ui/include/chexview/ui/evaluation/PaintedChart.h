#pragma once

#include <QWidget>

class QPainter;

namespace chexview {

/// A chart drawn with QPainter, so that the screen, PNG, SVG and the PDF report draw the same
/// thing: subclasses implement paintChart() for any rectangle. GUI thread only (save() may be
/// called on any thread that owns no widget only through paintChart on a QImage).
class PaintedChart : public QWidget
{
    Q_OBJECT
public:
    explicit PaintedChart(QWidget* parent = nullptr);
    /// Draws the chart into `rect` (white background included).
    virtual void paintChart(QPainter& p, const QRectF& rect) const = 0;
    /// PNG (at 2x the given logical size) or SVG by the file's suffix. False with `error` when
    /// the suffix is neither or the file cannot be written.
    bool save(const QString& path, QString* error = nullptr, QSize size = QSize(900, 600)) const;
    /// Asks for a file (PNG or SVG) and saves; returns the path saved ("" when cancelled).
    QString exportWithDialog(QWidget* parent, const QString& baseName) const;

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace chexview
