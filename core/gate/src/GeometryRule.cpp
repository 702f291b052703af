#include "chexview/gate/GeometryRule.h"

#include <algorithm>

namespace chexview {

void GeometryRule::apply(const XrayImage& image, GateVerdict& verdict)
{
    const ImageMetadata& m = image.metadata();
    const qint64 w = m.sourceWidth > 0 ? m.sourceWidth : image.width();
    const qint64 h = m.sourceHeight > 0 ? m.sourceHeight : image.height();
    const qint64 shorter = std::min(w, h), longer = std::max(w, h);
    const QString size = QStringLiteral("%1×%2 px").arg(w).arg(h);
    if (shorter < kMinSide)
        verdict.add(GateVerdict::Verdict::Refuse,
                    QStringLiteral("not analyzable: %1 (shorter side under %2 px)")
                        .arg(size)
                        .arg(kMinSide));
    else if (double(longer) > kMaxAspect * double(shorter))
        verdict.add(GateVerdict::Verdict::Refuse,
                    QStringLiteral("not analyzable: %1 (one side more than %2× the other)")
                        .arg(size)
                        .arg(kMaxAspect));
}

} // namespace chexview
