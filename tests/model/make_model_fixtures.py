#!/usr/bin/env python3
"""Model fixtures for the engine tests (run by ctest before them).

Builds, into OUT:
  package/            a random-weight package (FP32 + INT8 calibrated on 30 real NIH images)
  reference.json      Python outputs of package/ on 21 real images (reference.py)
  images.txt          those images
  arnoweng.pth.tar    a checkpoint in exactly arnoweng/CheXNet's layout, and arnoweng/ its package
  xrv.pt              a pickled stand-in torchxrayvision DenseNet object, and xrv/ its package
  conversions.json    for both: the original network's probabilities on the first image
usage: make_model_fixtures.py [--checkpoints-only] SHARED_DATA OUT
  --checkpoints-only: only the two checkpoints and conversions.json (packaging/deb/check-deb.sh)
"""
import json
import os
import random
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "..", "core", "pytorch", "chexview_pytorch")
sys.path.insert(0, MODEL)
import build_package  # noqa: E402
import chexnet  # noqa: E402
import preprocess  # noqa: E402

PY = sys.executable
XRV_OUTPUTS = ["Atelectasis", "Consolidation", "Infiltration", "Pneumothorax", "Edema", "Emphysema",
               "Fibrosis", "Effusion", "Pneumonia", "Pleural_Thickening", "Cardiomegaly", "Nodule", "Mass",
               "Hernia", "Lung Lesion", "Fracture", "Lung Opacity", "Enlarged Cardiomediastinum"]


