"""The manifest's preprocessing in numpy, independent of chexview's C++ code.

value (modality) -> [0,1] by the declared range (MONOCHROME1 inverted) -> resize so the shorter
side is `resize` (area averaging when shrinking) -> centre crop `crop` -> channels ->
scale to [lo, hi] -> (x - mean) / std. Returns float32 [C, crop, crop].
"""
import numpy as np
from PIL import Image


def area_weights(n_in, n_out):
    """Row i: the fraction of each input pixel inside output pixel i (box filter)."""
    scale = n_in / n_out
    w = np.zeros((n_out, n_in), dtype=np.float64)
    for i in range(n_out):
        a, b = i * scale, (i + 1) * scale
        for j in range(int(np.floor(a)), min(n_in, int(np.ceil(b)))):
            w[i, j] = max(0.0, min(b, j + 1) - max(a, j))
    return w / w.sum(axis=1, keepdims=True)


def load_gray(path):
    img = Image.open(path)
    arr = np.asarray(img.convert("L") if img.mode not in ("L", "I;16", "I") else img)
    bits = 16 if arr.dtype == np.uint16 or arr.max() > 255 else 8
    return arr.astype(np.float64), bits


def preprocess(values, bits, pre, monochrome1=False):
    v = values / float(2 ** bits - 1)
    if monochrome1:
        v = 1.0 - v
    h, w = v.shape
    s = pre["resize"] / min(h, w)
    nh, nw = int(np.floor(h * s + 0.5)), int(np.floor(w * s + 0.5))
    if nh > h or nw > w:
        raise NotImplementedError("reference handles shrinking only")
    v = area_weights(h, nh) @ v @ area_weights(w, nw).T
    c = pre["crop"]
    y0, x0 = (nh - c) // 2, (nw - c) // 2
    v = v[y0:y0 + c, x0:x0 + c]
    lo, hi = pre["scale"]
    v = v * (hi - lo) + lo
    chans = pre["channels"]
    out = np.stack([(v - pre["mean"][k]) / pre["std"][k] for k in range(chans)])
    return out.astype(np.float32)
