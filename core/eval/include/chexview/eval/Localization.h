#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/model/ClassActivationMaps.h"

#include <QRectF>
#include <QString>

#include <limits>
#include <vector>

namespace chexview {

/// A heatmap laid over an image: `width` x `height` values, row-major, covering `rect` (image
/// pixel coordinates; the model's crop), each value one cell of rect.width()/width by
/// rect.height()/height pixels.
struct HeatmapGrid
{
    std::vector<float> values;
    int width = 0;
    int height = 0;
    QRectF rect;
    QRectF cell(int x, int y) const;
};

/// How one heatmap agrees with the expert boxes of its finding on one image.
struct LocalizationCase
{
    QString image;
    int finding = -1;
    bool hit = false; ///< pointing game: the heatmap's maximum lies inside a box
    double iou = 0.0; ///< of the thresholded heatmap with the box (the best box when several)
    QPointF peak;     ///< the maximum, image pixels
    int boxes = 0;    ///< the finding's boxes on this image
};

/// Per-finding summary over the images that have expert boxes for it.
struct LocalizationSummary
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    QString finding;
    int hits = 0;
    int n = 0;
    double hitRate = kNaN; ///< hits / n; NaN when n = 0
    double meanIou = kNaN;
};

/// Localization of class-activation maps against NIH's expert boxes (BBox_List_2017): the
/// pointing game (is the heatmap's maximum inside the box?) and the intersection over union of
/// the heatmap thresholded at a fraction of its maximum with the box. Areas are exact (each
/// heatmap cell is a rectangle; no rasterization). Pure; any thread.
class Localization
{
public:
    static constexpr double kDefaultThreshold = 0.5;

    /// Finding k's raw map upsampled (ClassActivationMaps::upsampled: bilinear, mirrored back
    /// for a flipped crop) to `resolution` x `resolution` cells over the crop in the image;
    /// empty (width 0) without map k or crop.
    static HeatmapGrid upsample(const ClassActivationMaps& cams, int finding, int resolution = 224);
    /// Centre of the cell holding the maximum (the first in row-major order on ties).
    static QPointF peak(const HeatmapGrid& grid);
    /// The heatmap region: the cells whose value is >= fraction * maximum; empty when the
    /// maximum is <= 0 (a map without positive evidence points nowhere).
    static std::vector<uint8_t> region(const HeatmapGrid& grid, double fraction);
    /// IoU of region(grid, fraction) with `box` (image pixels); 0 when both are empty.
    static double iou(const HeatmapGrid& grid, const QRectF& box, double fraction);
    /// The case of one image and finding; `boxes` in image pixels (at least one). A flat map
    /// (all cells equal) points nowhere: never a hit.
    static LocalizationCase evaluate(const QString& image, int finding, const HeatmapGrid& grid,
                                     const QList<QRectF>& boxes, double fraction);
    /// The cases of one image: for each finding with expert boxes (1024x1024 frame, scaled to
    /// the image), that finding's raw CAM upsampled over the model's crop.
    static std::vector<LocalizationCase> evaluateImage(const QString& image,
                                                       const ClassActivationMaps& cams,
                                                       const QList<ExpertBox>& boxes,
                                                       double fraction);
    /// One summary per ChestX-ray14 finding, in chestXray14Findings() order.
    static std::vector<LocalizationSummary> summarize(const std::vector<LocalizationCase>& cases);
};

} // namespace chexview
