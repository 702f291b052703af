#include "chexview/gate/InputGate.h"

#include "chexview/gate/ContentRule.h"
#include "chexview/gate/DicomHeaderRule.h"
#include "chexview/gate/GateThumbnail.h"
#include "chexview/gate/GeometryRule.h"
#include "chexview/gate/OodScorer.h"

namespace chexview {

GateVerdict InputGate::check(const XrayImage& image)
{
    GateVerdict v;
    GeometryRule::apply(image, v);
    DicomHeaderRule::apply(image, v);
    if (image.width() < 1 || image.height() < 1)
        return v;
    const GateThumbnail thumb = GateThumbnail::of(image);
    ContentRule::apply(image, thumb, v);
    const OodScorer& net = OodScorer::embedded();
    if (net.isValid()) {
        const double s = net.score(thumb);
        v.oodScore = s;
        if (s > OodScorer::kRefuseAbove)
            v.add(GateVerdict::Verdict::Refuse,
                  QStringLiteral("not like a frontal chest film (OOD score %1)").arg(s, 0, 'f', 2));
        else if (s > OodScorer::kWarnAbove)
            v.add(GateVerdict::Verdict::Warn,
                  QStringLiteral("unlike a frontal chest film (OOD score %1)").arg(s, 0, 'f', 2));
    }
    return v;
}

} // namespace chexview
