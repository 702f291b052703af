#include "AreaResampler.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace chexview {

namespace {

struct Tap
{
    int src;
    int dst;
    float weight;
};

// The source cells each output cell covers, with their covered fractions.
std::vector<Tap> taps(int srcSize, int dstSize)
{
    std::vector<Tap> out;
    const double scale = double(srcSize) / dstSize;
    for (int d = 0; d < dstSize; ++d) {
        const double f1 = d * scale, f2 = f1 + scale;
        const double cell = std::min(scale, srcSize - f1);
        int s1 = int(std::ceil(f1)), s2 = int(std::floor(f2));
        s2 = std::min(s2, srcSize - 1);
        s1 = std::min(s1, s2);
        if (s1 - f1 > 1e-3)
            out.push_back({s1 - 1, d, float((s1 - f1) / cell)});
        for (int s = s1; s < s2; ++s)
            out.push_back({s, d, float(1.0 / cell)});
        if (f2 - s2 > 1e-3)
            out.push_back({s2, d, float(std::min(std::min(f2 - s2, 1.0), cell) / cell)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Tap& a, const Tap& b) { return a.src < b.src; });
    return out;
}

} // namespace

cv::Mat AreaResampler::shrink(const StoredImage& stored, const std::function<float(int32_t)>& unit,
                              int dstWidth, int dstHeight)
{
    const int w = stored.width, h = stored.height;
    cv::Mat out = cv::Mat::zeros(dstHeight, dstWidth, CV_32F);
    std::vector<Tap> xs = taps(w, dstWidth);
    std::sort(xs.begin(), xs.end(), [](const Tap& a, const Tap& b) { return a.dst < b.dst; });
    const std::vector<Tap> ys = taps(h, dstHeight);
    std::vector<float> row(static_cast<size_t>(w));
    std::vector<float> folded(static_cast<size_t>(dstWidth));
    size_t yi = 0;
    for (int y = 0; y < h && yi < ys.size(); ++y) {
        if (ys[yi].src != y)
            continue; // a row no output cell covers (a partial under 1e-3)
        const int32_t* src = stored.values.data() + size_t(y) * size_t(w);
        for (int x = 0; x < w; ++x)
            row[size_t(x)] = unit(src[x]);
        std::fill(folded.begin(), folded.end(), 0.0f);
        for (const Tap& t : xs)
            folded[size_t(t.dst)] += row[size_t(t.src)] * t.weight;
        for (; yi < ys.size() && ys[yi].src == y; ++yi) {
            float* dst = out.ptr<float>(ys[yi].dst);
            for (int x = 0; x < dstWidth; ++x)
                dst[x] += folded[size_t(x)] * ys[yi].weight;
        }
    }
    return out;
}

} // namespace chexview
