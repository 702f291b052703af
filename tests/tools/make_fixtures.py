#!/usr/bin/env python3
"""Builds the DICOM test fixtures from a real NIH ChestX-ray14 PNG.

Every reference here comes from tools not written in this project: PIL decodes the source
PNG, pydicom writes the uncompressed datasets, DCMTK (dcmconv, dcmcjpeg, dcmcjpls, dcmcrle) and
GDCM (gdcmconv) encode the other transfer syntaxes, and GDCM + pydicom decode the real DICOM
files for the reference pixel dumps. Output: DIR/manifest.json plus the files it names.

usage: make_fixtures.py SHARED_DATA_DIR OUT_DIR
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SOURCE_PNG = "nih/images-1024/00000129_000.png"
PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files"


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def dump(array, path):
    """int32 little-endian raw + sidecar JSON with the shape."""
    a = np.ascontiguousarray(array, dtype="<i4")
    a.tofile(path + ".raw")
    with open(path + ".json", "w") as f:
        json.dump({"width": int(a.shape[1]), "height": int(a.shape[0])}, f)
    return os.path.basename(path)


def base_dataset(pixels, bits_stored, photometric="MONOCHROME2"):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"  # CR image storage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CR"
    ds.PatientName = "Fixture^NIH"
    ds.PatientID = "00000129"
    ds.PatientAge = "058Y"
    ds.ViewPosition = "PA"
    ds.BodyPartExamined = "CHEST"
    ds.PixelSpacing = ["0.143", "0.143"]
    ds.StudyDate = "20170101"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = 8 if bits_stored <= 8 else 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 0
    dtype = np.uint8 if bits_stored <= 8 else np.uint16
    ds.PixelData = pixels.astype(dtype).tobytes()
    return ds


def main(shared, out):
    os.makedirs(out, exist_ok=True)
    entries = []

    def add(name, reference, kind, **extra):
        entries.append(dict(file=name, reference=reference, kind=kind, **extra))

    src = np.array(Image.open(os.path.join(shared, SOURCE_PNG)).convert("L"), dtype=np.int32)
    src8_ref = dump(src, os.path.join(out, "src8"))
    src12 = src * 16 + (src % 16)  # real anatomy spread over 12 bits
    src12_ref = dump(src12, os.path.join(out, "src12"))

    def write(ds, name):
        path = os.path.join(out, name)
        ds.save_as(path, write_like_original=False)
        return path

    ele8 = write(base_dataset(src, 8), "nih8_ele.dcm")
    ele12 = write(base_dataset(src12, 12), "nih12_ele.dcm")
    add("nih8_ele.dcm", src8_ref, "lossless")
    add("nih12_ele.dcm", src12_ref, "lossless")

    encoders = [
        ("ile", ["dcmconv", "+ti"], "lossless", (8, 12)),
        ("ebe", ["dcmconv", "+tb"], "lossless", (8, 12)),
        ("deflate", ["dcmconv", "+td"], "lossless", (8,)),
        ("jpeg_baseline", ["dcmcjpeg", "+eb"], "lossy", (8,)),
        ("jpeg_extended", ["dcmcjpeg", "+ee"], "lossy", (12,)),
        ("jpeg_lossless_sv1", ["dcmcjpeg", "+e1"], "lossless", (8, 12)),
        ("jpeg_lossless", ["dcmcjpeg", "+el"], "lossless", (8, 12)),
        ("jpegls", ["dcmcjpls", "+el"], "lossless", (8, 12)),
        ("jpegls_near", ["dcmcjpls", "+en"], "near", (12,)),
        ("rle", ["dcmcrle"], "lossless", (8, 12)),
        ("j2k", ["gdcmconv", "--j2k"], "lossless", (8, 12)),
        ("j2k_lossy", ["gdcmconv", "--j2k", "--lossy", "-q", "80"], "lossy", (12,)),
    ]
    for suffix, cmd, kind, depths in encoders:
        for bits in depths:
            name = f"nih{bits}_{suffix}.dcm"
            run(*cmd, ele8 if bits == 8 else ele12, os.path.join(out, name))
            add(name, src8_ref if bits == 8 else src12_ref, kind)

    # Same pixels, MONOCHROME1: must display inverted relative to nih12_ele.dcm.
    write(base_dataset(src12, 12, "MONOCHROME1"), "nih12_mono1.dcm")
    add("nih12_mono1.dcm", src12_ref, "lossless", polarity="MONOCHROME1")

    # Modality rescale: modality value = 2 * stored - 1024.
    ds = base_dataset(src12, 12)
    ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = "2", "-1024", "US"
    ds.PixelSpacing = ["0", "0"]  # some writers store this for "unknown"
    write(ds, "nih12_rescale.dcm")
    add("nih12_rescale.dcm", src12_ref, "lossless", slope=2.0, intercept=-1024.0)

    # Window presets with SIGMOID and a VOI LUT sequence item (a 4096-entry gamma curve).
    ds = base_dataset(src12, 12)
    ds.WindowCenter = ["2048", "1200"]
    ds.WindowWidth = ["4096", "800"]
    ds.WindowCenterWidthExplanation = ["FULL", "LUNG"]
    ds.VOILUTFunction = "SIGMOID"
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 16]
    lut = (np.sqrt(np.arange(4096) / 4095.0) * 65535).round().astype(np.uint16)
    item.add_new(0x00283006, "US", lut.tolist())
    item.LUTExplanation = "GAMMA 0.5"
    ds.VOILUTSequence = Sequence([item])
    write(ds, "nih12_voilut.dcm")
    add("nih12_voilut.dcm", src12_ref, "lossless")

    # Broken on purpose: an encapsulated transfer syntax nobody here decodes, a palette image.
    ds = pydicom.dcmread(os.path.join(out, "nih8_jpeg_baseline.dcm"))
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100"  # MPEG2 Main Profile
    ds.save_as(os.path.join(out, "bad_mpeg2.dcm"), write_like_original=True)
    ds = base_dataset(src, 8, "PALETTE COLOR")
    write(ds, "bad_palette.dcm")
    ds = base_dataset(src, 8)
    ds.PixelData = ds.PixelData[: len(ds.PixelData) // 2]
    write(ds, "bad_short_pixels.dcm")

    # A real NIH film carrying identifying data everywhere PS3.15's basic profile looks, plus
    # a name typed into a comment, a private tag and a nested sequence: the anonymization tests
    # scan every widget and export for these values.
    ds = base_dataset(src, 8)
    ds.PatientName = "Doe^Jane Marie"
    ds.PatientID = "PID-4711-XQ"
    ds.PatientBirthDate = "19610214"
    ds.PatientSex = "F"
    ds.PatientAge = "058Y"
    ds.OtherPatientIDs = "ALT-5550123"
    ds.StudyDate = "20190423"
    ds.SeriesDate = "20190424"
    ds.StudyTime = "101500"
    ds.AcquisitionDateTime = "20190423101502"
    ds.InstitutionName = "Saint Example Hospital"
    ds.InstitutionAddress = "12 Elm Street, Springfield"
    ds.ReferringPhysicianName = "Smith^Rita"
    ds.AccessionNumber = "ACC99887766"
    ds.StudyID = "STUDY-31337"
    ds.StudyDescription = "Chest follow-up Doe"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.8.498.47110001"
    ds.ImageComments = "bed 7, Jane Doe, call Dr Smith"
    item = Dataset()
    item.RequestedProcedureID = "REQ-8080"
    item.ScheduledProcedureStepID = "SPS-9090"
    ds.RequestAttributesSequence = Sequence([item])
    block = ds.private_block(0x0009, "CHEXVIEW TEST", create=True)
    block.add_new(0x01, "LO", "Doe^Jane private copy")
    write(ds, "identified.dcm")

    # Real files: reference decode with GDCM (decompress) + pydicom (read).
    refs = [os.path.join(shared, "dicom", n) for n in sorted(os.listdir(os.path.join(shared, "dicom")))]
    for n in ["693_J2KI.dcm", "JPEG2000.dcm", "MR_small_jp2klossless.dcm", "J2K_pixelrep_mismatch.dcm",
              "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "JPEG-lossy.dcm",
              "JPGExtended.dcm", "MR_small_jpeg_ls_lossless.dcm", "CT_small.dcm", "emri_small_jpeg_2k_lossless.dcm"]:
        p = os.path.join(PYDICOM_FILES, n)
        if os.path.exists(p):
            refs.append(p)
    for path in refs:
        base = "ref_" + os.path.splitext(os.path.basename(path))[0]
        raw = os.path.join(out, base + ".gdcmraw.dcm")
        run("gdcmconv", "--raw", path, raw)
        d = pydicom.dcmread(raw, force=True)
        arr = d.pixel_array
        if int(getattr(d, "NumberOfFrames", 1) or 1) > 1:
            arr = arr[0]
        os.remove(raw)
        add(path, dump(arr, os.path.join(out, base)), "reference")

    # Raster files: PIL's decode, reduced to luma (ITU-R 601) for colour files.
    for sub in ["other", "nih/images-1024"]:
        for n in sorted(os.listdir(os.path.join(shared, sub))):
            img = Image.open(os.path.join(shared, sub, n))
            color = img.mode not in ("L", "I;16", "I")
            arr = np.array(img.convert("L") if color else img, dtype=np.int32)
            base = "raster_" + os.path.splitext(n)[0]
            add(os.path.join(shared, sub, n), dump(arr, os.path.join(out, base)), "raster",
                tolerance=1 if color else 0)

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"{len(entries)} fixtures in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
