#!/usr/bin/env python3
"""A small client of worker.py (PROTOCOL.md) for machines without the Qt app: measures batch
throughput (images/s) and single-image latency through the worker, on cpu, cuda or hpu.

It starts `PYTHON worker.py` exactly as chexview does and drives it over the binary protocol;
the numbers therefore include the pipe transfer, as in the app. Without --package it makes a
throw-away weights file (random DenseNet121 weights: speed does not depend on training).
Prints one JSON line per (precision, batch) and a summary line.

usage: worker_client.py [--python PY] [--package DIR] [--device cuda] [--precisions bf16,fp16]
                        [--batches 1,64,256] [--iters 20] [--input-dtype float32|float16]
                        [--compile] [--check]
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from worker import BYE, ERROR, HEADER, HELLO, LOAD, MAGIC, PROGRESS, RUN, VERSION  # noqa: E402  (no torch)

SHAPE = struct.Struct("<IIIII")


class Worker:
    """One worker.py process. `progress` collects the PROGRESS stages it reported."""

    def __init__(self, python, threads=0, env=None):
        args = [python, "-u", os.path.join(HERE, "worker.py")] + (["--threads", str(threads)] if threads else [])
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env)
        self.rid = 0
        self.progress = []
        kind, _, payload = self.read()
        if kind != HELLO:
            raise SystemExit("worker did not say hello")
        self.hello = json.loads(payload)

    def read(self):
        while True:
            head = self._exact(HEADER.size)
            magic, version, kind, length, rid = HEADER.unpack(head)
            if magic != MAGIC or version != VERSION or length > (256 << 20):
                raise SystemExit(f"bad frame from worker: {bytes(head)!r}")
            payload = self._exact(length)
            if kind != PROGRESS:
                return kind, rid, payload
            self.progress.append(json.loads(payload)["stage"])

    def _exact(self, n):
        buf = bytearray(n)
        view, got = memoryview(buf), 0
        while got < n:
            k = self.p.stdout.readinto(view[got:])
            if not k:
                raise SystemExit(f"worker ended (exit code {self.p.wait()})")
            got += k
        return buf

    def request(self, kind, *parts):
        self.rid += 1
        length = sum(len(p) for p in parts)
        self.p.stdin.write(HEADER.pack(MAGIC, VERSION, kind, length, self.rid))
        for part in parts:
            self.p.stdin.write(part)
        self.p.stdin.flush()
        k, rid, payload = self.read()
        if k == ERROR:
            raise RuntimeError(json.loads(payload)["message"])
        return k, payload

    def load(self, **request):
        _, payload = self.request(LOAD, json.dumps(request).encode())
        return json.loads(payload)

    def run(self, x, cams=False):
        """Probabilities (n, 14) of a float32/float16 batch; with cams, also the CAMs (n, 14, h, w)."""
        dtype = 1 if x.dtype == np.float16 else 0
        n, c, h, w = x.shape
        _, payload = self.request(RUN, SHAPE.pack(n, c, h, w, dtype), memoryview(np.ascontiguousarray(x)).cast("B"))
        n, k, ch, cw, _ = SHAPE.unpack_from(payload)
        probs = np.frombuffer(payload, np.float32, n * k, SHAPE.size).reshape(n, k)
        if not cams:
            return probs
        return probs, np.frombuffer(payload, np.float32, n * k * ch * cw, SHAPE.size + 4 * n * k).reshape(n, k, ch, cw)

    def close(self):
        self.p.stdin.write(HEADER.pack(MAGIC, VERSION, BYE, 0, 0))
        self.p.stdin.close()
        self.p.wait(timeout=30)


def weights_file(package):
    if package:
        m = json.load(open(os.path.join(package, "manifest.json")))
        w = m["files"]["weights"]
        return os.path.join(package, w["path"]), w["sha256"]
    import chexnet
    net, _ = chexnet.random_weights(1)
    path = os.path.join(tempfile.mkdtemp(prefix="chexview-client-"), "weights_fp32.pt")
    chexnet.save_float_weights(net, path)
    return path, hashlib.sha256(open(path, "rb").read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", default=sys.executable, help="the interpreter that runs worker.py")
    ap.add_argument("--package", help="a chexview model package (default: random weights)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--precisions", default="")
    ap.add_argument("--batches", default="1,64,256")
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--input-dtype", default="float32", choices=["float32", "float16"])
    ap.add_argument("--compile", action="store_true")
    ap.add_argument("--check", action="store_true", help="compare with fp32 on the CPU (max |dp|)")
    a = ap.parse_args()
    defaults = {"cpu": "fp32,fp32-opt", "cuda": "fp32,fp16,bf16", "hpu": "fp32,bf16"}
    precisions = (a.precisions or defaults[a.device]).split(",")
    batches = [int(b) for b in a.batches.split(",")]
    path, sha = weights_file(a.package)
    worker = Worker(a.python, threads=a.threads)
    print(json.dumps({"hello": worker.hello}))
    why = worker.hello["devices"].get(a.device)
    if why:
        print(json.dumps({"device": a.device, "unavailable": why}))
        worker.close()
        return 1
    rng = np.random.default_rng(0)
    reference = None
    if a.check:
        cpu = Worker(a.python, threads=a.threads)
        cpu.load(weights=path, sha256=sha, device="cpu", precision="fp32", threads=a.threads, size=224)
        xc = rng.standard_normal((4, 3, 224, 224), dtype=np.float32)
        reference = (xc, cpu.run(xc))
        cpu.close()
    summary = {}
    for precision in precisions:
        ready = worker.load(weights=path, sha256=sha, device=a.device, precision=precision,
                            threads=a.threads, size=224, compile=a.compile)
        line = {"device": ready["device"], "device_name": ready.get("device_name"), "precision": precision,
                "torch": ready["torch"], "load_ms": ready["load_ms"]}
        if reference is not None:
            line["max_abs_dp_vs_cpu_fp32"] = float(np.abs(worker.run(reference[0]) - reference[1]).max())
        print(json.dumps(line))
        for b in batches:
            x = rng.standard_normal((b, 3, 224, 224), dtype=np.float32).astype(a.input_dtype)
            for _ in range(3):
                worker.run(x)  # warm-up (cudnn.benchmark, HPU graph capture)
            times = []
            for _ in range(a.iters):
                t = time.perf_counter()
                worker.run(x)
                times.append(time.perf_counter() - t)
            times.sort()
            med, p90 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.9))]
            r = {"device": a.device, "precision": precision, "batch": b, "input_dtype": a.input_dtype,
                 "ms_per_batch_median": round(med * 1000, 2), "ms_per_batch_p90": round(p90 * 1000, 2),
                 "images_per_s": round(b / med, 1)}
            print(json.dumps(r), flush=True)
            summary[f"{precision}/b{b}"] = r["images_per_s"] if b > 1 else f'{r["ms_per_batch_median"]} ms'
    worker.close()
    print(json.dumps({"summary": summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
