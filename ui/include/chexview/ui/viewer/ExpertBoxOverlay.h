#pragma once

#include <QColor>
#include <QList>
#include <QRectF>
#include <QString>

class QPainter;
class QTransform;

namespace chexview {

/// A box to outline on the image, in image pixel coordinates, with its label.
struct LabelledBox
{
    QRectF rect;
    QString label;
};

/// Paints expert annotations (e.g. NIH BBox_List boxes) as labelled outlines over the image:
/// a 2-pixel outline in color() that follows zoom, pan, rotation and flip, and the label on a
/// dark tag above the box. Stateless; GUI thread (it paints).
class ExpertBoxOverlay
{
public:
    static QColor color() { return QColor(0, 255, 128); }
    static void paint(QPainter& painter, const QTransform& imageToWidget,
                      const QList<LabelledBox>& boxes);
};

} // namespace chexview
