#include "RasterDecoder.h"

#include "DecodeBudget.h"
#include "Jpeg2000Decoder.h"
#include "Logging.h"
#include "PngRowDecoder.h"
#include "RasterHeader.h"
#include "chexview/image/ImageError.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace chexview {

namespace {

struct Decoded
{
    StoredImage stored;
    QString sourceColor = QStringLiteral("gray");
    std::optional<double> chroma;
};

// Mean (max - min of B, G, R) over full scale, from a 3- or 4-channel OpenCV image.
template <typename T> double chromaOf(const cv::Mat& m, double full)
{
    double sum = 0.0;
    const int ch = m.channels();
    for (int y = 0; y < m.rows; ++y) {
        const T* p = m.ptr<T>(y);
        for (int x = 0; x < m.cols; ++x, p += ch)
            sum += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]});
    }
    return m.total() ? sum / double(m.total()) / full : 0.0;
}

Decoded fromMat(const cv::Mat& decoded, const QString& formatName)
{
    const int depth = decoded.depth();
    if (depth != CV_8U && depth != CV_16U)
        throw ImageError(ImageError::Code::UnsupportedPhotometric,
                         QStringLiteral("%1 sample type %2 is not 8- or 16-bit unsigned")
                             .arg(formatName)
                             .arg(depth));
    Decoded d;
    cv::Mat gray;
    switch (decoded.channels()) {
    case 1:
        gray = decoded;
        break;
    case 3:
    case 4:
        d.chroma = depth == CV_8U ? chromaOf<uint8_t>(decoded, 255.0)
                                  : chromaOf<uint16_t>(decoded, 65535.0);
        cv::cvtColor(decoded, gray,
                     decoded.channels() == 3 ? cv::COLOR_BGR2GRAY
                                             : cv::COLOR_BGRA2GRAY); // no alpha
        d.sourceColor = decoded.channels() == 3 ? QStringLiteral("rgb") : QStringLiteral("rgba");
        break;
    default:
        throw ImageError(
            ImageError::Code::UnsupportedPhotometric,
            QStringLiteral("%1 with %2 channels").arg(formatName).arg(decoded.channels()));
    }
    StoredImage& st = d.stored;
    st.width = gray.cols;
    st.height = gray.rows;
    st.bitsStored = depth == CV_8U ? 8 : 16;
    st.values.resize(size_t(st.width) * size_t(st.height));
    int32_t* dst = st.values.data();
    for (int y = 0; y < gray.rows; ++y) {
        if (depth == CV_8U) {
            const uint8_t* row = gray.ptr<uint8_t>(y);
            dst = std::copy(row, row + gray.cols, dst);
        } else {
            const uint16_t* row = gray.ptr<uint16_t>(y);
            dst = std::copy(row, row + gray.cols, dst);
        }
    }
    return d;
}

Decoded decodeWithOpenCv(const QByteArray& bytes, const QString& formatName, int flags)
{
    cv::Mat decoded;
    try {
        const cv::Mat buf(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.constData()));
        decoded = cv::imdecode(buf, flags);
    } catch (const cv::Exception& e) {
        throw ImageError(ImageError::Code::DecodeFailed,
                         QStringLiteral("%1 decoding failed: %2")
                             .arg(formatName, QString::fromStdString(e.msg)));
    }
    if (decoded.empty())
        throw ImageError(ImageError::Code::DecodeFailed,
                         QStringLiteral("%1 data is corrupt or truncated").arg(formatName));
    return fromMat(decoded, formatName);
}

// JPEG's DCT scaling: libjpeg decodes straight to 1/2, 1/4 or 1/8 of each side.
int reducedJpegFlags(int reduction, int channels)
{
    const bool colour = channels != 1;
    switch (reduction) {
    case 2:
        return colour ? cv::IMREAD_REDUCED_COLOR_2 : cv::IMREAD_REDUCED_GRAYSCALE_2;
    case 4:
        return colour ? cv::IMREAD_REDUCED_COLOR_4 : cv::IMREAD_REDUCED_GRAYSCALE_4;
    default:
        return colour ? cv::IMREAD_REDUCED_COLOR_8 : cv::IMREAD_REDUCED_GRAYSCALE_8;
    }
}

int log2Of(int reduction)
{
    int levels = 0;
    while ((1 << levels) < reduction)
        ++levels;
    return levels;
}

