#!/usr/bin/env python3
"""chexview's accelerator checks in one run, for a machine with a CUDA GPU and the user's own
Python (3.10+, PyTorch 2.x, torchvision, NumPy, Pillow; no Qt, no chexview C++ build needed):

  1. equivalence: the worker (worker.py over its protocol) on real NIH images, cuda fp32 vs cpu
     fp32 (2e-3), bf16 / fp16 autocast vs cpu fp32 (0.05), torch.compile vs eager (0.02);
  2. worker throughput: bf16 and fp16 (channels_last, as the worker runs cuda), batches
     1 / 64 / 256, without and with torch.compile (compile: bf16 only, its default precision);
  3. DDP 2 x 4 == 1 x 8 (train.py under torchrun, --deterministic --freeze-bn, 2 steps);
  4. a 2-process torchrun training (nccl) of about 200 steps on the bundled images:
     images/s and the loss going down.
Prints one JSON summary line last (and each measurement as it comes); exit 1 if a check fails.
Without CUDA it runs the same code paths on the CPU (gloo, bf16 autocast on the CPU, the
aot_eager compile backend where no C++ compiler is present) at tiny size, so that they are
exercised by the tests; those figures say nothing about a GPU.
usage: gpu_checks.py [--out DIR] [--tiny] [--budget-s 480] [--device cuda|cpu]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
PKG = os.path.join(ROOT, "core", "pytorch", "chexview_pytorch")
DATA = os.path.join(ROOT, "tests", "data", "nih")
sys.path.insert(0, PKG)
import chexnet  # noqa: E402
import preprocess  # noqa: E402
from worker_client import Worker  # noqa: E402
import build_package  # noqa: E402

summary = {"checks": {}, "worker": [], "skipped": []}


def check(name, value, tolerance, ok=None):
    ok = (value is not None and value <= tolerance) if ok is None else ok
    summary["checks"][name] = {"value": value, "tolerance": tolerance, "ok": bool(ok)}
    print(json.dumps({"check": name, **summary["checks"][name]}), flush=True)


class Budget:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()

    def allows(self, stage, need_s):
        if self.left() >= need_s:
            return True
        summary["skipped"].append(f"{stage}: {self.left():.0f} s left of the budget, needs ~{need_s} s")
        return False


def weights(out):
    net, _ = chexnet.random_weights(1)  # speed and equivalence do not depend on training
    path = os.path.join(out, "weights_fp32.pt")
    chexnet.save_float_weights(net, path)
    return path, build_package.sha256(path)


def real_batch(n):
    folder = os.path.join(DATA, "images-256")
    names = sorted(os.listdir(folder))[:n]
    xs = []
    for name in names:
        values, bits = preprocess.load_gray(os.path.join(folder, name))
        xs.append(preprocess.preprocess(values, bits, build_package.CHEXNET_PRE).astype(np.float32))
    return np.stack(xs)


def worker_stage(a, device, budget, path, sha):
    """Equivalence and throughput through the worker, as chexview drives it."""
    tiny = a.tiny
    x = real_batch(2 if tiny else 16)
    w = Worker(sys.executable, threads=a.threads)
    summary["hello"] = {k: w.hello[k] for k in ("python", "torch", "devices", "device_names")}

    def load(precision, compile=False):
        return w.load(weights=path, sha256=sha, device=device, precision=precision, threads=a.threads,
                      size=224, compile=compile)

    cpu = Worker(sys.executable, threads=a.threads) if device != "cpu" else w
    cpu.load(weights=path, sha256=sha, device="cpu", precision="fp32", threads=a.threads, size=224)
    ref = cpu.run(x)
    if cpu is not w:
        cpu.close()
    precisions = ["fp32", "bf16"] if device == "cpu" else ["fp32", "bf16", "fp16"]
    results = {}
    for p in precisions:
        ready = load(p)
        results[p] = w.run(x)
        if p != "fp32" or device != "cpu":
            check(f"worker {device} {p} vs cpu fp32 (max |dp|)", float(np.abs(results[p] - ref).max()),
                  2e-3 if p == "fp32" else 0.05)
        summary.setdefault("load_ms", {})[p] = ready["load_ms"]
    backend = True
    if device == "cpu" and not shutil.which("g++"):
        backend = "aot_eager"
        summary["skipped"].append("torch.compile with inductor on the CPU: no C++ compiler; aot_eager instead")
    compile_precision = "bf16"
    ready = load(compile_precision, compile=backend)
    check(f"worker {device} {compile_precision} {ready['graph']} vs eager (max |dp|)",
          float(np.abs(w.run(x) - results[compile_precision]).max()), 0.02)
    summary.setdefault("load_ms", {})[f"{compile_precision} {ready['graph']}"] = ready["load_ms"]
    batches = [1, 2] if tiny else [1, 64, 256]
    iters = 2 if tiny else 10
    rng = np.random.default_rng(0)
    configs = [(p, False) for p in precisions if p != "fp32"] + [(compile_precision, backend)]
    if tiny:  # the loop's code once; compiled throughput on a CPU says nothing
        configs = configs[:1]
        summary["skipped"].append("tiny: compiled throughput not measured")
    for precision, comp in configs:
        if not budget.allows(f"worker throughput {precision} compile={comp}", 60):
            continue
        ready = load(precision, compile=comp)
        for b in batches:
            xb = rng.standard_normal((b, 3, 224, 224), dtype=np.float32)
            for _ in range(2 if tiny else 3):
                w.run(xb)  # warm-up: cudnn.benchmark, and a compile's recompile for a new shape
            times = []
            for _ in range(iters):
                t = time.perf_counter()
                w.run(xb)
                times.append(time.perf_counter() - t)
            med = sorted(times)[len(times) // 2]
            r = {"device": ready["device"], "precision": precision, "graph": ready["graph"],
                 "channels_last": device == "cuda", "batch": b, "ms_per_batch_median": round(med * 1000, 2),
                 "images_per_s": round(b / med, 1)}
            summary["worker"].append(r)
            print(json.dumps(r), flush=True)
    w.close()


def torchrun(nproc, args):
    # launch.py: torchrun that also starts on a PyTorch built without libuv (see its docstring)
    cmd = [sys.executable, os.path.join(PKG, "launch.py"), "--standalone", "--nnodes", "1",
           "--nproc_per_node", str(nproc)]
    if int(torch.__version__.split(".")[0]) < 2:
        cmd += ["--redirects", "1", "--tee", "1"]  # Debian's torch 1.13 on Python 3.11: see packaging/train.sh
    return cmd + [os.path.join(PKG, "train.py"), *args]


def train(out, cmd_args, nproc, timeout):
    cmd = torchrun(nproc, cmd_args) if nproc > 1 else [sys.executable, os.path.join(PKG, "train.py"), *cmd_args]
    t = time.monotonic()
    r = subprocess.run(cmd + ["--out", out], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        print(r.stdout[-2000:], r.stderr[-3000:], sep="\n", file=sys.stderr)
    return r, time.monotonic() - t


def metrics(run_dir):
    return [json.loads(l) for l in open(os.path.join(run_dir, "metrics.jsonl"))]


def ddp_stage(a, device, budget):
    if not budget.allows("DDP 2 x 4 == 1 x 8", 90):
        return
    common = ["--images", os.path.join(DATA, "images-256"), "--labels",
              os.path.join(DATA, "meta", "Data_Entry_2017_v2020.csv.gz"), "--device", device,
              "--max-images", "16", "--epochs", "1", "--deterministic", "--freeze-bn", "--image-size", "64",
              "--workers", "0", "--lr", "1e-4", "--log-every", "1"]
    if device == "cpu":
        common += ["--threads", "1"]
    one, two = os.path.join(a.out, "ddp-1x8"), os.path.join(a.out, "ddp-2x4")
    r1, _ = train(one, [*common, "--batch-size", "8"], 1, budget.left())
    r2, _ = train(two, [*common, "--batch-size", "4"], 2, budget.left())
    if r1.returncode or r2.returncode:
        check("DDP 2 x 4 == 1 x 8 (runs finish)", None, 0, ok=False)
        return
    wa = torch.load(os.path.join(one, "checkpoint.pt"), map_location="cpu", weights_only=False)["model"]
    wb = torch.load(os.path.join(two, "checkpoint.pt"), map_location="cpu", weights_only=False)["model"]
    d = max(float((wa[k].double() - wb[k].double()).abs().max()) for k in wa if wa[k].is_floating_point())
    check(f"DDP 2 x 4 == 1 x 8 on {device} (max weight difference)", d, 1e-5 if device == "cpu" else 1e-4)


def training_stage(a, device, budget):
    tiny = a.tiny
    need = 60 if tiny else 240
    if not budget.allows("2-process training", need):
        return
    run_dir = os.path.join(a.out, "train-2proc")
    args = ["--images", os.path.join(DATA, "images-256"), "--labels",
            os.path.join(DATA, "meta", "Data_Entry_2017_v2020.csv.gz"), "--device", device, "--log-every", "50"]
    batch = 4 if tiny else 32
    args += (["--max-images", "16", "--image-size", "64", "--epochs", "2", "--workers", "0", "--threads", "1"]
             if tiny else ["--epochs", "30", "--workers", "4"]) + ["--batch-size", str(batch)]
    r, wall = train(run_dir, args, 2, max(30, budget.left() - 10))
    m = metrics(run_dir) if r.returncode == 0 else []
    per_step = 2 * batch  # images per optimizer step over both ranks
    steps = sum(-(-x["train_images"] // per_step) for x in m) if m else None
    summary["training"] = {"processes": 2, "batch_per_process": batch, "backend": "nccl" if device == "cuda" else "gloo", "exit": r.returncode,
                           "epochs": len(m), "steps": steps, "wall_s": round(wall, 1),
                           "images_per_s": [x.get("images_per_s") for x in m][-3:],
                           "train_loss_first": m[0]["train_loss"] if m else None,
                           "train_loss_last": m[-1]["train_loss"] if m else None}
    ok = r.returncode == 0 and len(m) >= 2 and (tiny or m[-1]["train_loss"] < m[0]["train_loss"])
    check("2-process torchrun training finishes" + ("" if tiny else " and lowers the loss"), None, 0, ok=ok)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join("/tmp", f"chexview-gpu-checks-{os.getpid()}"))
    ap.add_argument("--tiny", action="store_true", default=os.environ.get("CHEXVIEW_GPU_CHECKS_TINY") == "1",
                    help="tiny sizes (the tests' CPU fallback); default with $CHEXVIEW_GPU_CHECKS_TINY=1")
    ap.add_argument("--budget-s", type=float, default=480, help="stages that no longer fit are skipped and listed")
    ap.add_argument("--device", choices=["cuda", "cpu"], help="default: cuda when present, else cpu")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads of the workers (default: torch's choice)")
    a = ap.parse_args()
    start = time.monotonic()
    budget = Budget(a.budget_s)
    device = a.device or ("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        sys.exit("gpu_checks: --device cuda, but torch sees no CUDA device")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    summary.update(mode="cuda" if device == "cuda" else "cpu-fallback", tiny=a.tiny, torch=torch.__version__,
                   python=sys.version.split()[0],
                   device_name=torch.cuda.get_device_name(0) if device == "cuda" else "cpu")
    path, sha = weights(a.out)
    for stage in (lambda: worker_stage(a, device, budget, path, sha), lambda: ddp_stage(a, device, budget),
                  lambda: training_stage(a, device, budget)):
        try:
            stage()
        except Exception as e:  # one stage failing must not hide the others' figures
            check(f"stage raised {type(e).__name__}", None, 0, ok=False)
            print(f"gpu_checks: {type(e).__name__}: {e}", file=sys.stderr)
    summary["wall_s"] = round(time.monotonic() - start, 1)
    summary["ok"] = all(c["ok"] for c in summary["checks"].values()) and bool(summary["checks"])
    print(json.dumps({"summary": summary}))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
