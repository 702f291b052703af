#include "chexview/model/CamRenderer.h"

#include <QPainter>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

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

CamOverlay CamRenderer::render(const AnalysisResult& r, int finding, Colormap colormap,
                               double opacity, int resolution)
{
    CamOverlay o;
    if (r.isEmpty() || finding < 0 || finding >= int(r.labels.size()))
        return o;
    resolution = std::clamp(resolution, 1, 4096);
    // Normalized, upsampled over the crop and mirrored back when the crop was flipped: the
    // maps' own upsampler, the one the stored heatmaps and localization use too.
    const std::vector<float> up = r.cams.upsampled(finding, resolution, resolution, true);
    if (up.empty())
        return o;
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
        const float* v = up.data() + size_t(y) * size_t(resolution);
        auto* dst = reinterpret_cast<QRgb*>(o.image.scanLine(y));
        for (int x = 0; x < resolution; ++x)
            dst[x] = table[std::clamp(int(std::lround(v[x] * 255.0f)), 0, 255)];
    }
    o.rect = r.cams.rectInImage();
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
