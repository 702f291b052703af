#include "RasterDecoder.h"

#include "Logging.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QtEndian>

namespace chexview {

namespace {

// PNG IHDR holds the size at a fixed offset: refuse huge images before decoding them.
void checkPngSize(const QByteArray& bytes)
{
    if (bytes.size() < 24)
        return;
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData());
    const qint64 w = qFromBigEndian<quint32>(p + 16);
    const qint64 h = qFromBigEndian<quint32>(p + 20);
    if (w * h > ImageLoader::kMaxPixels)
        throw ImageError(ImageError::Code::TooLarge,
                         QStringLiteral("PNG of %1x%2 pixels exceeds the limit").arg(w).arg(h));
}

} // namespace

XrayImagePtr RasterDecoder::decode(const QByteArray& bytes, const QString& formatName)
{
    if (formatName == QLatin1String("PNG"))
        checkPngSize(bytes);
    cv::Mat decoded;
    try {
        const cv::Mat buf(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.constData()));
        decoded = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw ImageError(ImageError::Code::DecodeFailed,
                         QStringLiteral("%1 decoding failed: %2")
                             .arg(formatName, QString::fromStdString(e.msg)));
    }
    if (decoded.empty())
        throw ImageError(ImageError::Code::DecodeFailed,
                         QStringLiteral("%1 data is corrupt or truncated").arg(formatName));
    if (qint64(decoded.cols) * decoded.rows > ImageLoader::kMaxPixels)
        throw ImageError(ImageError::Code::TooLarge,
                         QStringLiteral("image exceeds the size limit"));

    const int depth = decoded.depth();
    if (depth != CV_8U && depth != CV_16U)
        throw ImageError(ImageError::Code::UnsupportedPhotometric,
                         QStringLiteral("%1 sample type %2 is not 8- or 16-bit unsigned")
                             .arg(formatName)
                             .arg(depth));
    ImageMetadata meta;
    meta.format = formatName;
    cv::Mat gray;
    switch (decoded.channels()) {
    case 1:
        gray = decoded;
        meta.sourceColor = QStringLiteral("gray");
        break;
    case 3:
        cv::cvtColor(decoded, gray, cv::COLOR_BGR2GRAY);
        meta.sourceColor = QStringLiteral("rgb");
        break;
    case 4:
        cv::cvtColor(decoded, gray, cv::COLOR_BGRA2GRAY); // alpha is ignored
        meta.sourceColor = QStringLiteral("rgba");
        break;
    default:
        throw ImageError(
            ImageError::Code::UnsupportedPhotometric,
            QStringLiteral("%1 with %2 channels").arg(formatName).arg(decoded.channels()));
    }
    meta.photometric = meta.sourceColor == QLatin1String("gray") ? QStringLiteral("MONOCHROME2")
                                                                 : meta.sourceColor.toUpper();

    StoredImage st;
    st.width = gray.cols;
    st.height = gray.rows;
    st.bitsStored = depth == CV_8U ? 8 : 16;
    st.values.resize(size_t(st.width) * size_t(st.height));
    int32_t* dst = st.values.data();
    for (int y = 0; y < gray.rows; ++y) {
        if (depth == CV_8U) {
            const uint8_t* row = gray.ptr<uint8_t>(y);
            for (int x = 0; x < gray.cols; ++x)
                *dst++ = row[x];
        } else {
            const uint16_t* row = gray.ptr<uint16_t>(y);
            for (int x = 0; x < gray.cols; ++x)
                *dst++ = row[x];
        }
    }
    qCDebug(lcImage) << formatName << st.width << "x" << st.height << st.bitsStored << "bit"
                     << meta.sourceColor;
    return std::make_shared<const XrayImage>(std::move(st), ModalityLut(),
                                             XrayImage::Polarity::Monochrome2, std::move(meta));
}

} // namespace chexview
