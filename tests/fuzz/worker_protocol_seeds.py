"""Seed inputs for fuzz_worker_protocol: worker -> chexview streams built with the worker's own
frame constants (core/pytorch/chexview_pytorch/worker.py). The first byte of each seed is the batch size the
harness expects a RESULT to answer. Usage: worker_protocol_seeds.py OUT_DIR"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "core", "pytorch", "chexview_pytorch"))
import worker  # noqa: E402  (only its constants; importing it loads no torch)


def frame(kind, rid, payload):
    return worker.HEADER.pack(worker.MAGIC, worker.VERSION, kind, len(payload), rid) + payload


def js(obj):
    return json.dumps(obj).encode()


def result(n, h=7, w=7):
    probs = struct.pack(f"<{n * 14}f", *[0.5] * (n * 14))
    cams = struct.pack(f"<{n * 14 * h * w}f", *[0.25] * (n * 14 * h * w))
    return worker.RUN_HEADER.pack(n, 14, h, w, 0) + probs + cams


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    hello = frame(worker.HELLO, 0, js({"protocol": worker.VERSION, "python": "3.11.2", "executable": "/usr/bin/python3",
                                       "torch": "1.13.0", "devices": {"cpu": "", "cuda": "no CUDA device",
                                                                      "hpu": "habana_frameworks missing"},
                                       "device_names": {}}))
    ready = frame(worker.READY, 1, js({"device": "cpu", "device_name": "cpu", "precision": "fp32",
                                       "torch": "1.13.0", "cams": [14, 7, 7], "load_ms": 800.0,
                                       "hpu_graph": False}))
    def progress(rid, stage):
        return frame(worker.PROGRESS, rid, js({"stage": stage, "elapsed_ms": 10.0}))

    seeds = {
        "session": bytes([1]) + hello + ready + frame(worker.RESULT, 2, result(1)),
        "progress": bytes([1]) + progress(0, "importing torch") + hello + progress(1, "warm-up run") + ready
        + frame(worker.RESULT, 2, result(1)),
        "batch2": bytes([2]) + hello + ready + frame(worker.RESULT, 2, result(2)),
        "error": bytes([1]) + hello + frame(worker.ERROR, 1, js({"code": "load-failed", "message": "no"})),
        "hello_no_torch": bytes([1]) + frame(worker.HELLO, 0, js({"protocol": worker.VERSION, "torch": None,
                                                                  "devices": {"cpu": "no torch"}})),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
