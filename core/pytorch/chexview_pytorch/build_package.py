#!/usr/bin/env python3
"""Builds a chexview model package: model_fp32.pt, model_int8.pt (TorchScript), weights_fp32.pt
(the float weights as a plain dict of tensors, for the worker process) and manifest.json.

Exactly one weight source:
  --random-seed N          deterministic untrained weights (tests; the bundled demo default)
  --arnoweng FILE          arnoweng/CheXNet model.pth.tar
  --torchxrayvision FILE   torchxrayvision densenet121-res224-* pickled model (no xrv needed)
  --state-dict FILE        a plain DenseNet121 state_dict from training
INT8: FX post-training static quantization, onednn qconfig, calibrated on real images.

usage: build_package.py --out DIR SOURCE [--calibration DIR] [--calibration-count 100] [--no-int8]
                        [--name NAME] [--provenance JSON]  (train.py adds its training record)
"""
import argparse
import datetime
import hashlib
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chexnet  # noqa: E402
import preprocess  # noqa: E402

FORMAT_VERSION = 1
CHEXNET_PRE = {"resize": 256, "crop": 224, "interpolation": "area", "channels": 3, "scale": [0.0, 1.0],
               "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
               "intensity": "bits_stored", "monochrome1": "invert"}
XRV_PRE = {"resize": 224, "crop": 224, "interpolation": "area", "channels": 1, "scale": [-1024.0, 1024.0],
           "mean": [0.0], "std": [1.0], "intensity": "bits_stored", "monochrome1": "invert"}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def calibration_batches(folder, count, pre):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".png"))[:count]
    tensors = []
    for n in names:
        values, bits = preprocess.load_gray(os.path.join(folder, n))
        tensors.append(torch.from_numpy(preprocess.preprocess(values, bits, pre)))
    return [torch.stack(tensors[i:i + 10]) for i in range(0, len(tensors), 10)], names


def quantize(model, example, batches):
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    torch.backends.quantized.engine = "onednn"
    qmap = get_default_qconfig_mapping("onednn").set_module_name("head", None)  # CAM head stays float
    prepared = prepare_fx(model, qmap, example_inputs=(example,))
    with torch.no_grad():
        for b in batches:
            prepared(b)
    return convert_fx(prepared)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--random-seed", type=int)
    src.add_argument("--arnoweng")
    src.add_argument("--torchxrayvision")
    src.add_argument("--state-dict")
    ap.add_argument("--out", required=True)
    ap.add_argument("--calibration", help="folder of PNG images for INT8 calibration (required unless --no-int8)")
    ap.add_argument("--calibration-count", type=int, default=100)
    ap.add_argument("--no-int8", action="store_true")
    ap.add_argument("--name")
    ap.add_argument("--provenance", help="JSON file whose object is added to the manifest's provenance")
    args = ap.parse_args()
    if not args.no_int8 and not args.calibration:
        ap.error("--calibration DIR is required for the INT8 model (or pass --no-int8)")
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    pre, thresholds = dict(CHEXNET_PRE), [0.5] * 14
    if args.random_seed is not None:
        net, prov = chexnet.random_weights(args.random_seed)
        trained = False
    elif args.arnoweng:
        net, prov = chexnet.from_arnoweng(args.arnoweng)
        trained = True
    elif args.torchxrayvision:
        net, prov = chexnet.from_torchxrayvision(args.torchxrayvision)
        pre, trained = dict(XRV_PRE), True
        if prov.get("thresholds"):
            thresholds = prov["thresholds"]
    else:
        net, prov = chexnet.from_state_dict(args.state_dict)
        trained = True
    model = chexnet.CheXNetExport(net).eval()
    os.makedirs(args.out, exist_ok=True)
    example = torch.zeros(1, pre["channels"], pre["crop"], pre["crop"])
    with torch.no_grad():
        probs, cams = model(example)
        traced = torch.jit.trace(model, example)
    fp32 = os.path.join(args.out, "model_fp32.pt")
    traced.save(fp32)
    # The float weights as a plain dict of tensors, for the worker process (worker.py), which
    # rebuilds the nn.Module from chexnet.py so that it runs on CUDA and Gaudi too.
    chexnet.save_float_weights(net, os.path.join(args.out, "weights_fp32.pt"))
    files = {"fp32": "model_fp32.pt", "weights": "weights_fp32.pt"}
    calib = None
    if not args.no_int8:
        batches, names = calibration_batches(args.calibration, args.calibration_count, pre)
        q = quantize(model, example, batches)
        with torch.no_grad():
            qtraced = torch.jit.trace(q, example)
        qtraced.save(os.path.join(args.out, "model_int8.pt"))
        files["int8"] = "model_int8.pt"
        calib = {"folder": os.path.relpath(os.path.abspath(args.calibration), os.path.abspath(args.out)),
                 "images": len(names), "first": names[0], "last": names[-1],
                 "method": "FX post-training static quantization, onednn qconfig; CAM head in float"}
    manifest = {
        "format": "chexview-model", "format_version": FORMAT_VERSION,
        "name": args.name or ("CheXNet demo (untrained)" if not trained else "CheXNet"),
        "architecture": "densenet121",
        "trained": trained,
        "labels": chexnet.FINDINGS,
        "thresholds": thresholds,
        "input": {"shape": [pre["channels"], pre["crop"], pre["crop"]]},
        "preprocessing": pre,
        "outputs": {"probabilities": [14], "cams": [14, int(cams.shape[2]), int(cams.shape[3])],
                    "cam": "class activation map on the post-ReLU DenseNet features (= Grad-CAM for GAP+linear)"},
        "files": {k: {"path": v, "sha256": sha256(os.path.join(args.out, v))} for k, v in files.items()},
        "calibration": calib,
        "provenance": {**{k: v for k, v in prov.items() if k != "thresholds"},
                       **(json.load(open(args.provenance)) if args.provenance else {}),
                       "built": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "torch": torch.__version__},
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"model package in {args.out} (trained: {trained}; files: {', '.join(files.values())})")


if __name__ == "__main__":
    main()
