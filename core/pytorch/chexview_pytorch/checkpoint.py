"""Training checkpoints: atomic writes, RNG state capture/restore, ImageNet initialisation.
Called by rank 0 (writes) or every rank (reads) of the training processes."""
import os
import random

import numpy as np
import torch

import chexnet


def save_atomic(obj, path):
    """torch.save to a temporary file in the same folder, fsync, then rename over `path`: a
    crash mid-write never leaves a truncated checkpoint behind."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_own(path):
    """A checkpoint.pt / best.pt this trainer wrote: a pickle with the RNG states (NumPy arrays,
    Python tuples), which torch >= 2.6's default weights_only=True refuses. Only for files of
    our own run folder; files from elsewhere keep torch's safe default."""
    return torch.load(path, map_location="cpu", weights_only=False)


def rng_state():
    state = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def load_imagenet_features(net, path):
    """Copies the `features.*` tensors of a torchvision DenseNet121 ImageNet state_dict (old
    `norm.1`/`conv.2` or current naming, optionally under 'state_dict' / 'module.') into `net`;
    the 14-finding classifier keeps its initialisation. Raises ValueError on a mismatch."""
    try:
        sd = torch.load(path, map_location="cpu")
    except Exception as e:
        raise ValueError(f"--pretrained {path}: not a PyTorch file ({e})") from None
    if isinstance(sd, dict) and "state_dict" in sd:
        sd = sd["state_dict"]
    if not isinstance(sd, dict):
        raise ValueError(f"--pretrained {path}: not a state_dict")
    feats = {}
    for key, value in sd.items():
        k = key[len("module."):] if key.startswith("module.") else key
        m = chexnet._OLD_LAYER.match(k)
        if m:
            k = m.group(1) + m.group(2)
        if k.startswith("features."):
            feats[k] = value
    own = {k: v for k, v in net.state_dict().items() if k.startswith("features.")}
    missing = [k for k in own if k not in feats and not k.endswith("num_batches_tracked")]
    wrong = [k for k in own if k in feats and feats[k].shape != own[k].shape]
    if missing or wrong:
        raise ValueError(f"--pretrained {path}: not DenseNet121 features (missing {missing[:3]}, "
                         f"wrong shape {wrong[:3]})")
    net.load_state_dict({**net.state_dict(), **feats})
    return len(feats)
