#pragma once

#include "chexview/gate/GateVerdict.h"
#include "chexview/image/XrayImage.h"

namespace chexview {

/// Gate rule 1: an image whose shorter side is under 64 px, or whose one side is more than 4x
/// the other, is refused ("not analyzable: 1×65000 px"). Uses the size the file claims (an
/// image stored reduced is judged at its source size). Pure; any thread.
class GeometryRule
{
public:
    static constexpr int kMinSide = 64;
    static constexpr double kMaxAspect = 4.0;
    static void apply(const XrayImage& image, GateVerdict& verdict);
};

} // namespace chexview
