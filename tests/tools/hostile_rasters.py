"""Hostile raster files (issue 24) for make_hostile_fixtures.py: decompression bombs, extreme
aspect ratios, 1-pixel images and files whose header claims a size the data cannot hold, for
PNG, JPEG, TIFF and JPEG 2000. Bombs are written by streaming zlib (never the whole image in
memory); everything else is a real NIH film encoded by PIL or bytes built here."""
import io
import struct
import zlib

import numpy as np
from PIL import Image


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_head(width, height, depth=8, colour=0):
    return b"\x89PNG\r\n\x1a\n" + png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))


def png_bomb(width, height, depth):
    """A width x height gray PNG of zeros, deflated row by row."""
    z = zlib.compressobj(9)
    row = b"\0" * (1 + width * depth // 8)
    data = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    return png_head(width, height, depth) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]  # (x0, y0, dx, dy) of the seven passes


def png_from_array(pixels, interlaced):
    """A PNG of `pixels` (H x W gray or H x W x 3 RGB, uint8 or big-endian-able uint16), filter
    type 0, Adam7 when `interlaced`: written here because PIL cannot write interlaced PNGs."""
    height, width = pixels.shape[:2]
    colour = 2 if pixels.ndim == 3 else 0
    depth = 16 if pixels.dtype == np.uint16 else 8
    stored = pixels.astype(">u2") if depth == 16 else pixels
    z = zlib.compressobj(1)
    parts = []
    for x0, y0, dx, dy in (ADAM7 if interlaced else [(0, 0, 1, 1)]):
        sub = stored[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        for row in sub:
            parts.append(z.compress(b"\0" + row.tobytes()))
    parts.append(z.flush())
    head = b"\x89PNG\r\n\x1a\n" + png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 1 if interlaced else 0))
    return head + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b"")


def tiff(width, height, strip, compression, bits=8):
    """Little-endian TIFF, one gray strip holding `strip` (already compressed)."""
    entries = [(256, 4, width), (257, 4, height), (258, 3, bits), (259, 3, compression),
               (262, 3, 1), (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(strip))]
    ifd_at = 8
    data_at = ifd_at + 2 + 12 * len(entries) + 4
    out = b"II*\0" + struct.pack("<I", ifd_at) + struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        if tag == 273:
            value = data_at
        packed = struct.pack("<H", value) + b"\0\0" if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, 1) + packed
    return out + b"\0\0\0\0" + strip


def tiff_bomb(side):
    z = zlib.compressobj(9)
    row = b"\0" * side
    return tiff(side, side, b"".join(z.compress(row) for _ in range(side)) + z.flush(), 8)


def j2k_header_only(side):
    """SOC, SIZ (side x side, one 8-bit component), COD (5 levels), EOC: no tile at all."""
    siz = struct.pack(">HIIIIIIIIH", 0, side, side, 0, 0, side, side, 0, 0, 1) + b"\x07\x01\x01"
    cod = struct.pack(">BBHBBBBBB", 0, 0, 1, 0, 5, 4, 4, 0, 0)
    return (b"\xff\x4f" + b"\xff\x51" + struct.pack(">H", len(siz) + 2) + siz +
            b"\xff\x52" + struct.pack(">H", len(cod) + 2) + cod + b"\xff\xd9")


def jpeg_header_only(side):
    """SOI, SOF0 claiming side x side gray, EOI."""
    sof = struct.pack(">BHHB", 8, side, side, 1) + b"\x01\x11\x00"
    return b"\xff\xd8\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def patch_sof(jpeg, width, height):
    """A real JPEG whose frame header is rewritten to claim width x height."""
    at = 2
    data = bytearray(jpeg)
    while at < len(data):
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            data[at + 5:at + 9] = struct.pack(">HH", height, width)
            return bytes(data)
        at += 2 + length
    raise ValueError("no SOF")