Decoded decodeJpeg2000(const QByteArray& bytes, int reduction)
{
    Jpeg2000Decoder::Image j =
        Jpeg2000Decoder::decode(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                size_t(bytes.size()), 0, 0, log2Of(reduction));
    if (j.precision < 1 || j.precision > 16)
        throw ImageError(ImageError::Code::UnsupportedPhotometric,
                         QStringLiteral("JPEG 2000 with %1-bit samples").arg(j.precision));
    Decoded d;
    StoredImage& st = d.stored;
    st.width = j.width;
    st.height = j.height;
    st.bitsStored = j.precision;
    st.isSigned = j.isSigned;
    if (j.components.size() < 3) {
        st.values = std::move(j.components[0]);
        return d;
    }
    d.sourceColor = j.components.size() == 3 ? QStringLiteral("rgb") : QStringLiteral("rgba");
    const auto &r = j.components[0], &g = j.components[1], &b = j.components[2];
    st.values.resize(r.size());
    double chroma = 0.0;
    for (size_t i = 0; i < r.size(); ++i) {
        st.values[i] =
            int32_t((int64_t(r[i]) * 299 + int64_t(g[i]) * 587 + int64_t(b[i]) * 114 + 500) / 1000);
        chroma += std::max({r[i], g[i], b[i]}) - std::min({r[i], g[i], b[i]});
    }
    d.chroma = r.empty() ? 0.0 : chroma / double(r.size()) / double((1 << j.precision) - 1);
    return d;
}

} // namespace

XrayImagePtr RasterDecoder::decode(const QByteArray& bytes, const QString& formatName)
{
    // Everything the decode will hold is decided from the header, before any allocation.
    const RasterGeometry geometry = RasterHeader::read(bytes, formatName);
    const DecodePlan plan = DecodeBudget::plan(geometry, formatName, bytes.size());

    Decoded d;
    if (formatName == QLatin1String("JPEG 2000")) {
        d = decodeJpeg2000(bytes, plan.reduction);
    } else if (plan.reduction == 1) {
        d = decodeWithOpenCv(bytes, formatName, cv::IMREAD_UNCHANGED);
    } else if (formatName == QLatin1String("JPEG")) {
        d = decodeWithOpenCv(bytes, formatName,
                             reducedJpegFlags(plan.reduction, geometry.channels));
    } else { // PNG, row by row (the budget allows no other format reduced)
        PngRowDecoder::Result r = PngRowDecoder::decode(bytes, plan.reduction);
        d.stored = std::move(r.stored);
        if (r.colour) {
            d.sourceColor = QStringLiteral("rgb");
            d.chroma = r.chroma;
        }
    }
    // The codec must deliver what the header promised (the budget was computed from it).
    if (d.stored.width != plan.storedWidth || d.stored.height != plan.storedHeight)
        throw ImageError(ImageError::Code::DecodeFailed,
                         QStringLiteral("%1 decoded to %2x%3, but its header claims %4x%5")
                             .arg(formatName)
                             .arg(d.stored.width)
                             .arg(d.stored.height)
                             .arg(plan.storedWidth)
                             .arg(plan.storedHeight));

    ImageMetadata meta;
    meta.format = formatName;
    meta.sourceColor = d.sourceColor;
    meta.chroma = d.chroma;
    meta.sourceWidth = int(geometry.width);
    meta.sourceHeight = int(geometry.height);
    meta.reduction = plan.reduction;
    meta.photometric = meta.sourceColor == QLatin1String("gray") ? QStringLiteral("MONOCHROME2")
                                                                 : meta.sourceColor.toUpper();
    if (plan.reduction > 1)
        meta.warnings << QStringLiteral("%1x%2 pixels stored reduced by %3 (%4x%5) to fit the "
                                        "memory budget")
                             .arg(geometry.width)
                             .arg(geometry.height)
                             .arg(plan.reduction)
                             .arg(d.stored.width)
                             .arg(d.stored.height);
    qCDebug(lcImage) << formatName << d.stored.width << "x" << d.stored.height
                     << d.stored.bitsStored << "bit" << meta.sourceColor << "reduction"
                     << plan.reduction;
    return std::make_shared<const XrayImage>(std::move(d.stored), ModalityLut(),
                                             XrayImage::Polarity::Monochrome2, std::move(meta));
}

} // namespace chexview
