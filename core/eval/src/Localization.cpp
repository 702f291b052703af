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

HeatmapGrid Localization::upsample(const float* cam, int camWidth, int camHeight,
                                   const QRectF& rect, int resolution)
{
    HeatmapGrid g;
    g.width = g.height = std::max(1, resolution);
    g.rect = rect;
    g.values.resize(size_t(g.width) * size_t(g.height));
    auto axis = [](int dst, int n, int src, int& i0, int& i1, float& f) {
        const double s = (dst + 0.5) * double(src) / double(n) - 0.5;
        const double c = std::clamp(s, 0.0, double(src - 1));
        i0 = int(std::floor(c));
        i1 = std::min(i0 + 1, src - 1);
        f = float(c - i0);
    };
    for (int y = 0; y < g.height; ++y) {
        int y0, y1;
        float fy;
        axis(y, g.height, camHeight, y0, y1, fy);
        for (int x = 0; x < g.width; ++x) {
            int x0, x1;
            float fx;
            axis(x, g.width, camWidth, x0, x1, fx);
            const float top = cam[y0 * camWidth + x0] * (1 - fx) + cam[y0 * camWidth + x1] * fx;
            const float bottom = cam[y1 * camWidth + x0] * (1 - fx) + cam[y1 * camWidth + x1] * fx;
            g.values[size_t(y) * size_t(g.width) + size_t(x)] = top * (1 - fy) + bottom * fy;
        }
    }
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
    for (const QRectF& b : boxes) {
        c.hit = c.hit || (c.peak.x() >= b.left() && c.peak.x() <= b.right() &&
                          c.peak.y() >= b.top() && c.peak.y() <= b.bottom());
        c.iou = std::max(c.iou, iou(grid, b, fraction));
    }
    return c;
}

std::vector<LocalizationCase>
Localization::evaluateImage(const QString& image, const std::vector<float>& cams, int camWidth,
                            int camHeight, const CropGeometry& g, const QList<ExpertBox>& boxes,
                            double fraction)
{
    std::vector<LocalizationCase> out;
    const size_t plane = size_t(camWidth) * size_t(camHeight);
    if (plane == 0 || cams.size() < plane * size_t(kFindingCount) || g.scale <= 0.0)
        return out;
    const QRectF crop(g.cropX / g.scale, g.cropY / g.scale, g.crop / g.scale, g.crop / g.scale);
    for (int k = 0; k < kFindingCount; ++k) {
        QList<QRectF> mine;
        for (const ExpertBox& b : boxes)
            if (b.finding == k)
                mine << b.scaledTo(g.imageWidth, g.imageHeight);
        if (mine.isEmpty())
            continue;
        const HeatmapGrid grid =
            upsample(cams.data() + plane * size_t(k), camWidth, camHeight, crop, g.crop);
        out.push_back(evaluate(image, k, grid, mine, fraction));
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
