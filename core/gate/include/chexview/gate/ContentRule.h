#pragma once

#include "chexview/gate/GateThumbnail.h"
#include "chexview/gate/GateVerdict.h"

namespace chexview {

/// Gate rule 3, on the pixels: a near-constant image, a colour photograph (real chroma), and a
/// film that looks inverted, rotated by 90° or upside down each warn. The orientation tests
/// compare regions of the 64 x 64 thumbnail the way a frontal film is laid out: the mediastinum
/// and spine make a bright vertical band (brighter than the horizontal band through both lungs),
/// and the abdomen at the bottom is brighter than the neck and shoulders at the top; thresholds
/// set on the 496 real NIH films and their transforms (core/gate/training/README.md).
/// Pure; any thread.
class ContentRule
{
public:
    static constexpr double kMinSpread = 0.02; ///< of the stored depth's full scale
    static constexpr double kMaxChroma = 0.06;
    static constexpr double kUpsideDownMargin = -0.03;
    /// Once the midline is not the brightest band: inverted (rather than rotated) when the lungs
    /// are brighter than the mediastinum and the top brighter than the bottom by this much.
    static constexpr double kInvertedMargin = -0.3;

    struct Layout
    {
        double verticalBand = 0.0;         ///< central column band - central row band
        double bottomTop = 0.0;            ///< bottom strip - top strip
        double mediastinumOverLungs = 0.0; ///< central band - both lung fields, mid-height
    };
    static Layout layoutOf(const GateThumbnail& thumb);
    static void apply(const XrayImage& image, const GateThumbnail& thumb, GateVerdict& verdict);
};

} // namespace chexview
