#!/usr/bin/env python3
"""The same package in Python, for comparison with `chexview-cli bench`.

FP32: torch.jit.freeze + optimize_for_inference; INT8: the package's INT8 TorchScript, frozen,
oneDNN engine; int8-plain-fx: a plain FX-quantized DenseNet121 run as a Python GraphModule. Prints one JSON line per precision with median/p90 inference ms per image.
usage: bench_python.py PACKAGE [--threads N] [--iters N] [--batch N]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def stats(v):
    v = sorted(v)
    return {"median": round(v[len(v) // 2], 2), "p90": round(v[min(len(v) - 1, int(len(v) * 0.9))], 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("package")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--batch", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.backends.quantized.engine = "onednn"
    m = json.load(open(os.path.join(a.package, "manifest.json")))
    c, s = m["input"]["shape"][0], m["input"]["shape"][1]
    x = torch.randn(a.batch, c, s, s)
    for precision, key in [("fp32-opt", "fp32"), ("int8", "int8")]:
        if key not in m["files"]:
            continue
        mod = torch.jit.load(os.path.join(a.package, m["files"][key]["path"])).eval()
        mod = torch.jit.freeze(mod)
        if key == "fp32":
            mod = torch.jit.optimize_for_inference(mod)
        times = []
        with torch.inference_mode():
            for i in range(a.iters + 3):
                t = time.perf_counter()
                mod(x)
                if i >= 3:
                    times.append((time.perf_counter() - t) * 1000 / a.batch)
        print(json.dumps({"runtime": "python", "precision": precision, "threads": a.threads,
                          "batch": a.batch, "inference_ms_per_image": stats(times)}))
    if "int8" in m["files"]:
        print(json.dumps({"runtime": "python", "precision": "int8-plain-fx", "threads": a.threads,
                          "batch": a.batch, "inference_ms_per_image": stats(plain_fx_int8(x, a.iters))}))


def plain_fx_int8(x, iters):
    """A plain DenseNet121 quantized with FX (onednn qconfig, everything quantized, no CAM head)
    and run as the GraphModule, the way a Python user would: the reference for the C++ INT8."""
    import build_package
    import chexnet
    model = torch.nn.Sequential(chexnet.densenet121(), torch.nn.Sigmoid()).eval()
    # The builder's own FX/onednn quantization (its float-head exception matches no module here).
    q = build_package.quantize(model, x, [torch.randn_like(x) for _ in range(4)])
    times = []
    with torch.inference_mode():
        for i in range(iters + 3):
            t = time.perf_counter()
            q(x)
            if i >= 3:
                times.append((time.perf_counter() - t) * 1000 / x.shape[0])
    return times


if __name__ == "__main__":
    main()
