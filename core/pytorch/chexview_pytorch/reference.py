#!/usr/bin/env python3
"""Python reference outputs of a model package, for the C++ comparison tests.

Preprocessing is the manifest's, done in numpy (preprocess.py); the FP32 TorchScript model runs
in Python. Writes OUT.json: {image: {"probabilities": [...14], "cams": [14*h*w floats]}}.
usage: reference.py PACKAGE OUT.json IMAGE...
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import preprocess  # noqa: E402


def main(package, out, images):
    manifest = json.load(open(os.path.join(package, "manifest.json")))
    model = torch.jit.load(os.path.join(package, manifest["files"]["fp32"]["path"])).eval()
    result = {}
    with torch.no_grad():
        for path in images:
            values, bits = preprocess.load_gray(path)
            x = torch.from_numpy(preprocess.preprocess(values, bits, manifest["preprocessing"]))[None]
            probs, cams = model(x)
            result[os.path.basename(path)] = {"probabilities": probs[0].tolist(),
                                              "cams": cams[0].flatten().tolist()}
    json.dump(result, open(out, "w"))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
