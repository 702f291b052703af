"""The material the gate's OOD network learns from and is tested on, all real files the project
holds or Debian installs, plus transforms and seeded synthetic images. Each item is
(name, category, label, split, loader): label 0 = a frontal chest film, 1 = anything else;
split "train" or "test" (held out). Films are split by NIH patient; every transform of a film
stays on its film's side."""
import glob
import hashlib
import os
import subprocess
import tempfile

import numpy as np
from PIL import Image

PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
PHOTO_GLOBS = [
    "/usr/share/backgrounds/*.png", "/usr/share/backgrounds/gnome/*.webp",
    "/usr/share/icons/Adwaita/512x512/*/*.png", "/usr/share/doc/*/*/*.png",
    "/usr/share/doc/*/html/images/*.png", "/usr/share/qt6/doc/global/template/images/*.jpg",
    "/usr/share/info/*.png",
]
# Other hospitals' frontal films the project holds: never trained on.
OTHER_FILMS = ["other/h0001.png", "other/16747_3_1.jpg", "dicom/CR-MONO1-10-chest.dcm",
               "dicom/rsna_cr_jpeg_baseline.dcm"]


def bucket(key, n=10):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % n


def gray_of_raster(path):
    im = Image.open(path)
    if im.mode in ("I;16", "I;16B", "I"):
        return np.asarray(im, dtype=np.float64)
    rgb = np.asarray(im.convert("RGB"), dtype=np.float64)
    return rgb @ np.array([0.299, 0.587, 0.114])


def decoded_pixels(path):
    """pydicom's pixel array; files its handlers cannot decode (JPEG lossless, ...) go through
    DCMTK's dcmdjpeg first."""
    import pydicom
    ds = pydicom.dcmread(path, force=True)
    try:
        return ds, ds.pixel_array
    except Exception:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "plain.dcm")
            subprocess.run(["dcmdjpeg", path, out], check=True, capture_output=True)
            ds = pydicom.dcmread(out, force=True)
            return ds, ds.pixel_array


def gray_of_dicom(path):
    ds, pixels = decoded_pixels(path)
    a = pixels.astype(np.float64)
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    spp = int(getattr(ds, "SamplesPerPixel", 1))
    if frames > 1:
        a = a[0]
    if spp == 3:
        a = a @ np.array([0.299, 0.587, 0.114])
    if a.ndim != 2:
        raise ValueError("not one 2-D frame")
    slope = float(getattr(ds, "RescaleSlope", 1) or 1)
    intercept = float(getattr(ds, "RescaleIntercept", 0) or 0)
    a = a * slope + intercept
    if str(getattr(ds, "PhotometricInterpretation", "")) == "MONOCHROME1":
        a = -a
    return a


def load_gray(path):
    return gray_of_dicom(path) if path.endswith(".dcm") else gray_of_raster(path)


TRANSFORMS = {
    "rotated 90": lambda a: np.rot90(a, 1),
    "rotated 270": lambda a: np.rot90(a, 3),
    "upside down": lambda a: np.rot90(a, 2),
    "flipped vertically": lambda a: a[::-1],
    "inverted": lambda a: -a,
}


def synthetic(kind, seed, size=256):
    rng = np.random.default_rng(seed)
    if kind == "noise":
        return rng.normal(0.5, 0.2, (size, size))
    if kind == "gradient":
        y, x = np.mgrid[0:size, 0:size] / size
        angle = rng.uniform(0, 2 * np.pi)
        return np.cos(angle) * x + np.sin(angle) * y + rng.normal(0, 0.02, (size, size))
    # smooth blobs
    a = np.zeros((size, size))
    y, x = np.mgrid[0:size, 0:size]
    for _ in range(rng.integers(2, 8)):
        cy, cx, r = rng.uniform(0, size, 2).tolist() + [rng.uniform(10, size / 2)]
        a += rng.uniform(-1, 1) * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r))
    return a


def items(shared):
    """Every item as a dict: name, category, label, split, source (file or recipe), load()."""
    out = []

    def add(name, category, label, split, load):
        out.append(dict(name=name, category=category, label=label, split=split, load=load))

    for path in sorted(glob.glob(f"{shared}/nih/images-256/*.png")):
        base = os.path.basename(path)
        split = "train" if bucket(base[:8]) < 7 else "test"
        add(f"nih/images-256/{base}", "frontal film (NIH)", 0, split,
            lambda p=path: load_gray(p))
        for t, f in TRANSFORMS.items():
            add(f"nih/images-256/{base} {t}", f"film {t}", 1, split,
                lambda p=path, f=f: f(load_gray(p)))
    for rel in OTHER_FILMS:
        add(rel, "frontal film (other hospital)", 0, "test",
            lambda p=f"{shared}/{rel}": load_gray(p))
        for t, f in TRANSFORMS.items():
            add(f"{rel} {t}", f"film {t}", 1, "test",
                lambda p=f"{shared}/{rel}", f=f: f(load_gray(p)))
    add("dicom/CR-ModalitySequenceLUT.dcm", "dental film", 1, "test",
        lambda p=f"{shared}/dicom/CR-ModalitySequenceLUT.dcm": load_gray(p))
    for path in sorted(glob.glob(f"{PYDICOM_FILES}/*.dcm")):
        base = os.path.basename(path)
        group = base.split("_")[0].split(".")[0].split("-")[0]  # MR_small_* -> MR, ...
        add(f"pydicom/{base}", "CT/MR/other DICOM (pydicom)", 1,
            "train" if bucket(group, 3) else "test", lambda p=path: load_gray(p))
    seen = set()
    for pattern in PHOTO_GLOBS:
        for path in sorted(glob.glob(pattern)):
            if path in seen or os.path.getsize(path) < 20000:
                continue
            seen.add(path)
            add(path, "photo or graphic (Debian)", 1,
                "train" if bucket(path) < 7 else "test", lambda p=path: load_gray(p))
    for i in range(300):
        kind = ("noise", "gradient", "blobs")[i % 3]
        add(f"synthetic {kind} seed {i}", "synthetic", 1, "train" if i < 210 else "test",
            lambda k=kind, s=i: synthetic(k, 1000 + s))
    return out
