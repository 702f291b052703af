#include "chexview/gate/ContentRule.h"

namespace chexview {

ContentRule::Layout ContentRule::layoutOf(const GateThumbnail& t)
{
    Layout l;
    l.verticalBand = t.mean(0.44, 0.10, 0.56, 0.90) - t.mean(0.10, 0.44, 0.90, 0.56);
    l.bottomTop = t.mean(0.10, 0.80, 0.90, 0.95) - t.mean(0.10, 0.05, 0.90, 0.20);
    l.mediastinumOverLungs =
        t.mean(0.44, 0.15, 0.56, 0.85) -
        (t.mean(0.12, 0.25, 0.40, 0.65) + t.mean(0.60, 0.25, 0.88, 0.65)) / 2.0;
    return l;
}

void ContentRule::apply(const XrayImage& image, const GateThumbnail& thumb, GateVerdict& verdict)
{
    const ImageMetadata& m = image.metadata();
    if (m.chroma && *m.chroma > kMaxChroma)
        verdict.add(
            GateVerdict::Verdict::Warn,
            QStringLiteral("colour photograph, not a film (chroma %1)").arg(*m.chroma, 0, 'f', 2));
    if (thumb.spread < kMinSpread) {
        verdict.add(GateVerdict::Verdict::Warn,
                    QStringLiteral("near-constant image (contrast %1 % of full scale)")
                        .arg(thumb.spread * 100.0, 0, 'f', 1));
        return; // no layout to judge
    }
    const Layout l = layoutOf(thumb);
    if (l.verticalBand < 0.0) {
        if (l.mediastinumOverLungs + l.bottomTop < kInvertedMargin)
            verdict.add(GateVerdict::Verdict::Warn,
                        QStringLiteral("looks inverted (dark where a film is bright)"));
        else
            verdict.add(GateVerdict::Verdict::Warn,
                        QStringLiteral("looks rotated by 90° (no bright vertical midline)"));
    } else if (l.bottomTop < kUpsideDownMargin) {
        verdict.add(GateVerdict::Verdict::Warn,
                    QStringLiteral("looks upside down (brighter at the top than at the bottom)"));
    }
}

} // namespace chexview
