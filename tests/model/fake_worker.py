#!/usr/bin/env python3
"""A misbehaving worker for the engine's failure tests. Needs no torch.

The mode comes from $CHEXVIEW_FAKE_WORKER:
  garbage          bytes that are not a frame, instead of the hello
  oversized        a hello header announcing a 4 GB payload
  version          a frame of protocol version 99
  close-early      half a header, then exit
  hang-on-load     a valid hello, then silence (idle)
  busy-on-load     a valid hello; on LOAD a progress report, then computing without an answer
  oversized-result valid hello and ready; the result header announces 200 MB
  short-result     valid hello and ready; a result with one prediction for a batch of two
  crash-on-run     valid hello and ready; exits (code 7) when a batch arrives
"""
import json
import os
import struct
import sys
import time

HEADER = struct.Struct("<4sHHII")
HELLO, LOAD, READY, RUN, RESULT, ERROR, BYE, PROGRESS = 1, 2, 3, 4, 5, 6, 7, 8

out = sys.stdout.buffer
inp = sys.stdin.buffer
mode = os.environ.get("CHEXVIEW_FAKE_WORKER", "")


def frame(kind, rid, payload=b"", length=None, version=2):
    out.write(HEADER.pack(b"CXWP", version, kind, len(payload) if length is None else length, rid) + payload)
    out.flush()


def hello():
    frame(HELLO, 0, json.dumps({"protocol": 2, "python": "fake", "torch": "0.0-fake",
                                "devices": {"cpu": "", "cuda": "fake: no CUDA", "hpu": "fake: no HPU"}}).encode())


def read():
    head = inp.read(HEADER.size)
    if len(head) < HEADER.size:
        sys.exit(0)
    _, _, kind, length, rid = HEADER.unpack(head)
    return kind, rid, inp.read(length)


if mode == "garbage":
    out.write(b"Traceback (most recent call last): this is not a frame\n" * 4)
    out.flush()
    time.sleep(30)
elif mode == "oversized":
    frame(HELLO, 0, b"", length=0xFFFFFFF0)
    time.sleep(30)
elif mode == "version":
    frame(HELLO, 0, b"{}", version=99)
    time.sleep(30)
elif mode == "close-early":
    out.write(b"CXWP\x02\x00")
    out.flush()
    print("fake worker: closing early", file=sys.stderr)
    sys.exit(5)
elif mode == "hang-on-load":
    hello()
    time.sleep(60)
elif mode == "busy-on-load":
    hello()
    kind, rid, payload = read()
    frame(PROGRESS, rid, json.dumps({"stage": "warm-up run", "elapsed_ms": 12.5}).encode())
    end = time.time() + 60
    while time.time() < end:
        pass
else:
    hello()
    while True:
        kind, rid, payload = read()
        if kind == BYE:
            sys.exit(0)
        if kind == LOAD:
            frame(READY, rid, json.dumps({"device": "cpu", "precision": "fp32", "torch": "0.0-fake",
                                          "cams": [14, 7, 7], "load_ms": 1}).encode())
        elif kind == RUN:
            n = struct.unpack_from("<I", payload)[0]
            if mode == "oversized-result":
                frame(RESULT, rid, b"", length=200 << 20)
                time.sleep(30)
            elif mode == "short-result":
                body = struct.pack("<IIIII", 1, 14, 7, 7, 0) + b"\0" * (4 * 14 * 50)
                frame(RESULT, rid, body)
            elif mode == "crash-on-run":
                print(f"fake worker: crashing on a batch of {n}", file=sys.stderr)
                sys.stderr.flush()
                os._exit(7)
