#include "chexview/model/Preprocessor.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace chexview {

namespace {

// Modality values -> [0,1] over the full range the stored bits can express, in the polarity
// the model expects (MONOCHROME1 inverted here, for the model only).
cv::Mat unitImage(const XrayImage& image, const PreprocessSpec& spec)
{
    const StoredImage& st = image.stored();
    // 64-bit: a 32-bit stored depth must not shift or overflow an int.
    const int bits = std::clamp(st.bitsStored, 1, 32);
    const int64_t sLo = st.isSigned ? -(int64_t(1) << (bits - 1)) : 0;
    const int64_t sHi = st.isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
    auto [lo, hi] = image.modalityLut().rangeOver(sLo, sHi);
    if (hi < lo)
        std::swap(lo, hi);
    const double range = std::clamp(hi - lo, 1e-9, std::numeric_limits<double>::max());
    const bool invert =
        spec.invertMonochrome1 && image.polarity() == XrayImage::Polarity::Monochrome1;
    const std::vector<float> values = image.modalityValues();
    cv::Mat out(st.height, st.width, CV_32F);
    float* dst = out.ptr<float>();
    for (size_t i = 0; i < values.size(); ++i) {
        const double v = (values[i] - lo) / range;
        dst[i] = float(invert ? 1.0 - v : v);
    }
    return out;
}

cv::Mat resized(const cv::Mat& unit, const PreprocessSpec& spec, double& scale)
{
    scale = double(spec.resize) / std::min(unit.cols, unit.rows);
    const int w = int(std::floor(unit.cols * scale + 0.5));
    const int h = int(std::floor(unit.rows * scale + 0.5));
    if (w == unit.cols && h == unit.rows)
        return unit;
    cv::Mat out;
    cv::resize(unit, out, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
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
    const cv::Mat scaled = resized(unitImage(image, spec), spec, scale);
    return cropInput(scaled, image, spec, scale, (scaled.cols - spec.crop) / 2,
                     (scaled.rows - spec.crop) / 2, false);
}

std::vector<ModelInput> Preprocessor::tenCrop(const XrayImage& image, const PreprocessSpec& spec)
{
    double scale = 1.0;
    const cv::Mat scaled = resized(unitImage(image, spec), spec, scale);
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