def encoded(image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def make_rasters(shared, d, write, manifest):
    film = Image.open(f"{shared}/other/00000001_000.png").convert("L")
    # Decompression bombs.
    write(f"{d}/png-bomb-16384.png", png_bomb(16384, 16384, 8))
    write(f"{d}/png16-bomb-16384.png", png_bomb(16384, 16384, 16))
    write(f"{d}/tiff-bomb-16384.tif", tiff_bomb(16384))
    flat = Image.new("L", (16384, 16384), 128)
    write(f"{d}/jpeg-bomb-16384.jpg", encoded(flat, "JPEG", quality=50))
    del flat
    manifest["png-bomb-16384.png"] = "16384x16384 8-bit gray zeros, deflated (about 261 KB)"
    manifest["png16-bomb-16384.png"] = "16384x16384 16-bit gray zeros, deflated"
    manifest["tiff-bomb-16384.tif"] = "16384x16384 8-bit gray zeros, one deflated strip"
    manifest["jpeg-bomb-16384.jpg"] = "16384x16384 flat gray JPEG (PIL, quality 50)"
    # Interlaced (Adam7) PNGs too large to decode whole, each with a plain twin of the same
    # pixels: both must open reduced to the same values. A non-separable pattern, so a pixel
    # put in the wrong place by the pass arithmetic changes a box.
    write(f"{d}/png-interlaced-bomb-16384.png",
          png_from_array(np.zeros((16384, 16384), np.uint8), True))
    manifest["png-interlaced-bomb-16384.png"] = "16384x16384 8-bit gray zeros, Adam7"
    y, x = np.mgrid[0:6143, 0:8191]
    gray = ((x * x + 3 * y * y + 7 * x * y) % 251).astype(np.uint8)
    rgb = np.stack([gray[:5999, :6001], (gray[:5999, :6001] * 3) % 256,
                    255 - gray[:5999, :6001]], axis=-1).astype(np.uint8)
    deep = gray[:6000, :6000].astype(np.uint16) * 257 + (np.arange(6000) % 3)[None, :].astype(np.uint16)
    del x, y
    for name, pixels in (("gray8-8191x6143", gray), ("rgb8-6001x5999", rgb),
                         ("gray16-6000x6000", deep)):
        for interlaced in (True, False):
            kind = "interlaced" if interlaced else "plain"
            write(f"{d}/png-{kind}-{name}.png", png_from_array(pixels, interlaced))
            manifest[f"png-{kind}-{name}.png"] = f"{name} pattern, {kind}"
    del gray, rgb, deep
    # A real film's JPEG whose frame header claims 30000 x 30000.
    write(f"{d}/jpeg-claims-30000.jpg",
          patch_sof(encoded(film, "JPEG", quality=90), 30000, 30000))
    manifest["jpeg-claims-30000.jpg"] = "NIH 00000001_000 as JPEG, SOF patched to 30000x30000"
    # Extreme aspect ratios and 1-pixel images.
    rng = np.random.default_rng(24)
    write(f"{d}/jpeg-1x65000.jpg",
          encoded(Image.fromarray(rng.integers(0, 256, (65000, 1), dtype=np.uint8)), "JPEG"))
    write(f"{d}/png-2x60000.png",
          encoded(Image.fromarray(rng.integers(0, 256, (60000, 2), dtype=np.uint8)), "PNG"))
    write(f"{d}/png-1x16384.png", encoded(Image.new("L", (1, 16384), 77), "PNG"))
    write(f"{d}/png-1x1.png", encoded(Image.new("L", (1, 1), 200), "PNG"))
    write(f"{d}/jpeg-1x1.jpg", encoded(Image.new("L", (1, 1), 200), "JPEG", quality=100))
    write(f"{d}/tiff-1x1.tif", encoded(Image.new("L", (1, 1), 200), "TIFF"))
    write(f"{d}/j2k-1x1.j2k", encoded(Image.new("L", (1, 1), 200), "JPEG2000",
                                      irreversible=False, no_jp2=True))
    for name in ("jpeg-1x65000.jpg", "png-2x60000.png", "png-1x16384.png", "png-1x1.png",
                 "jpeg-1x1.jpg", "tiff-1x1.tif", "j2k-1x1.j2k"):
        manifest[name] = "random or flat gray pixels (seeded) at that size"
    # Header-only size claims, one per format.
    write(f"{d}/png-header-only-16000.png",
          png_head(16000, 16000) + png_chunk(b"IEND", b""))
    write(f"{d}/jpeg-header-only-16000.jpg", jpeg_header_only(16000))
    write(f"{d}/tiff-header-only-16000.tif", tiff(16000, 16000, b"", 1))
    write(f"{d}/j2k-header-only-16000.j2k", j2k_header_only(16000))
    write(f"{d}/j2k-header-only-30000.j2k", j2k_header_only(30000))
    for name in ("png-header-only-16000.png", "jpeg-header-only-16000.jpg",
                 "tiff-header-only-16000.tif", "j2k-header-only-16000.j2k",
                 "j2k-header-only-30000.j2k"):
        manifest[name] = "a header claiming that size and no pixel data"
    # The fuzz finding: 24 bytes, first chunk not IHDR, its would-be size fields 0xFFFFFFFF.
    write(f"{d}/png-24-bytes-no-ihdr.png",
          b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 8) + b"tEXt" + b"\xff" * 8)
    write(f"{d}/png-first-chunk-text.png",
          b"\x89PNG\r\n\x1a\n" + png_chunk(b"tEXt", b"\xff" * 13) + png_chunk(b"IEND", b""))
    manifest["png-24-bytes-no-ihdr.png"] = "24 bytes: signature, a tEXt chunk head, 0xFF x 8"
    manifest["png-first-chunk-text.png"] = "signature, a 13-byte tEXt chunk where IHDR belongs"
