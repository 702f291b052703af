"""The gate's 64x64 view of an image, computed as core/gate/src/GateThumbnail.cpp does: cell
means of the modality values (nearest pixel where the image is smaller than the grid), bright
where the film is bright, stretched so the 1st and 99th percentiles are 0 and 1."""
import numpy as np

SIZE = 64


def thumbnail(values, size=SIZE):
    """values: 2-D array of modality values in display polarity (MONOCHROME1 already negated)."""
    v = np.asarray(values, dtype=np.float64)
    h, w = v.shape
    cy = (np.arange(h, dtype=np.int64) * size) // h
    cx = (np.arange(w, dtype=np.int64) * size) // w
    sums = np.zeros((size, size))
    counts = np.zeros((size, size))
    np.add.at(sums, (cy[:, None], cx[None, :]), v)
    np.add.at(counts, (cy[:, None], cx[None, :]), 1)
    mean = np.zeros((size, size), dtype=np.float32)
    filled = counts > 0
    mean[filled] = (sums[filled] / counts[filled]).astype(np.float32)
    if not filled.all():
        gy = (np.arange(size) * h) // size
        gx = (np.arange(size) * w) // size
        nearest = v[gy[:, None], gx[None, :]].astype(np.float32)
        mean[~filled] = nearest[~filled]
    flat = np.sort(mean.ravel())
    n = flat.size
    lo = flat[int(round(0.01 * (n - 1)))]
    hi = flat[int(round(0.99 * (n - 1)))]
    rng = np.float32(hi - lo)
    if rng <= 0:
        return np.zeros((size, size), dtype=np.float32)
    return np.clip((mean - lo) / rng, 0.0, 1.0).astype(np.float32)
