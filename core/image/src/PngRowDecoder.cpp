#include "PngRowDecoder.h"

#include "BoxReducer.h"
#include "chexview/image/ImageError.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace chexview {

namespace {

struct Source
{
    const uchar* data;
    size_t size;
    size_t pos;
};

struct Failure
{
    char message[256] = {};
};

void readFn(png_structp png, png_bytep out, png_size_t n)
{
    auto* src = static_cast<Source*>(png_get_io_ptr(png));
    if (n > src->size - src->pos)
        png_error(png, "PNG data is truncated");
    std::memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

void errorFn(png_structp png, png_const_charp message)
{
    auto* failure = static_cast<Failure*>(png_get_error_ptr(png));
    std::snprintf(failure->message, sizeof failure->message, "%s", message);
    png_longjmp(png, 1);
}

void warningFn(png_structp, png_const_charp) {}

/// Everything that outlives a longjmp lives here, allocated before setjmp.
struct State
{
    std::vector<uchar> row;
    std::vector<int32_t> gray;
    std::unique_ptr<BoxReducer> reducer; ///< non-interlaced files
    StoredImage sums;                    ///< interlaced files: box sums, then box averages
    double chromaSum = 0.0;
    int channels = 1;
    int bitDepth = 8;
    int height = 0;
};

void convertRow(State& s, int width)
{
    const bool wide = s.bitDepth == 16;
    const auto* p8 = s.row.data();
    const auto* p16 = reinterpret_cast<const uint16_t*>(s.row.data());
    for (int x = 0; x < width; ++x) {
        if (s.channels == 1) {
            s.gray[size_t(x)] = wide ? p16[x] : p8[x];
            continue;
        }
        const size_t i = size_t(x) * 3;
        const int32_t r = wide ? p16[i] : p8[i], g = wide ? p16[i + 1] : p8[i + 1],
                      b = wide ? p16[i + 2] : p8[i + 2];
        s.gray[size_t(x)] =
            int32_t((int64_t(r) * 299 + int64_t(g) * 587 + int64_t(b) * 114 + 500) / 1000);
        s.chromaSum += std::max({r, g, b}) - std::min({r, g, b});
    }
}

/// An Adam7 file arrives as seven reduced sub-images (passes). Without libpng's interlace
/// handling (which needs the whole image) each pass row is read as it is stored and every pixel
/// is added to the box of its place in the full image, so the reduced image, never the full one,
/// is held. The box sums fit int32: at most 8 × 8 values of 16 bits.
void readInterlaced(png_structp png, State& s, png_uint_32 width, png_uint_32 height, int reduction)
{
    s.sums.width = int((width + png_uint_32(reduction) - 1) / png_uint_32(reduction));
    s.sums.height = int((height + png_uint_32(reduction) - 1) / png_uint_32(reduction));
    s.sums.values.assign(size_t(s.sums.width) * size_t(s.sums.height), 0);
    for (int pass = 0; pass < 7; ++pass) {
        const png_uint_32 cols = PNG_PASS_COLS(width, pass), rows = PNG_PASS_ROWS(height, pass);
        if (cols == 0 || rows == 0) // libpng skips empty passes too
            continue;
        for (png_uint_32 j = 0; j < rows; ++j) {
            png_read_row(png, s.row.data(), nullptr);
            convertRow(s, int(cols));
            const png_uint_32 y = PNG_ROW_FROM_PASS_ROW(j, pass);
            int32_t* out =
                s.sums.values.data() + size_t(y / png_uint_32(reduction)) * size_t(s.sums.width);
            for (png_uint_32 i = 0; i < cols; ++i)
                out[PNG_COL_FROM_PASS_COL(i, pass) / png_uint_32(reduction)] += s.gray[i];
        }
    }
    // Averages with BoxReducer's rounding (values are never negative here).
    for (int oy = 0; oy < s.sums.height; ++oy) {
        const int64_t boxRows =
            std::min<int64_t>(reduction, int64_t(height) - int64_t(oy) * reduction);
        for (int ox = 0; ox < s.sums.width; ++ox) {
            const int64_t boxCols =
                std::min<int64_t>(reduction, int64_t(width) - int64_t(ox) * reduction);
            const int64_t n = boxRows * boxCols;
            int32_t& v = s.sums.values[size_t(oy) * size_t(s.sums.width) + size_t(ox)];
            v = int32_t((int64_t(v) + n / 2) / n);
        }
    }
}

// No C++ object with a destructor is created between setjmp and the end of this function.
bool readRows(png_structp png, png_infop info, State* s, int reduction)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    const int colour = png_get_color_type(png, info);
    if (colour == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (colour == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (colour & PNG_COLOR_MASK_ALPHA)
        png_set_strip_alpha(png);
    if (png_get_bit_depth(png, info) == 16)
        png_set_swap(png); // host order (little-endian) for uint16_t access
    png_read_update_info(png, info);
    s->channels = png_get_channels(png, info);
    s->bitDepth = png_get_bit_depth(png, info);
    if ((s->channels != 1 && s->channels != 3) || (s->bitDepth != 8 && s->bitDepth != 16))
        png_error(png, "unexpected PNG layout after expansion");
    s->row.resize(png_get_rowbytes(png, info));
    s->gray.resize(width);
    s->height = int(height);
    if (png_get_interlace_type(png, info) == PNG_INTERLACE_ADAM7) {
        readInterlaced(png, *s, width, height, reduction);
        return true;
    }
    s->reducer = std::make_unique<BoxReducer>(int(width), int(height), reduction);
    for (png_uint_32 y = 0; y < height; ++y) {
        png_read_row(png, s->row.data(), nullptr);
        convertRow(*s, int(width));
        s->reducer->addRow(s->gray.data());
    }
    return true;
}

} // namespace

PngRowDecoder::Result PngRowDecoder::decode(const QByteArray& bytes, int reduction)
{
    Failure failure;
    Source src{reinterpret_cast<const uchar*>(bytes.constData()), size_t(bytes.size()), 8};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure, errorFn, warningFn);
    if (!png)
        throw ImageError(ImageError::Code::DecodeFailed, QStringLiteral("libpng unavailable"));
    png_infop info = png_create_info_struct(png);
    png_set_read_fn(png, &src, readFn);
    png_set_sig_bytes(png, 8);
    png_set_crc_action(png, PNG_CRC_WARN_USE, PNG_CRC_WARN_USE);
    // The budget already allowed this geometry; libpng's own 1M-pixel side limit must not refuse.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    State state;
    const bool ok = info && readRows(png, info, &state, reduction);
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (!ok)
        throw ImageError(
            ImageError::Code::DecodeFailed,
            QStringLiteral("PNG decoding failed: %1").arg(QString::fromLatin1(failure.message)));
    Result r;
    r.colour = state.channels == 3;
    const bool interlaced = !state.reducer;
    const double pixels = interlaced ? double(state.gray.size()) * double(state.height)
                                     : double(state.gray.size()) * state.reducer->rowsSeen();
    const double full = state.bitDepth == 16 ? 65535.0 : 255.0;
    r.chroma = r.colour && pixels > 0 ? state.chromaSum / pixels / full : 0.0;
    if (interlaced) {
        r.stored = std::move(state.sums);
        r.stored.bitsStored = state.bitDepth;
    } else {
        r.stored = state.reducer->finish(state.bitDepth);
    }
    return r;
}

} // namespace chexview
