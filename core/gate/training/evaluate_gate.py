#!/usr/bin/env python3
"""The whole input gate (rules + OOD network, as built into chexview-cli) on the held-out items
of data_list.json: originals are passed as they are (DICOM headers included), transforms and
synthetic images are written as PNG first; DICOM pixels from pydicom's files are also tried
without their header (as PNG). Prints the confusion table (Markdown) and writes the verdicts.

usage: evaluate_gate.py --cli build/bin/chexview-cli --shared ../shared/data
                        [--list core/gate/training/data_list.json] [--out verdicts.json]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from material import items  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def to_png(a, path):
    a = np.asarray(a, dtype=np.float64)
    lo, hi = float(a.min()), float(a.max())
    u8 = np.zeros(a.shape, np.uint8) if hi <= lo else ((a - lo) / (hi - lo) * 255).round()
    Image.fromarray(np.ascontiguousarray(u8.astype(np.uint8))).save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--list", default=os.path.join(HERE, "data_list.json"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    listed = {it["name"]: it for it in json.load(open(args.list))}
    tmp = tempfile.mkdtemp(prefix="gate-eval-")
    cases = []  # (category, expected_ok, path)
    for k, it in enumerate(items(args.shared)):
        info = listed.get(it["name"])
        if not info or info["split"] != "test" or "skipped" in info:
            continue
        name = it["name"]
        original = None
        if name.startswith("nih/") or name.startswith("other/") or name.startswith("dicom/"):
            original = os.path.join(args.shared, name)
        elif name.startswith("pydicom/"):
            original = "/usr/lib/python3/dist-packages/pydicom/data/test_files/" + name[8:]
        elif name.startswith("/"):
            original = name
        if original and os.path.isfile(original):
            cases.append((it["category"], it["label"] == 0, original))
            if name.startswith("pydicom/"):
                p = os.path.join(tmp, f"{k}.png")
                to_png(it["load"](), p)
                cases.append(("CT/MR/other DICOM pixels as PNG", False, p))
            continue
        p = os.path.join(tmp, f"{k}.png")
        to_png(it["load"](), p)
        cases.append((it["category"], it["label"] == 0, p))
    out = subprocess.run([args.cli, "gate"] + [c[2] for c in cases], capture_output=True,
                         text=True)
    verdicts = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        verdicts[o["file"]] = o["gate"]
    table = collections.OrderedDict()
    rows = []
    for cat, expected_ok, path in cases:
        g = verdicts.get(path, {"verdict": "error", "reasons": ["did not open"]})
        t = table.setdefault(cat, collections.Counter())
        t[g["verdict"]] += 1
        t["n"] += 1
        t["expected_ok"] = expected_ok
        rows.append({"category": cat, "file": path, **g})
    print("| held-out material | n | ok | warn | refuse | did not open | as wanted (of opened) |")
    print("|---|---|---|---|---|---|---|")
    tot = collections.Counter()
    for cat, t in sorted(table.items(), key=lambda kv: (not kv[1]["expected_ok"], kv[0])):
        # Files chexview cannot open (WebP, some pydicom files) were never gated: left out.
        opened = t["n"] - t["error"]
        good = t["ok"] if t["expected_ok"] else t["warn"] + t["refuse"]
        key = "in" if t["expected_ok"] else "out"
        tot[key + "_n"] += opened
        tot[key + "_good"] += good
        print(f"| {cat} | {t['n']} | {t['ok']} | {t['warn']} | {t['refuse']} | {t['error']} | "
              f"{good}/{opened} {'ok' if t['expected_ok'] else 'not ok'} |")
    print(f"\nfrontal films ok: {tot['in_good']}/{tot['in_n']} "
          f"({100 * tot['in_good'] / max(1, tot['in_n']):.1f} %); "
          f"non-frontal input not ok: {tot['out_good']}/{tot['out_n']} "
          f"({100 * tot['out_good'] / max(1, tot['out_n']):.1f} %)")
    if args.out:
        json.dump(rows, open(args.out, "w"), indent=0)


if __name__ == "__main__":
    main()
