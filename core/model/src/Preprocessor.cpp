#include "chexview/model/Preprocessor.h"

#include "AreaResampler.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace chexview {

namespace {

// Images with more stored values than this are area-averaged row by row from the stored
// values (AreaResampler) instead of through a full-resolution float copy.
constexpr qint64 kStreamPixels = qint64(1) << 22;

// Modality values -> [0,1] over the full range the stored bits can express, in the polarity
// the model expects (MONOCHROME1 inverted here, for the model only).
class UnitScale
{
public:
    UnitScale(const XrayImage& image, const PreprocessSpec& spec) : m_image(image)
    {
        const StoredImage& st = image.stored();
        // 64-bit: a 32-bit stored depth must not shift or overflow an int.
        const int bits = std::clamp(st.bitsStored, 1, 32);
        const int64_t sLo = st.isSigned ? -(int64_t(1) << (bits - 1)) : 0;
        const int64_t sHi = st.isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
        auto [lo, hi] = image.modalityLut().rangeOver(sLo, sHi);
        if (hi < lo)
            std::swap(lo, hi);
        m_lo = lo;
        m_range = std::clamp(hi - lo, 1e-9, std::numeric_limits<double>::max());
        m_invert = spec.invertMonochrome1 && image.polarity() == XrayImage::Polarity::Monochrome1;
    }
    float ofModality(float value) const
    {
        const double v = (value - m_lo) / m_range;
        return float(m_invert ? 1.0 - v : v);
    }
    float ofStored(int32_t stored) const
    {
        return ofModality(float(m_image.modalityLut().apply(stored)));
    }

private:
    const XrayImage& m_image;
    double m_lo = 0.0;
    double m_range = 1.0;
    bool m_invert = false;
};

cv::Mat unitImage(const XrayImage& image, const UnitScale& unit)
{
    const StoredImage& st = image.stored();
    const std::vector<float> values = image.modalityValues();
    cv::Mat out(st.height, st.width, CV_32F);
    float* dst = out.ptr<float>();
    for (size_t i = 0; i < values.size(); ++i)
        dst[i] = unit.ofModality(values[i]);
    return out;
}

// The shorter side to `resize`, the longer one capped at kLongSideFactor x resize (an extreme
// aspect ratio would otherwise become millions of floats), then padded with 0 to at least
// `crop` on both sides.
cv::Mat resized(const XrayImage& image, const PreprocessSpec& spec, double& scale)
{
    const StoredImage& st = image.stored();
    const double longCap = double(Preprocessor::kLongSideFactor) * spec.resize;
    scale = std::min(double(spec.resize) / std::min(st.width, st.height),
                     longCap / std::max(st.width, st.height));
    const int w = std::max(1, int(std::floor(st.width * scale + 0.5)));
    const int h = std::max(1, int(std::floor(st.height * scale + 0.5)));
    const UnitScale unit(image, spec);
    cv::Mat out;
    if (scale < 1.0 && qint64(st.width) * st.height > kStreamPixels) {
        out = AreaResampler::shrink(
            st, [&unit](int32_t v) { return unit.ofStored(v); }, w, h);
    } else {
        const cv::Mat full = unitImage(image, unit);
        if (w == full.cols && h == full.rows)
            out = full;
        else
            cv::resize(full, out, cv::Size(w, h), 0, 0,
                       scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    if (out.cols < spec.crop || out.rows < spec.crop) {
        const int padX = std::max(0, spec.crop - out.cols),
                  padY = std::max(0, spec.crop - out.rows);
        cv::copyMakeBorder(out, out, padY / 2, padY - padY / 2, padX / 2, padX - padX / 2,
                           cv::BORDER_CONSTANT, cv::Scalar(0));
    }
    return out;
}

ModelInput cropInput(const cv::Mat& scaled, const XrayImage& image, const PreprocessSpec& spec,
                     double scale, int x0, int y0, bool flip)
{
    ModelInput in;
    in.channels = spec.channels;
    in.size = spec.crop;
    in.geometry = {image.width(), image.height(), scale, double(x0), double(y0), spec.crop, flip};
    cv::Mat crop = scaled(cv::Rect(x0, y0, spec.crop, spec.crop));
    if (flip)
        cv::flip(crop, crop, 1);
    const size_t plane = size_t(spec.crop) * spec.crop;
    in.data.resize(plane * spec.channels);
    const double span = spec.scaleHi - spec.scaleLo;
    for (int c = 0; c < spec.channels; ++c) {
        const double mean = spec.mean[size_t(c)], sd = spec.std[size_t(c)];
        float* dst = in.data.data() + plane * c;
        for (int y = 0; y < spec.crop; ++y) {
            const float* row = crop.ptr<float>(y);
            for (int x = 0; x < spec.crop; ++x)
                *dst++ = float(((row[x] * span + spec.scaleLo) - mean) / sd);
        }
    }
    return in;
}

} // namespace

ModelInput Preprocessor::prepare(const XrayImage& image, const PreprocessSpec& spec)
{
    double scale = 1.0;
    const cv::Mat scaled = resized(image, spec, scale);
    return cropInput(scaled, image, spec, scale, (scaled.cols - spec.crop) / 2,
                     (scaled.rows - spec.crop) / 2, false);
}

std::vector<ModelInput> Preprocessor::tenCrop(const XrayImage& image, const PreprocessSpec& spec)
{
    double scale = 1.0;
    const cv::Mat scaled = resized(image, spec, scale);
    const int c = spec.crop, W = scaled.cols, H = scaled.rows;
    const std::pair<int, int> origins[] = {
        {(W - c) / 2, (H - c) / 2}, {0, 0}, {W - c, 0}, {0, H - c}, {W - c, H - c}};
    std::vector<ModelInput> out;
    for (bool flip : {false, true})
        for (const auto& [x, y] : origins)
            out.push_back(cropInput(scaled, image, spec, scale, x, y, flip));
    return out;
}

} // namespace chexview
