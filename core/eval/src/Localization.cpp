#include "chexview/eval/Localization.h"

#include "chexview/dataset/ChestXray14.h"

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

double area(const QRectF& r)
{
    return r.isEmpty() ? 0.0 : r.width() * r.height();
}

double overlap(const QRectF& a, const QRectF& b)
{
    const double w = std::min(a.right(), b.right()) - std::max(a.left(), b.left());
    const double h = std::min(a.bottom(), b.bottom()) - std::max(a.top(), b.top());
    return w > 0 && h > 0 ? w * h : 0.0;
}

} // namespace

QRectF HeatmapGrid::cell(int x, int y) const
{
    const double cw = rect.width() / width, ch = rect.height() / height;
    return {rect.x() + x * cw, rect.y() + y * ch, cw, ch};
}

HeatmapGrid Localization::upsample(const ClassActivationMaps& cams, int finding, int resolution)
{
    HeatmapGrid g;
    const int side = std::max(1, resolution);
    g.values = cams.upsampled(finding, side, side, false);
    g.rect = cams.rectInImage();
    if (g.values.empty() || g.rect.isEmpty()) {
        g.values.clear();
        return g;
    }
    g.width = g.height = side;
    return g;
}

QPointF Localization::peak(const HeatmapGrid& grid)
{
    if (grid.values.empty())
        return {};
    const auto it = std::max_element(grid.values.begin(), grid.values.end());
    const int i = int(it - grid.values.begin());
    return grid.cell(i % grid.width, i / grid.width).center();
}

std::vector<uint8_t> Localization::region(const HeatmapGrid& grid, double fraction)
{
    std::vector<uint8_t> in(grid.values.size(), 0);
    if (grid.values.empty())
        return in;
    const float mx = *std::max_element(grid.values.begin(), grid.values.end());
    if (!(mx > 0.0f))
        return in;
    const double cut = fraction * double(mx);
    for (size_t i = 0; i < in.size(); ++i)
        in[i] = double(grid.values[i]) >= cut;
    return in;
}

double Localization::iou(const HeatmapGrid& grid, const QRectF& box, double fraction)
{
    const std::vector<uint8_t> in = region(grid, fraction);
    double inter = 0.0, regionArea = 0.0;
    for (int y = 0; y < grid.height; ++y)
        for (int x = 0; x < grid.width; ++x)
            if (in[size_t(y) * size_t(grid.width) + size_t(x)]) {
                const QRectF c = grid.cell(x, y);
                regionArea += area(c);
                inter += overlap(c, box);
            }
    const double uni = regionArea + area(box) - inter;
    return uni > 0.0 ? inter / uni : 0.0;
}

LocalizationCase Localization::evaluate(const QString& image, int finding, const HeatmapGrid& grid,
                                        const QList<QRectF>& boxes, double fraction)
{
    LocalizationCase c;
    c.image = image;
    c.finding = finding;
    c.peak = peak(grid);
    c.boxes = int(boxes.size());
    // A flat map (every cell equal) points nowhere: its "maximum" is an accident of order.
    const auto [lo, hi] = std::minmax_element(grid.values.begin(), grid.values.end());
    const bool points = !grid.values.empty() && *hi > *lo;
    for (const QRectF& b : boxes) {
        c.hit = c.hit || (points && c.peak.x() >= b.left() && c.peak.x() <= b.right() &&
                          c.peak.y() >= b.top() && c.peak.y() <= b.bottom());
        c.iou = std::max(c.iou, iou(grid, b, fraction));
    }
    return c;
}

std::vector<LocalizationCase> Localization::evaluateImage(const QString& image,
                                                          const ClassActivationMaps& cams,
                                                          const QList<ExpertBox>& boxes,
                                                          double fraction)
{
    std::vector<LocalizationCase> out;
    const CropGeometry& g = cams.geometry;
    if (cams.count() < kFindingCount || cams.rectInImage().isEmpty())
        return out;
    for (int k = 0; k < kFindingCount; ++k) {
        QList<QRectF> mine;
        for (const ExpertBox& b : boxes)
            if (b.finding == k)
                mine << b.scaledTo(g.imageWidth, g.imageHeight);
        if (mine.isEmpty())
            continue;
        out.push_back(evaluate(image, k, upsample(cams, k, g.crop), mine, fraction));
    }
    return out;
}

std::vector<LocalizationSummary> Localization::summarize(const std::vector<LocalizationCase>& cases)
{
    std::vector<LocalizationSummary> out(static_cast<size_t>(kFindingCount));
    std::vector<double> iouSum(static_cast<size_t>(kFindingCount), 0.0);
    for (int k = 0; k < kFindingCount; ++k)
        out[size_t(k)].finding = chestXray14Findings()[k];
    for (const LocalizationCase& c : cases) {
        if (c.finding < 0 || c.finding >= kFindingCount)
            continue;
        LocalizationSummary& s = out[size_t(c.finding)];
        ++s.n;
        s.hits += c.hit;
        iouSum[size_t(c.finding)] += c.iou;
    }
    for (int k = 0; k < kFindingCount; ++k) {
        LocalizationSummary& s = out[size_t(k)];
        if (s.n) {
            s.hitRate = double(s.hits) / s.n;
            s.meanIou = iouSum[size_t(k)] / s.n;
        }
    }
    return out;
}

} // namespace chexview
