"""The training/validation image set: NIH PNGs -> the model package's preprocessing, with the
CheXNet augmentation (random resized crop, horizontal flip) for training.

Preprocessing is preprocess.py's (the manifest's): values scaled by the stored bit depth to
[0,1], shorter side resized to `resize` by area averaging, then a centre crop `crop` (evaluation,
and training under --deterministic) or a random resized crop + flip (training), gray copied to 3
channels, ImageNet mean/std. Augmentation draws come from a generator seeded by (seed, epoch,
image index), so a run is reproducible whatever the number of processes, DataLoader workers or a
resume in between. An unreadable image yields zeros and ok=0: the caller skips and counts it.
Items are read by DataLoader workers (separate processes); no shared mutable state.
"""
import hashlib
import math
import sys

import torch
import torchvision.transforms.functional as TF

import preprocess

CHEXNET_MEAN = [0.485, 0.456, 0.406]
CHEXNET_STD = [0.229, 0.224, 0.225]


def crop_params(gen, height, width, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)):
    """RandomResizedCrop's box (top, left, h, w), drawn from `gen` (Inception-style crop)."""
    area = height * width
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        u = torch.rand(2, generator=gen, dtype=torch.float64).tolist()
        target = area * (scale[0] + u[0] * (scale[1] - scale[0]))
        aspect = math.exp(log_ratio[0] + u[1] * (log_ratio[1] - log_ratio[0]))
        w = int(round(math.sqrt(target * aspect)))
        h = int(round(math.sqrt(target / aspect)))
        if 0 < w <= width and 0 < h <= height:
            top = int(torch.randint(0, height - h + 1, (1,), generator=gen))
            left = int(torch.randint(0, width - w + 1, (1,), generator=gen))
            return top, left, h, w
    s = min(height, width)
    return (height - s) // 2, (width - s) // 2, s, s


class XrayTrainingSet(torch.utils.data.Dataset):
    """records: [(image, patient, labels[14])]; paths: {image: file path}.
    __getitem__ -> (x[3,crop,crop] float32, labels[14] float32, index, ok)."""

    def __init__(self, records, paths, crop=224, augment=False, seed=0):
        self.records, self.paths = records, paths
        self.crop, self.augment, self.seed = crop, augment, seed
        self.resize = int(round(crop * 256 / 224))
        self.pre = {"resize": self.resize, "crop": self.resize, "channels": 1, "scale": [0.0, 1.0],
                    "mean": [0.0], "std": [1.0]}
        self.epoch = 0

    def __len__(self):
        return len(self.records)

    def set_epoch(self, epoch):
        """Set before each epoch's DataLoader iterator is created (workers copy the dataset)."""
        self.epoch = epoch

    def _generator(self, index):
        key = hashlib.sha256(f"{self.seed}:{self.epoch}:{index}".encode()).digest()
        return torch.Generator().manual_seed(int.from_bytes(key[:8], "little") & ((1 << 63) - 1))

    def load(self, index):
        """[1,resize',resize''] in [0,1] (shorter side = resize), or raises on an unreadable file."""
        values, bits = preprocess.load_gray(self.paths[self.records[index][0]])
        if values.ndim != 2 or min(values.shape) < self.resize:
            raise ValueError(f"{values.shape} is not a gray image of at least {self.resize} pixels")
        return torch.from_numpy(preprocess.preprocess(values, bits, self.pre))

    def __getitem__(self, index):
        labels = torch.tensor(self.records[index][2], dtype=torch.float32)
        try:
            img = self.load(index)
        except Exception as e:  # a broken file must never stop training: skip and count it
            print(f"skipping unreadable image {self.paths.get(self.records[index][0])}: {e}",
                  file=sys.stderr, flush=True)
            return torch.zeros(3, self.crop, self.crop), labels, index, 0
        _, h, w = img.shape
        if self.augment:
            gen = self._generator(index)
            top, left, ch, cw = crop_params(gen, h, w)
            img = TF.resized_crop(img, top, left, ch, cw, [self.crop, self.crop],
                                  interpolation=TF.InterpolationMode.BILINEAR, antialias=True)
            if float(torch.rand(1, generator=gen)) < 0.5:
                img = torch.flip(img, dims=[2])
        else:
            y0, x0 = (h - self.crop) // 2, (w - self.crop) // 2
            img = img[:, y0:y0 + self.crop, x0:x0 + self.crop]
        img = img.expand(3, -1, -1)
        mean = torch.tensor(CHEXNET_MEAN).view(3, 1, 1)
        std = torch.tensor(CHEXNET_STD).view(3, 1, 1)
        return ((img - mean) / std).contiguous().float(), labels, index, 1

