#include "Jpeg2000Decoder.h"

#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace chexview {

namespace {

struct MemorySource
{
    const uint8_t* data;
    size_t size;
    size_t pos;
};

OPJ_SIZE_T readFn(void* buffer, OPJ_SIZE_T n, void* user)
{
    auto* src = static_cast<MemorySource*>(user);
    if (src->pos >= src->size)
        return OPJ_SIZE_T(-1);
    const size_t len = std::min<size_t>(n, src->size - src->pos);
    std::memcpy(buffer, src->data + src->pos, len);
    src->pos += len;
    return len;
}

OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user)
{
    auto* src = static_cast<MemorySource*>(user);
    const auto target = std::clamp<OPJ_OFF_T>(OPJ_OFF_T(src->pos) + n, 0, OPJ_OFF_T(src->size));
    const OPJ_OFF_T skipped = target - OPJ_OFF_T(src->pos);
    src->pos = size_t(target);
    return skipped;
}

OPJ_BOOL seekFn(OPJ_OFF_T n, void* user)
{
    auto* src = static_cast<MemorySource*>(user);
    if (n < 0 || size_t(n) > src->size)
        return OPJ_FALSE;
    src->pos = size_t(n);
    return OPJ_TRUE;
}

void quietHandler(const char*, void*) {}

struct CodecDeleter
{
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter
{
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter
{
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

[[noreturn]] void fail(const char* what)
{
    throw ImageError(ImageError::Code::DecodeFailed,
                     QStringLiteral("JPEG 2000 decoding failed: %1").arg(QLatin1String(what)),
                     QStringLiteral("(7FE0,0010)"));
}

} // namespace

Jpeg2000Decoder::Image Jpeg2000Decoder::decode(const uint8_t* data, size_t size, int expectedWidth,
                                               int expectedHeight, int reduceLevels)
{
    static const uint8_t jp2Magic[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
    if (size < 16)
        fail("stream too short");
    const bool isJp2 = std::memcmp(data, jp2Magic, sizeof jp2Magic) == 0;
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(isJp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    opj_set_info_handler(codec.get(), quietHandler, nullptr);
    opj_set_warning_handler(codec.get(), quietHandler, nullptr);
    opj_set_error_handler(codec.get(), quietHandler, nullptr);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    params.cp_reduce = OPJ_UINT32(std::max(0, reduceLevels));
    if (!opj_setup_decoder(codec.get(), &params))
        fail("decoder setup");

    MemorySource src{data, size, 0};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &src, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);

    opj_image_t* raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        fail("bad header");
    std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
    if (image->numcomps < 1 || image->x1 <= image->x0 || image->y1 <= image->y0)
        fail("empty image");
    const qint64 pixels = qint64(image->x1 - image->x0) * qint64(image->y1 - image->y0);
    if (pixels > ImageLoader::kMaxPixels)
        throw ImageError(
            ImageError::Code::TooLarge,
            QStringLiteral("JPEG 2000 frame of %1 pixels exceeds the limit").arg(pixels));
    if (image->numcomps > 4)
        throw ImageError(ImageError::Code::UnsupportedPhotometric,
                         QStringLiteral("JPEG 2000 frame with %1 components").arg(image->numcomps),
                         QStringLiteral("(7FE0,0010)"));
    const qint64 width = qint64(image->x1) - image->x0, height = qint64(image->y1) - image->y0;
    if ((expectedWidth > 0 && width != expectedWidth) ||
        (expectedHeight > 0 && height != expectedHeight))
        throw ImageError(ImageError::Code::MalformedDataset,
                         QStringLiteral("JPEG 2000 frame is %1x%2 but Rows/Columns say %3x%4")
                             .arg(width)
                             .arg(height)
                             .arg(expectedWidth)
                             .arg(expectedHeight),
                         QStringLiteral("(0028,0010)"));
    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        fail("corrupt codestream");

    Image out;
    const opj_image_comp_t& c0 = image->comps[0];
    out.width = int(c0.w);
    out.height = int(c0.h);
    out.precision = int(c0.prec);
    out.isSigned = c0.sgnd != 0;
    for (OPJ_UINT32 i = 0; i < image->numcomps; ++i) {
        const opj_image_comp_t& c = image->comps[i];
        if (c.w != c0.w || c.h != c0.h || !c.data)
            fail("subsampled components are not supported");
        out.components.emplace_back(c.data, c.data + size_t(c.w) * c.h);
    }
    return out;
}

} // namespace chexview
