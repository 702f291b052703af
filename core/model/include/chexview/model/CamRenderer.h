#pragma once

#include "chexview/model/Analysis.h"

#include <QImage>
#include <QRectF>

namespace chexview {

/// A heatmap ready to paint: `image` (ARGB32 premultiplied, transparent where the map is
/// low) belongs over `rect`, given in image pixel coordinates (the model's crop).
struct CamOverlay
{
    QImage image;
    QRectF rect;
};

/// Turns a raw CAM into a coloured, normalized overlay: ClassActivationMaps::upsampled
/// (ReLU, divide by the map's maximum -- Grad-CAM normalization --, bilinear, mirrored back
/// for a flipped crop), colormap, alpha = opacity * value.
/// Pure; any thread.
class CamRenderer
{
public:
    enum class Colormap
    {
        Jet,
        Inferno,
        Viridis,
        Hot
    };
    static QStringList colormapNames();
    static Colormap colormapFromName(const QString& name);

    /// `resolution`: side of the rendered square before it is scaled into `rect` when painted.
    static CamOverlay render(const AnalysisResult& result, int finding, Colormap colormap,
                             double opacity, int resolution = 224);
    /// The colormap from low (left) to high (right) as an opaque `width` x 1 image, for legends.
    static QImage colourRamp(Colormap colormap, int width = 256);
    /// The overlay blended over `display` (same size as the image), for export.
    static QImage blend(const QImage& display, const CamOverlay& overlay);
};

} // namespace chexview
