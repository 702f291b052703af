"""CheXNet (DenseNet121, 14 ChestX-ray14 findings) for chexview model packages.

The exported module returns (probabilities[B,14], cams[B,14,h,w]). Because DenseNet's head is
global average pooling followed by a linear layer, Grad-CAM on the post-ReLU feature map equals
the class activation map sum_c w_kc * A_c up to a positive scale, so all 14 maps come out of
the forward pass with no backward pass, for float and INT8 models alike.
"""
import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import re
import sys
import types

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

FINDINGS = ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule",
            "Pneumonia", "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis",
            "Pleural_Thickening", "Hernia"]


def densenet121(in_channels=3, classes=14):
    net = torchvision.models.densenet121(weights=None)
    if in_channels != 3:
        net.features.conv0 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
    net.classifier = nn.Linear(1024, classes)
    return net


class CamHead(nn.Module):
    """ReLU -> (GAP -> linear -> sigmoid, and the class activation maps). Kept in float."""

    def __init__(self, linear: nn.Linear):
        super().__init__()
        self.weight = nn.Parameter(linear.weight.detach().clone(), requires_grad=False)
        self.bias = nn.Parameter(linear.bias.detach().clone(), requires_grad=False)

    def forward(self, features):
        a = F.relu(features)
        pooled = torch.flatten(F.adaptive_avg_pool2d(a, 1), 1)
        probs = torch.sigmoid(F.linear(pooled, self.weight, self.bias))
        # Both operands in the weight's dtype: under CPU autocast with torch.compile the
        # activations arrive in bf16 and the decomposed product refused the mix.
        cams = torch.einsum("kc,bchw->bkhw", self.weight, a.to(self.weight.dtype))
        return probs, cams


