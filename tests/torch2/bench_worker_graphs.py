#!/usr/bin/env python3
"""What the worker's fp32-opt should be on this PyTorch, and which OpenMP policy it needs: times
CheXNet (random weights, batch 1, 224 px) in eager mode under inference_mode, as a traced +
frozen + optimize_for_inference TorchScript graph (the torch 1.x fp32-opt), and with
torch.compile (inductor where a C++ compiler is present, else the aot_eager backend, which
captures the graph but generates no code), each in a fresh process with the OpenMP wait policy
given. Prints one JSON line per (policy, form): setup seconds, first-run seconds, median ms.
Benchmark only (not a test); run it with the interpreter to measure, e.g. the torch 2 chroot's:
  build/torch2/python tests/torch2/bench_worker_graphs.py [--threads 2] [--iters 15]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "..", "core", "pytorch", "chexview_pytorch")

CHILD = r"""
import json, shutil, sys, time
sys.path.insert(0, sys.argv[1])
import torch, chexnet
form, threads, iters = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
net, _ = chexnet.random_weights(1)
model = chexnet.CheXNetExport(net).eval()
x = torch.zeros(1, 3, 224, 224)
t = time.perf_counter()
if form == "torchscript-frozen":
    with torch.no_grad():
        model = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(model, x).eval()))
elif form == "compile":
    backend = "inductor" if shutil.which("g++") else "aot_eager"
    form = f"compile ({backend})"
    model = torch.compile(model, backend=backend)
setup = time.perf_counter() - t
with torch.inference_mode():
    t = time.perf_counter()
    model(x)
    first = time.perf_counter() - t
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"form": form, "torch": torch.__version__, "threads": threads, "setup_s": round(setup, 2),
                  "first_run_s": round(first, 2), "median_ms": round(times[len(times) // 2] * 1000, 1)}))
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=15)
    ap.add_argument("--forms", default="eager,torchscript-frozen,compile")
    ap.add_argument("--policies", default="default,passive", help="OpenMP: default (unset) and/or passive")
    ap.add_argument("--timeout", type=float, default=300)
    a = ap.parse_args()
    for policy in a.policies.split(","):
        env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
        if policy == "passive":
            env.update(OMP_WAIT_POLICY="PASSIVE", GOMP_SPINCOUNT="10000")
        for form in a.forms.split(","):
            try:
                r = subprocess.run([sys.executable, "-c", CHILD, PKG, form, str(a.threads), str(a.iters)],
                                   env=env, capture_output=True, text=True, timeout=a.timeout)
                line = json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else \
                    {"form": form, "error": r.stderr.strip().splitlines()[-1:]}
            except subprocess.TimeoutExpired:
                line = {"form": form, "error": f"no result within {a.timeout} s"}
            line["omp"] = policy
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
