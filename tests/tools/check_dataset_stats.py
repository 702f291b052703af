#!/usr/bin/env python3
"""Independent check of `chexview-cli dataset stats` on the real NIH material.

Recomputes, in plain Python and without any chexview code, the per-split percentages of the
split lists (NIH/lists) and of Data_Entry_2017_v2020.csv.gz with NIH's official split, then
compares them with the CLI's CSV and JSON output. Exit 0 when every number matches.

usage: check_dataset_stats.py CHEXVIEW_CLI NIH_DIR
"""
import csv
import gzip
import io
import json
import os
import subprocess
import sys

FINDINGS = ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule",
            "Pneumonia", "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis",
            "Pleural_Thickening", "Hernia"]


def cli(exe, *args):
    r = subprocess.run([exe, "dataset", "stats", *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"chexview-cli failed ({r.returncode}): {r.stderr}")
    return r.stdout


def check_lists(exe, nih):
    lists = os.path.join(nih, "lists")
    expected = {}
    for name in ["train", "val", "test", "bmt"]:
        rows = [l.split() for l in open(os.path.join(lists, f"{name}_list.txt")).read().splitlines() if l.strip()]
        assert all(len(r) == 15 for r in rows)
        expected[name] = [f"{100.0 * sum(int(r[i + 1]) for r in rows) / len(rows):.3f}" for i in range(14)]
    out = cli(exe, "--lists", lists, "--format", "csv")
    got = list(csv.reader(io.StringIO(out)))
    assert got[0] == ["finding", "train", "val", "test", "bmt"], got[0]
    for i, f in enumerate(FINDINGS):
        want = [f] + [expected[s][i] for s in ["train", "val", "test", "bmt"]]
        assert got[i + 1] == want, f"{got[i + 1]} != {want}"
    print("split lists: 14 findings x 4 splits match")


def check_data_entry(exe, nih):
    meta = os.path.join(nih, "meta")
    split = {}
    for name, fname in [("train_val", "train_val_list.txt"), ("test", "test_list.txt")]:
        for l in open(os.path.join(meta, fname)).read().split():
            split[l] = name
    counts = {}
    with gzip.open(os.path.join(meta, "Data_Entry_2017_v2020.csv.gz"), "rt") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            s = counts.setdefault(split.get(row[0], "unlisted"), {"n": 0, "pos": [0] * 14, "pat": set(), "none": 0})
            s["n"] += 1
            s["pat"].add(row[3])
            labels = row[1].split("|")
            if labels == ["No Finding"]:
                s["none"] += 1
            for i, name in enumerate(FINDINGS):
                s["pos"][i] += name in labels
    out = json.loads(cli(exe, "--data-entry", os.path.join(meta, "Data_Entry_2017_v2020.csv.gz"),
                         "--split-lists", meta, "--format", "json"))
    assert [s["name"] for s in out["splits"]] == ["train_val", "test"], [s["name"] for s in out["splits"]]
    for s in out["splits"]:
        e = counts[s["name"]]
        assert s["images"] == e["n"], (s["name"], s["images"], e["n"])
        assert s["patients"] == len(e["pat"])
        assert s["no_finding"] == e["none"]
        for i, name in enumerate(FINDINGS):
            assert s["positives"][name] == e["pos"][i], (s["name"], name)
            assert f'{s["positive_pct"][name]:.3f}' == f'{100.0 * e["pos"][i] / e["n"]:.3f}'
    assert out["leakage"] == {}, "NIH's official split is patient-wise"
    assert sum(counts[k]["n"] for k in counts) == 112120
    print(f"Data_Entry: {sum(s['images'] for s in out['splits'])} rows, counts match")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    check_lists(sys.argv[1], sys.argv[2])
    check_data_entry(sys.argv[1], sys.argv[2])
    print("1 passed, 0 failed")
