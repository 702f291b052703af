#!/usr/bin/env python3
"""CAM == autograd Grad-CAM, and checkpoint conversions reproduce their Python outputs.

1. For a real NIH image and each of the 14 findings, Grad-CAM computed with autograd on the
   post-ReLU DenseNet feature map (gradients of the logit, averaged per channel) equals the
   package's exported CAM after ReLU, up to a positive scale.
2. The arnoweng- and torchxrayvision-form checkpoints converted by build_package.py give, in
   TorchScript, the original networks' probabilities; xrv thresholds are carried over.
usage: test_gradcam.py MODEL_FIXTURES_DIR
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "core", "pytorch", "chexview_pytorch"))
import chexnet  # noqa: E402
import preprocess  # noqa: E402

fx = sys.argv[1]
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    print(("ok   " if cond else "FAIL ") + what)
    failures += 0 if cond else 1


manifest = json.load(open(os.path.join(fx, "package", "manifest.json")))
conv = json.load(open(os.path.join(fx, "conversions.json")))
values, bits = preprocess.load_gray(conv["image"])
x = torch.from_numpy(preprocess.preprocess(values, bits, manifest["preprocessing"]))[None]

# Same weights as the package (seed 7), as a plain nn.Module for autograd.
net, _ = chexnet.random_weights(7)
net.eval()
scripted = torch.jit.load(os.path.join(fx, "package", "model_fp32.pt")).eval()
with torch.no_grad():
    probs, cams = scripted(x)
feats = net.features(x)
a = F.relu(feats)
a.retain_grad()
logits = net.classifier(torch.flatten(F.adaptive_avg_pool2d(a, 1), 1))
check(torch.allclose(torch.sigmoid(logits), probs, atol=1e-5), "rebuilt network matches the package")
for k, name in enumerate(chexnet.FINDINGS):
    net.zero_grad()
    a.grad = None
    logits[0, k].backward(retain_graph=True)
    alpha = a.grad.mean(dim=(2, 3), keepdim=True)
    # Before the ReLU: alpha_c = w_kc / (h*w), so CAM = h*w * sum_c alpha_c A_c exactly.
    raw = (alpha * a).sum(1)[0].detach() * (a.shape[2] * a.shape[3])
    err = ((raw - cams[0, k]).abs().max() / cams[0, k].abs().max()).item()
    same_after_relu = torch.equal(F.relu(raw) > 0, F.relu(cams[0, k]) > 0)
    check(err < 1e-4 and same_after_relu, f"Grad-CAM == CAM for {name} (max rel. error {err:.2e})")

for name in ["arnoweng", "xrv"]:
    m = json.load(open(os.path.join(fx, name, "manifest.json")))
    model = torch.jit.load(os.path.join(fx, name, m["files"]["fp32"]["path"])).eval()
    xi = torch.from_numpy(preprocess.preprocess(values, bits, m["preprocessing"]))[None]
    with torch.no_grad():
        p = model(xi)[0][0]
    err = (p - torch.tensor(conv[name])).abs().max().item()
    check(err < 1e-5, f"{name} conversion reproduces the original network (max error {err:.2e})")
    check(m["trained"] is True, f"{name} package is marked trained")
xm = json.load(open(os.path.join(fx, "xrv", "manifest.json")))
check(all(abs(a - b) < 1e-6 for a, b in zip(xm["thresholds"], conv["xrv_thresholds"])), "xrv thresholds mapped by name")
check(xm["preprocessing"]["channels"] == 1 and xm["preprocessing"]["scale"] == [-1024.0, 1024.0]
      and xm["preprocessing"]["mean"] == [0.0], "xrv preprocessing recorded: 1 channel, [-1024, 1024], no ImageNet norm")
check(manifest["trained"] is False, "random package is marked untrained")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
