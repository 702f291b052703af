#pragma once

#include "chexview/gate/GateThumbnail.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace chexview {

/// Gate rule 4: a learned out-of-distribution score, 0 (looks like a frontal chest film) .. 1.
/// A small CNN on the 64 x 64 thumbnail (conv 3x3/2 with 8, 16, 16 channels + ReLU, then fully
/// connected 1024 -> 16 -> 1, sigmoid), trained by core/gate/training/train_ood.py on material
/// the project holds; it does not use the CheXNet weights. Plain C++ inference (~0.3 MFLOP).
/// The weights are embedded at build time from core/gate/weights/ood_cnn.bin.
/// Thread contract: the embedded network is parsed once (thread-safe static) and immutable;
/// score() may run on any thread.
class OodScorer
{
public:
    static constexpr double kWarnAbove = 0.5;
    static constexpr double kRefuseAbove = 0.95;

    /// The network from a weights file's bytes ("CXOOD1" + float32 little-endian); nullopt when
    /// they do not hold the expected layout.
    static std::optional<OodScorer> fromBytes(const QByteArray& bytes);
    /// The embedded network.
    static const OodScorer& embedded();

    double score(const GateThumbnail& thumb) const;
    bool isValid() const { return !m_weights.empty(); }

private:
    std::vector<float> m_weights;
};

} // namespace chexview
