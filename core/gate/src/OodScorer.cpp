#include "chexview/gate/OodScorer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

// Generated from core/gate/weights/ood_cnn.bin (EmbedWeights.cmake).
extern const unsigned char kChexviewOodWeights[];
extern const unsigned long kChexviewOodWeightsSize;

namespace chexview {

namespace {

constexpr char kMagic[8] = {'C', 'X', 'O', 'O', 'D', '1', 0, 0};

struct Conv
{
    int in, out;
};
constexpr Conv kConvs[] = {{1, 8}, {8, 16}, {16, 16}};
constexpr int kHidden = 16;
constexpr int kFlat = 16 * 8 * 8;

constexpr size_t parameterCount()
{
    size_t n = 0;
    for (const Conv& c : kConvs)
        n += size_t(c.out) * c.in * 9 + c.out;
    return n + size_t(kHidden) * kFlat + kHidden + kHidden + 1;
}

// 3x3 convolution, stride 2, padding 1, then ReLU. in: [c][s][s] -> out: [o][s/2][s/2].
std::vector<float> convStride2(const std::vector<float>& in, int channels, int size,
                               const float*& w, int outChannels)
{
    const int o = size / 2;
    const float* bias = w + size_t(outChannels) * channels * 9;
    std::vector<float> out(size_t(outChannels) * o * o);
    for (int oc = 0; oc < outChannels; ++oc)
        for (int y = 0; y < o; ++y)
            for (int x = 0; x < o; ++x) {
                float acc = bias[oc];
                for (int ic = 0; ic < channels; ++ic) {
                    const float* k = w + (size_t(oc) * channels + ic) * 9;
                    const float* plane = in.data() + size_t(ic) * size * size;
                    for (int ky = 0; ky < 3; ++ky) {
                        const int sy = 2 * y + ky - 1;
                        if (sy < 0 || sy >= size)
                            continue;
                        for (int kx = 0; kx < 3; ++kx) {
                            const int sx = 2 * x + kx - 1;
                            if (sx >= 0 && sx < size)
                                acc += k[ky * 3 + kx] * plane[sy * size + sx];
                        }
                    }
                }
                out[(size_t(oc) * o + y) * o + x] = std::max(acc, 0.0f);
            }
    w = bias + outChannels;
    return out;
}

} // namespace

std::optional<OodScorer> OodScorer::fromBytes(const QByteArray& bytes)
{
    const size_t n = parameterCount();
    if (size_t(bytes.size()) != sizeof kMagic + n * sizeof(float) ||
        std::memcmp(bytes.constData(), kMagic, sizeof kMagic) != 0)
        return std::nullopt;
    OodScorer s;
    s.m_weights.resize(n);
    std::memcpy(s.m_weights.data(), bytes.constData() + sizeof kMagic, n * sizeof(float));
    for (float v : s.m_weights)
        if (!std::isfinite(v))
            return std::nullopt;
    return s;
}

const OodScorer& OodScorer::embedded()
{
    static const OodScorer net = [] {
        const auto parsed = fromBytes(QByteArray::fromRawData(
            reinterpret_cast<const char*>(kChexviewOodWeights), int(kChexviewOodWeightsSize)));
        return parsed ? *parsed : OodScorer();
    }();
    return net;
}

double OodScorer::score(const GateThumbnail& thumb) const
{
    if (!isValid() || thumb.size != GateThumbnail::kSize)
        return 0.0;
    const float* w = m_weights.data();
    std::vector<float> x(thumb.pixels.begin(), thumb.pixels.end());
    int channels = 1, size = thumb.size;
    for (const Conv& c : kConvs) {
        x = convStride2(x, channels, size, w, c.out);
        channels = c.out;
        size /= 2;
    }
    const float* fc1 = w;
    const float* b1 = fc1 + size_t(kHidden) * kFlat;
    const float* fc2 = b1 + kHidden;
    float logit = fc2[kHidden];
    for (int h = 0; h < kHidden; ++h) {
        float acc = b1[h];
        for (int i = 0; i < kFlat; ++i)
            acc += fc1[size_t(h) * kFlat + i] * x[size_t(i)];
        logit += fc2[h] * std::max(acc, 0.0f);
    }
    return 1.0 / (1.0 + std::exp(-double(logit)));
}

} // namespace chexview
