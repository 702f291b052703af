#!/usr/bin/env python3
"""Seeds for fuzz_image_loader in the raster formats the real material lacks (issue 24):
standalone TIFF (uncompressed, LZW, deflate, 16-bit), JPEG 2000 (J2K codestream and JP2, with
resolution levels), and 16-bit PNG, all from a 128x128 crop of a real NIH film (PIL encodes).

usage: raster_seeds.py SHARED_DATA_DIR OUT_DIR
"""
import argparse
import os

import numpy as np
from PIL import Image


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared")
    ap.add_argument("out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    film = Image.open(os.path.join(args.shared, "other/00000001_000.png")).convert("L")
    crop = film.crop((192, 192, 320, 320))
    wide = Image.fromarray((np.asarray(crop, dtype=np.uint16) * 257), mode="I;16")
    out = lambda name: os.path.join(args.out, name)  # noqa: E731
    crop.save(out("seed_gray8.tif"))
    crop.save(out("seed_gray8_lzw.tif"), compression="tiff_lzw")
    crop.save(out("seed_gray8_deflate.tif"), compression="tiff_adobe_deflate")
    wide.save(out("seed_gray16.tif"))
    wide.save(out("seed_gray16.png"))
    crop.convert("RGB").save(out("seed_rgb8.tif"))
    crop.save(out("seed_gray8.j2k"), "JPEG2000", no_jp2=True, irreversible=False,
              num_resolutions=4)
    crop.save(out("seed_gray8.jp2"), "JPEG2000", irreversible=True, quality_mode="rates",
              quality_layers=[20])
    crop.convert("RGB").save(out("seed_rgb8.jp2"), "JPEG2000", num_resolutions=3)


if __name__ == "__main__":
    main()