def build(args, out):
    subprocess.run([PY, os.path.join(MODEL, "build_package.py"), "--out", out, *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def old_naming(sd):
    """torchvision's current DenseNet keys -> the 2017 naming used by arnoweng (norm.1, conv.2)."""
    out = {}
    for k, v in sd.items():
        if k.endswith("num_batches_tracked"):
            continue  # PyTorch 0.3 checkpoints have none
        for a, b in [(".norm1.", ".norm.1."), (".relu1.", ".relu.1."), (".conv1.", ".conv.1."),
                     (".norm2.", ".norm.2."), (".relu2.", ".relu.2."), (".conv2.", ".conv.2.")]:
            if "denselayer" in k:
                k = k.replace(a, b)
        k = k.replace("classifier.", "classifier.0.")
        out["module.densenet121." + k] = v
    return out


def main(shared, out, checkpoints_only=False):
    os.makedirs(out, exist_ok=True)
    calib = os.path.join(shared, "nih", "images-256")
    first = os.path.join(shared, "nih", "images-1024", "00000129_000.png")
    if not checkpoints_only:
        build(["--random-seed", "7", "--calibration", calib, "--calibration-count", "100"], os.path.join(out, "package"))
        names = sorted(os.listdir(calib))
        random.Random(3).shuffle(names)
        images = [os.path.join(calib, n) for n in names[:20]] + [first]
        with open(os.path.join(out, "images.txt"), "w") as f:
            f.write("\n".join(images) + "\n")
        subprocess.run([PY, os.path.join(MODEL, "reference.py"), os.path.join(out, "package"),
                        os.path.join(out, "reference.json"), *images], check=True, stderr=subprocess.DEVNULL)
    conversions = make_checkpoints(out, first)
    if not checkpoints_only:
        build(["--arnoweng", os.path.join(out, "arnoweng.pth.tar"), "--no-int8"], os.path.join(out, "arnoweng"))
        build(["--torchxrayvision", os.path.join(out, "xrv.pt"), "--no-int8"], os.path.join(out, "xrv"))
    json.dump(conversions, open(os.path.join(out, "conversions.json"), "w"))
    print(f"model fixtures in {out}")


def make_checkpoints(out, first):
    """arnoweng.pth.tar and xrv.pt in exactly the published layouts, and the original networks'
    probabilities on FIRST (what their converted packages must reproduce)."""
    conversions = {}
    values, bits = preprocess.load_gray(first)

    # arnoweng/CheXNet: DataParallel + old naming + Linear/Sigmoid head.
    torch.manual_seed(11)
    net = chexnet.densenet121().eval()
    with torch.no_grad():
        net.classifier.weight.normal_(0, 0.05)
    ckpt = {"epoch": 7, "arch": "densenet121", "state_dict": old_naming(net.state_dict()), "optimizer": {}}
    assert "module.densenet121.features.denseblock1.denselayer1.norm.1.weight" in ckpt["state_dict"]
    assert "module.densenet121.classifier.0.weight" in ckpt["state_dict"]
    torch.save(ckpt, os.path.join(out, "arnoweng.pth.tar"))
    x = torch.from_numpy(preprocess.preprocess(values, bits, build_package.CHEXNET_PRE))[None]
    with torch.no_grad():
        conversions["arnoweng"] = torch.sigmoid(net(x))[0].tolist()

    # torchxrayvision: a whole pickled object of torchxrayvision.models.DenseNet, written by a
    # process that has a stand-in torchxrayvision package; converted by one that has none.
    fake = os.path.join(out, "fake_xrv")
    os.makedirs(os.path.join(fake, "torchxrayvision"), exist_ok=True)
    open(os.path.join(fake, "torchxrayvision", "__init__.py"), "w").write("from . import models\n")
    open(os.path.join(fake, "torchxrayvision", "models.py"), "w").write(
        "import torch, torch.nn as nn, torchvision\n"
        "class DenseNet(nn.Module):\n"
        "    def __init__(self, pathologies):\n"
        "        super().__init__()\n"
        "        net = torchvision.models.densenet121(weights=None)\n"
        "        net.features.conv0 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)\n"
        "        self.features = net.features\n"
        "        self.classifier = nn.Linear(1024, len(pathologies))\n"
        "        self.pathologies = pathologies\n"
        "        self.op_threshs = torch.linspace(0.1, 0.9, len(pathologies))\n"
        "    def forward(self, x):\n"
        "        f = torch.relu(self.features(x))\n"
        "        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(f, 1), 1))\n")
    script = (
        "import sys, torch, json; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[4])\n"
        "import torchxrayvision as xrv, preprocess, numpy as np\n"
        "torch.manual_seed(5)\n"
        "m = xrv.models.DenseNet(json.loads(sys.argv[3])).eval()\n"
        "torch.nn.init.normal_(m.classifier.weight, 0, 0.05)\n"
        "torch.save(m, sys.argv[2])\n"
        "v, b = preprocess.load_gray(sys.argv[5])\n"
        "pre = dict(resize=224, crop=224, channels=1, scale=[-1024.0, 1024.0], mean=[0.0], std=[1.0])\n"
        "x = torch.from_numpy(preprocess.preprocess(v, b, pre))[None]\n"
        "with torch.no_grad(): print(json.dumps(torch.sigmoid(m(x))[0].tolist()))\n")
    res = subprocess.run([PY, "-c", script, fake, os.path.join(out, "xrv.pt"), json.dumps(XRV_OUTPUTS), MODEL, first],
                         check=True, capture_output=True, text=True)
    all18 = json.loads(res.stdout.strip().splitlines()[-1])
    conversions["xrv"] = [all18[XRV_OUTPUTS.index(n)] for n in chexnet.FINDINGS]
    conversions["xrv_thresholds"] = [float(torch.linspace(0.1, 0.9, 18)[XRV_OUTPUTS.index(n)]) for n in chexnet.FINDINGS]
    conversions["image"] = first
    return conversions


if __name__ == "__main__":
    argv = sys.argv[1:]
    only = "--checkpoints-only" in argv
    argv = [a for a in argv if a != "--checkpoints-only"]
    if len(argv) != 2:
        sys.exit(__doc__)
    main(argv[0], argv[1], only)
