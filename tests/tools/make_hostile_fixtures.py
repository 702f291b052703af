#!/usr/bin/env python3
"""Builds the hostile-input regression fixtures (issue 8) from real files.

Each file reproduces one defect class that a fuzzing pass found: damaged .gz label lists,
decompression bombs, 32-bit images with extreme values, broken rescale under a VOI LUT, huge
sizes claimed by small compressed data, and pathologically nested sequences. The real inputs
are NIH's split lists, the RSNA JPEG-baseline DICOM and pydicom's own test files; everything
else is derived from them with pydicom, zlib and plain bytes. Output: OUT_DIR/manifest.json
(name -> what it is) plus the files. Crashes found by packaging/run-fuzzers.sh are copied
from tests/fuzz/regressions/HARNESS/ into OUT_DIR/fuzz/HARNESS/.

usage: make_hostile_fixtures.py SHARED_DATA_DIR OUT_DIR
"""
import argparse
import gzip
import json
import os
import shutil
import struct
import zlib

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_pixel_data_frame
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from hostile_rasters import make_rasters

PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def gzip_stream(path, chunks):
    """Writes a gzip file from an iterator of byte chunks (never holding the whole text)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as gz:
        for c in chunks:
            gz.write(c)


# --- label lists ------------------------------------------------------------------------

def make_lists(shared, out, manifest):
    real = open(os.path.join(shared, "nih/lists/val_list.txt"), "rb").read()
    packed = gzip.compress(real)
    # 1. use-after-free of gzerror's text: a truncated and a corrupted .gz list.
    write(f"{out}/lists-gz-truncated/val_list.txt.gz", packed[:500])
    corrupt = bytearray(packed)
    for i in range(200, len(corrupt) - 8, 997):
        corrupt[i] ^= 0x5A
    write(f"{out}/lists-gz-corrupt/val_list.txt.gz", bytes(corrupt))
    manifest["lists-gz-truncated"] = "first 500 bytes of NIH's val_list.txt.gz"
    manifest["lists-gz-corrupt"] = "NIH's val_list.txt.gz with bytes flipped every 997"
    # 2. decompression bombs: 1 GiB on one line; 200 MiB of short lines; a 16 MB line of 8M
    #    fields; 200k duplicate lines (within the bounds: must be reported, not refused).
    mib = b"0" * (1 << 20)
    gzip_stream(f"{out}/lists-bomb-line/bomb_list.txt.gz", (mib for _ in range(1024)))
    short = b"x\n" * (1 << 19)
    gzip_stream(f"{out}/lists-bomb-lines/bomb_list.txt.gz", (short for _ in range(200)))
    gzip_stream(f"{out}/lists-wide-line/wide_list.txt.gz",
                [b"00000001_000.png", b" 0" * (8 << 20), b"\n"])
    first = real.split(b"\n")[0] + b"\n"
    gzip_stream(f"{out}/lists-duplicates/dup_list.txt.gz", [first * 200_000])
    manifest["lists-bomb-line"] = "gzip of 1 GiB without a newline"
    manifest["lists-bomb-lines"] = "gzip of 200 MiB of 2-byte lines"
    manifest["lists-wide-line"] = "one 16 MiB line of 8M fields"
    manifest["lists-duplicates"] = "one real line repeated 200,000 times"
    # Data_Entry whose header is fine and whose second line is a 1 GiB bomb.
    gzip_stream(f"{out}/data-entry-bomb/Data_Entry_2017.csv.gz",
                [b"Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,"
                 b"Patient Gender,View Position\n"] + [mib] * 256)
    for name in ("train_val_list.txt", "test_list.txt"):
        write(f"{out}/data-entry-bomb/{name}", b"00000001_000.png\n")
    manifest["data-entry-bomb"] = "Data_Entry header then 256 MiB on one line"


# --- images -------------------------------------------------------------------------------

def base_dataset(rows, cols):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # secondary capture
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    return ds


def int32_image(extreme):
    """64x64 signed 32-bit ramp; `extreme` puts INT32_MIN and INT32_MAX in two corners."""
    a = (np.arange(64 * 64, dtype=np.int64).reshape(64, 64) * 1000 - 2_000_000).astype("<i4")
    if extreme:
        a[0, 0] = -(2 ** 31)
        a[-1, -1] = 2 ** 31 - 1
    return a


def save_int32(path, a, modality_lut=False):
    ds = base_dataset(*a.shape)
    ds.BitsAllocated = ds.BitsStored = 32
    ds.HighBit = 31
    ds.PixelRepresentation = 1
    if modality_lut:
        item = Dataset()
        item.LUTDescriptor = [4096, 0, 16]
        item.ModalityLUTType = "US"
        item.LUTData = np.arange(0, 65536, 16, dtype="<u2").tobytes()
        ds.ModalityLUTSequence = Sequence([item])
    ds.PixelData = a.tobytes()
    ds.save_as(path, write_like_original=False)


def save_voi_lut_with_slope(path, slope_text):
    ds = base_dataset(32, 32)
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    item = Dataset()
    item.LUTDescriptor = [256, 0, 8]
    item.LUTData = np.arange(256, dtype="<u2").tobytes()
    item.LUTExplanation = "ramp"
    ds.VOILUTSequence = Sequence([item])
    ds.PixelData = (np.arange(32 * 32, dtype="<u2") * 60).tobytes()
    ds.save_as(path, write_like_original=False)
    # DS "NaN" / "1e308" are not valid DS text for pydicom's writer: patch the bytes.
    raw = bytearray(open(path, "rb").read())
    tag = b"\x28\x00\x53\x10DS"  # (0028,1053) explicit VR little endian
    at = raw.index(tag)
    old_len = struct.unpack_from("<H", raw, at + 6)[0]
    value = slope_text.encode()
    value += b" " * (len(value) % 2)
    raw[at + 6:at + 8 + old_len] = struct.pack("<H", len(value)) + value
    write(path, bytes(raw))


def reclaim(src, dst, **attrs):
    """A real compressed DICOM whose Image Pixel module claims something else."""
    ds = pydicom.dcmread(src)
    for k, v in attrs.items():
        setattr(ds, k, v)
    ds.save_as(dst, write_like_original=True)


def make_images(shared, out, manifest):
    d = f"{out}/images"
    os.makedirs(d, exist_ok=True)
    # 3. 32-bit data: pydicom's own RLE file, int32 with extreme values, and with a Modality
    #    LUT Sequence (the stored range reaches INT32_MAX).
    shutil.copy(f"{PYDICOM_FILES}/SC_rgb_rle_32bit.dcm", f"{d}/rle-rgb-32bit.dcm")
    save_int32(f"{d}/int32-extreme.dcm", int32_image(True))
    save_int32(f"{d}/int32-ramp.dcm", int32_image(False))
    save_int32(f"{d}/int32-extreme-modality-lut.dcm", int32_image(True), modality_lut=True)
    # 4. VOI LUT Sequence with a rescale slope that is huge or not a number.
    for name, text in (("voi-slope-1e308", "1e308"), ("voi-slope-neg-1e308", "-1e308"),
                       ("voi-slope-nan", "NaN")):
        save_voi_lut_with_slope(f"{d}/{name}.dcm", text)
    # 5. Small compressed files claiming huge frames.
    jpeg = f"{shared}/dicom/rsna_cr_jpeg_baseline.dcm"
    reclaim(jpeg, f"{d}/jpeg-claims-16384-rgb32.dcm", Rows=16384, Columns=16384,
            SamplesPerPixel=3, PhotometricInterpretation="RGB", PlanarConfiguration=0,
            BitsAllocated=32, BitsStored=32, HighBit=31)
    reclaim(jpeg, f"{d}/jpeg-claims-16384-mono16.dcm", Rows=16384, Columns=16384,
            BitsAllocated=16, BitsStored=16, HighBit=15)
    reclaim(f"{PYDICOM_FILES}/SC_rgb_rle_32bit.dcm", f"{d}/rle-claims-16384.dcm",
            Rows=16384, Columns=16384)
    # 6. Sequences nested 20,000 deep (explicit VR, undefined lengths) and the same depth in
    #    implicit VR with defined lengths; 100 levels must still open.
    write(f"{d}/nested-20000-explicit.dcm", nested_file(20000, explicit=True))
    write(f"{d}/nested-20000-implicit-defined.dcm", nested_file(20000, explicit=False))
    write(f"{d}/nested-100-explicit.dcm", nested_file(100, explicit=True))
    # 7. What the first pre-scan could not follow (found by fuzz_image_loader): sequences
    #    nested inside an undefined-length UN element (DCMTK reads its content as implicit VR,
    #    CP-246); a deflated dataset whose element with a VR DCMTK does not know claims 3.7 GB
    #    (DCMTK allocated it while inflating); a deflate bomb; and a JPEG-LS frame cut to 1 KB
    #    whose SOF and Image Pixel module both claim 16384x16384 (run mode needs >= 2 KB).
    write(f"{d}/un-nested-20000.dcm", un_nested_file(20000))
    write(f"{d}/un-nested-100.dcm", un_nested_file(100))
    write(f"{d}/deflated-claims-3.7GB.dcm", deflated_file(
        struct.pack("<HH2sHI", 0x412A, 0x4141, b"AA", 0, 0xDBBCBCBC) + b"\xbc" * 4096))
    write(f"{d}/deflated-bomb-300MiB.dcm", deflated_file(
        struct.pack("<HH2sHI", 0x0009, 0x1010, b"OB", 0, 300 << 20) + bytes(300 << 20)))
    jpegls_claims(f"{PYDICOM_FILES}/MR_small_jpeg_ls_lossless.dcm",
                  f"{d}/jpegls-1KB-claims-16384.dcm", 16384, 1024)
    # 8. RLE headers DCMTK 3.6.7 trusts (fuzz_image_loader: SEGV in DcmRLEDecoder::decompress
    #    when the last segment's offset lies past the fragment), made from pydicom's real file.
    rle_headers(f"{PYDICOM_FILES}/MR_small_RLE.dcm", d)
    # 9. Native (uncompressed) frames against the DICOM memory budget: the largest chest film
    #    size (4300x4300, 16 bits) opens; a real 7600x7600 8-bit frame (58 MB, all there)
    #    needs more than the budget and is refused from its Image Pixel module.
    for name, side, bits in (("native-16bit-4300.dcm", 4300, 16), ("native-8bit-7600.dcm", 7600, 8)):
        ds = base_dataset(side, side)
        ds.BitsAllocated = ds.BitsStored = bits
        ds.HighBit = bits - 1
        ds.PixelRepresentation = 0
        ramp = (np.arange(side, dtype=np.uint32)[None, :] + np.arange(side, dtype=np.uint32)[:, None])
        ds.PixelData = (ramp % (1 << bits)).astype("<u2" if bits == 16 else "u1").tobytes()
        ds.save_as(f"{d}/{name}", write_like_original=False)
        del ds, ramp
    manifest["images"] = sorted(os.listdir(d))


def rle_headers(src, d):
    """64x64 16-bit MR, two segments at bytes 64 and 1948 of one 6108-byte fragment: offsets
    past the fragment, out of order, a last segment that decodes to nothing, and the header
    split over two fragments."""
    ds = pydicom.dcmread(src)
    frame = bytes(next(generate_pixel_data_frame(ds.PixelData)))

    def save(name, fragments):
        items = b"".join(struct.pack("<HHI", 0xFFFE, 0xE000, len(f)) + f for f in fragments)
        ds.PixelData = struct.pack("<HHI", 0xFFFE, 0xE000, 0) + items
        ds.save_as(f"{d}/{name}", write_like_original=True)

    def with_offsets(first, second, data=frame):
        return data[:4] + struct.pack("<II", first, second) + data[12:]

    save("rle-segment-past-fragment.dcm", [with_offsets(64, len(frame) + 4000)])
    save("rle-segments-out-of-order.dcm", [with_offsets(1948, 64)])
    cut = bytearray(with_offsets(64, len(frame) - 1))
    cut[-1] = 0x81  # a replicate run whose value byte is missing
    save("rle-last-segment-empty.dcm", [bytes(cut)])
    save("rle-header-split-over-fragments.dcm", [frame[:32], frame[32:]])


def jpegls_claims(src, dst, size, keep):
    """A real JPEG-LS file whose Rows/Columns and frame header (SOF55) both claim size^2, its
    frame cut to its first `keep` bytes."""
    ds = pydicom.dcmread(src)
    frame = bytearray(next(generate_pixel_data_frame(ds.PixelData)))[:keep]
    frame[7:11] = struct.pack(">HH", size, size)  # SOI, then SOF55: FFF7 Lf(2) P(1) Y X
    ds.PixelData = encapsulate([bytes(frame)])
    ds.Rows = ds.Columns = size
    ds.save_as(dst, write_like_original=True)


def element(group, elem, vr, value, explicit):
    value += b"\0" * (len(value) % 2) if vr == b"UI" else b" " * (len(value) % 2)
    if not explicit:
        return struct.pack("<HHI", group, elem, len(value)) + value
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT"):
        return struct.pack("<HH2sHI", group, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def nested_file(depth, explicit):
    xfer = b"1.2.840.10008.1.2.1" if explicit else b"1.2.840.10008.1.2"
    # Content Sequence (0040,A730) inside Content Sequence ... (group 0040 sorts after 0028)
    if explicit:
        seq_open = struct.pack("<HH2sHI", 0x0040, 0xA730, b"SQ", 0, 0xFFFFFFFF)
        item_open = struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF)
        item_close = struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
        seq_close = struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
        body = (seq_open + item_open) * depth + (item_close + seq_close) * depth
    else:
        body = b""
        for _ in range(depth):  # defined lengths, built from the inside out
            item = struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body
            body = struct.pack("<HHI", 0x0040, 0xA730, len(item)) + item
    pixels = element(0x7FE0, 0x0010, b"OB" if explicit else b"OW", bytes(range(64)), explicit)
    return file_meta(xfer) + image_head(explicit) + body + pixels


def image_head(explicit):
    return (element(0x0008, 0x0060, b"CS", b"OT", explicit) +
            element(0x0028, 0x0002, b"US", struct.pack("<H", 1), explicit) +
            element(0x0028, 0x0004, b"CS", b"MONOCHROME2", explicit) +
            element(0x0028, 0x0010, b"US", struct.pack("<H", 8), explicit) +
            element(0x0028, 0x0011, b"US", struct.pack("<H", 8), explicit) +
            element(0x0028, 0x0100, b"US", struct.pack("<H", 8), explicit) +
            element(0x0028, 0x0101, b"US", struct.pack("<H", 8), explicit) +
            element(0x0028, 0x0102, b"US", struct.pack("<H", 7), explicit) +
            element(0x0028, 0x0103, b"US", struct.pack("<H", 0), explicit))


def file_meta(xfer):
    meta = (element(0x0002, 0x0001, b"OB", b"\0\1", True) +
            element(0x0002, 0x0002, b"UI", b"1.2.840.10008.5.1.4.1.1.7", True) +
            element(0x0002, 0x0003, b"UI", b"1.2.3.4.5.6.7.8", True) +
            element(0x0002, 0x0010, b"UI", xfer, True))
    return b"\0" * 128 + b"DICM" + \
        element(0x0002, 0x0000, b"UL", struct.pack("<I", len(meta)), True) + meta


def un_nested_file(depth):
    """Explicit VR file with a private UN element of undefined length (0029,1010) whose
    implicit VR content nests undefined-length private sequences `depth` deep."""
    item_open = struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF)
    item_close = struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
    seq_close = struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
    inner_open = struct.pack("<HHI", 0x0029, 0x1010, 0xFFFFFFFF)  # implicit VR inside
    body = (struct.pack("<HH2sHI", 0x0029, 0x1010, b"UN", 0, 0xFFFFFFFF) + item_open +
            (inner_open + item_open) * (depth - 1) + (item_close + seq_close) * depth)
    pixels = element(0x7FE0, 0x0010, b"OB", bytes(range(64)), True)
    return file_meta(b"1.2.840.10008.1.2.1") + image_head(True) + body + pixels


def deflated_file(tail):
    """Deflated Explicit VR Little Endian: an 8x8 image followed by `tail` (raw elements)."""
    dataset = image_head(True) + element(0x7FE0, 0x0010, b"OB", bytes(range(64)), True) + tail
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return file_meta(b"1.2.840.10008.1.2.1.99") + z.compress(dataset) + z.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", help="tests/data")
    ap.add_argument("out", help="output folder (replaced)")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    manifest = {}
    make_lists(args.shared, args.out, manifest)
    make_images(args.shared, args.out, manifest)
    make_rasters(args.shared, f"{args.out}/images", write, manifest)
    # Crashes found by fuzzing, kept in the repository (small files) as regressions.
    found = os.path.join(HERE, "..", "fuzz", "regressions")
    if os.path.isdir(found):
        shutil.copytree(found, f"{args.out}/fuzz", ignore=shutil.ignore_patterns("*.md"))
        manifest["fuzz"] = sorted(os.listdir(f"{args.out}/fuzz"))
    with open(f"{args.out}/manifest.json", "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
