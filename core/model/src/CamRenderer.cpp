#include "chexview/model/CamRenderer.h"

#include <QPainter>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace chexview {

QStringList CamRenderer::colormapNames()
{
    return {QStringLiteral("jet"), QStringLiteral("inferno"), QStringLiteral("viridis"),
            QStringLiteral("hot")};
}

CamRenderer::Colormap CamRenderer::colormapFromName(const QString& name)
{
    const int i = int(colormapNames().indexOf(name.toLower()));
    return i < 0 ? Colormap::Jet : Colormap(i);
}

std::vector<float> CamRenderer::normalized(const AnalysisResult& r, int finding)
{
    const size_t n = size_t(r.camHeight) * size_t(r.camWidth);
    std::vector<float> out(r.cams.begin() + long(n * size_t(finding)),
                           r.cams.begin() + long(n * size_t(finding + 1)));
    if (out.empty())
        return out;
    const auto [lo, hi] = std::minmax_element(out.begin(), out.end());
    const float mn = *lo, mx = *hi;
    if (mx > 0.0f) { // Grad-CAM: ReLU, divide by the maximum
        for (float& v : out)
            v = std::max(v, 0.0f) / mx;
        return out;
    }
    // No positive activation anywhere (a low score: e.g. a missed finding opened from the
    // error browser). The ReLU map would be empty and paint nothing; show where the evidence
    // was least negative instead, min-max scaled, and say so in the label.
    for (float& v : out)
        v = mx > mn ? (v - mn) / (mx - mn) : 0.0f;
    return out;
}

bool CamRenderer::hasPositiveActivation(const AnalysisResult& r, int finding)
{
    const size_t n = size_t(r.camHeight) * size_t(r.camWidth);
    if (r.isEmpty() || finding < 0 || r.cams.size() < n * size_t(finding + 1))
        return false;
    return std::any_of(r.cams.begin() + long(n * size_t(finding)),
                       r.cams.begin() + long(n * size_t(finding + 1)),
                       [](float v) { return v > 0.0f; });
}

CamOverlay CamRenderer::render(const AnalysisResult& r, int finding, Colormap colormap,
                               double opacity, int resolution)
{
    CamOverlay o;
    if (r.isEmpty() || finding < 0 || finding >= int(r.labels.size()))
        return o;
    std::vector<float> map = normalized(r, finding);
    const cv::Mat small(r.camHeight, r.camWidth, CV_32F, map.data());
    cv::Mat up;
    cv::resize(small, up, cv::Size(resolution, resolution), 0, 0, cv::INTER_LINEAR);
    if (r.geometry.flipped)
        cv::flip(up, up, 1);
    cv::Mat gray8;
    up.convertTo(gray8, CV_8U, 255.0);
    // One premultiplied ARGB entry per map value: colour from the colormap, alpha = opacity *
    // value.
    static const int cvMaps[] = {cv::COLORMAP_JET, cv::COLORMAP_INFERNO, cv::COLORMAP_VIRIDIS,
                                 cv::COLORMAP_HOT};
    cv::Mat ramp(1, 256, CV_8U), colours;
    for (int i = 0; i < 256; ++i)
        ramp.at<uchar>(i) = uchar(i);
    cv::applyColorMap(ramp, colours, cvMaps[int(colormap)]);
    const double op = std::clamp(opacity, 0.0, 1.0);
    QRgb table[256];
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b c = colours.at<cv::Vec3b>(i);
        const int a = int(op * i);
        table[i] = qRgba(c[2] * a / 255, c[1] * a / 255, c[0] * a / 255, a);
    }
    o.image = QImage(resolution, resolution, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < resolution; ++y) {
        const uchar* v = gray8.ptr<uchar>(y);
        auto* dst = reinterpret_cast<QRgb*>(o.image.scanLine(y));
        for (int x = 0; x < resolution; ++x)
            dst[x] = table[v[x]];
    }
    const CropGeometry& g = r.geometry;
    o.rect = QRectF(g.cropX / g.scale, g.cropY / g.scale, g.crop / g.scale, g.crop / g.scale);
    return o;
}

QImage CamRenderer::colourRamp(Colormap colormap, int width)
{
    static const int cvMaps[] = {cv::COLORMAP_JET, cv::COLORMAP_INFERNO, cv::COLORMAP_VIRIDIS,
                                 cv::COLORMAP_HOT};
    width = std::clamp(width, 2, 4096);
    cv::Mat ramp(1, width, CV_8U), colours;
    for (int i = 0; i < width; ++i)
        ramp.at<uchar>(i) = uchar(i * 255 / (width - 1));
    cv::applyColorMap(ramp, colours, cvMaps[int(colormap)]);
    QImage out(width, 1, QImage::Format_RGB32);
    for (int i = 0; i < width; ++i) {
        const cv::Vec3b c = colours.at<cv::Vec3b>(i);
        out.setPixel(i, 0, qRgb(c[2], c[1], c[0]));
    }
    return out;
}

QImage CamRenderer::blend(const QImage& display, const CamOverlay& overlay)
{
    QImage out = display.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(overlay.rect, overlay.image);
    return out;
}

} // namespace chexview