class CheXNetExport(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.features = net.features
        self.head = CamHead(net.classifier)

    def forward(self, x):
        return self.head(self.features(x))


# ---- checkpoint readers -------------------------------------------------------------------

_OLD_LAYER = re.compile(r"^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var|num_batches_tracked))$")


def from_arnoweng(path):
    """arnoweng/CheXNet model.pth.tar: {'state_dict': {'module.densenet121.features.…'}} in the
    old torchvision naming (norm.1, conv.2, …) with a Linear+Sigmoid head classifier.0."""
    ckpt = torch.load(path, map_location="cpu")
    sd = ckpt["state_dict"] if isinstance(ckpt, dict) and "state_dict" in ckpt else ckpt
    out = {}
    for key, value in sd.items():
        k = key
        if k.startswith("module."):
            k = k[len("module."):]
        if k.startswith("densenet121."):
            k = k[len("densenet121."):]
        m = _OLD_LAYER.match(k)
        if m:
            k = m.group(1) + m.group(2)
        k = k.replace("classifier.0.", "classifier.")
        out[k] = value
    net = densenet121()
    _load_exact(net, out)
    return net, {"source": "arnoweng/CheXNet checkpoint", "file": path}


def _load_exact(net, sd):
    """Every parameter and buffer must be present, except num_batches_tracked, which
    checkpoints written before PyTorch 0.4 (like arnoweng's) do not have."""
    result = net.load_state_dict(sd, strict=False)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or result.unexpected_keys:
        raise ValueError(f"checkpoint does not match DenseNet121: missing {missing[:5]}, "
                         f"unexpected {result.unexpected_keys[:5]}")


class _StandIn(nn.Module):
    """Takes the place of torchxrayvision's classes when unpickling; keeps attributes as is."""


class _StandInModule(types.ModuleType):
    """A module whose every attribute is a stand-in class (created on first use)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        cls = type(name, (_StandIn,), {"__module__": self.__name__})
        setattr(self, name, cls)
        return cls


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import hook serving torchxrayvision (and submodules) as stand-in modules. Used instead
    of torch.load(pickle_module=...), which Debian's torch 1.13 ignores."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "torchxrayvision" or fullname.startswith("torchxrayvision."):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return _StandInModule(spec.name)

    def exec_module(self, module):
        module.__path__ = []


@contextlib.contextmanager
def _stand_in_torchxrayvision():
    saved = {k: v for k, v in sys.modules.items() if k.startswith("torchxrayvision")}
    for k in saved:
        del sys.modules[k]
    finder = _StandInFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for k in [k for k in sys.modules if k.startswith("torchxrayvision")]:
            del sys.modules[k]
        sys.modules.update(saved)


def from_torchxrayvision(path):
    """torchxrayvision densenet121-res224-* files: a whole pickled model object of
    torchxrayvision.models.DenseNet (18 outputs, 1-channel input). Read without
    torchxrayvision installed; map the 14 NIH findings by name with their thresholds."""
    with _stand_in_torchxrayvision():
        # A whole pickled object, not tensors: torch >= 2.6's default weights_only=True refuses
        # it, so the full unpickler is asked for (its classes come from the stand-in above).
        obj = torch.load(path, map_location="cpu", weights_only=False)
    sd = obj.state_dict()
    pathologies = list(obj.pathologies)
    thresholds = getattr(obj, "op_threshs", None)
    in_ch = sd["features.conv0.weight"].shape[1]
    rows = []
    for name in FINDINGS:
        if name not in pathologies:
            raise ValueError(f"torchxrayvision model has no output named {name}")
        rows.append(pathologies.index(name))
    w = sd["classifier.weight"][rows]
    b = sd["classifier.bias"][rows]
    net = densenet121(in_channels=in_ch)
    feats = {k: v for k, v in sd.items() if k.startswith("features.")}
    _load_exact(net, {**feats, "classifier.weight": w, "classifier.bias": b})
    ops = None
    if thresholds is not None:
        t = torch.as_tensor(thresholds).float()
        ops = [float(t[i]) for i in rows]
    info = {"source": "torchxrayvision DenseNet", "file": path, "outputs": pathologies,
            "thresholds": ops}
    return net, info


def from_state_dict(path):
    sd = torch.load(path, map_location="cpu")
    if isinstance(sd, dict) and "state_dict" in sd:
        sd = sd["state_dict"]
    sd = {k[len("module."):] if k.startswith("module.") else k: v for k, v in sd.items()}
    net = densenet121(in_channels=sd["features.conv0.weight"].shape[1])
    _load_exact(net, sd)
    return net, {"source": "state_dict", "file": path}


def random_weights(seed):
    torch.manual_seed(seed)
    net = densenet121()
    # A realistic spread of logits: small classifier weights, negative bias like trained heads.
    with torch.no_grad():
        net.classifier.weight.normal_(0, 0.05)
        net.classifier.bias.fill_(-2.0)
    return net, {"source": f"deterministic random weights, seed {seed}", "seed": seed}


# ---- float weights for the worker process ----------------------------------------------------
# A plain {name: tensor} dict: no pickled classes, so torch.load(weights_only=True) reads it on
# every version (the default from PyTorch 2.6 on) and Debian's 1.13 reads it as well.

def save_float_weights(net, path):
    torch.save({k: v.detach().cpu().contiguous().clone() for k, v in net.state_dict().items()}, path)


def load_float_weights(path):
    try:
        sd = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # torch < 1.13 has no weights_only
        sd = torch.load(path, map_location="cpu")
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise ValueError(f"{path} is not a plain dict of tensors")
    return sd


def export_from_float_weights(path):
    """The package's float weights -> the CheXNetExport nn.Module (eval mode, on the CPU)."""
    sd = load_float_weights(path)
    if "features.conv0.weight" not in sd or "classifier.weight" not in sd:
        raise ValueError(f"{path} does not hold DenseNet121 weights")
    net = densenet121(in_channels=int(sd["features.conv0.weight"].shape[1]),
                      classes=int(sd["classifier.weight"].shape[0]))
    _load_exact(net, sd)
    return CheXNetExport(net).eval()
