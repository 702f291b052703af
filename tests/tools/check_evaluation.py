#!/usr/bin/env python3
"""Independent check of `chexview-cli evaluate` on the real predictions in tests/data.

AUROC is recomputed here from its pairwise definition (P(pos > neg) + 0.5 P(tie)), average
precision from the step-wise precision-recall sum, threshold counts by direct comparison; numpy
only (scikit-learn is not installed). Labels come from images-256/labels.csv, NIH's 2020
Data_Entry file and the 2017 split lists. Also: both CSV layouts give identical output, a
finding without positives is "not computable" (never 0.5), the bootstrap is deterministic for a
seed and its CI contains the estimate, and unmatched rows are counted with exit code 3.
usage: check_evaluation.py CHEXVIEW_CLI SHARED_DATA_DIR
"""
import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

FINDINGS = ["Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule",
            "Pneumonia", "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis",
            "Pleural_Thickening", "Hernia"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(cli, *args):
    p = subprocess.run([cli, "evaluate", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def evaluate_json(cli, *args):
    code, out, err = run(cli, *args, "--format", "json")
    return code, json.loads(out), err


def read_predictions(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[0] == "Image Index" and header[1:] == ["prob_" + n for n in FINDINGS]
    names = [r[0] for r in rows[1:]]
    probs = np.array([[float(x) for x in r[1:]] for r in rows[1:]], dtype=np.float64)
    return names, probs


def labels_from_findings(text):
    return [int(n in text.split("|")) for n in FINDINGS]


def read_labels_csv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        ii, fl = header.index("Image Index"), header.index("Finding Labels")
        return {r[ii]: labels_from_findings(r[fl]) for r in reader}


def read_list(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 15:
                out[parts[0]] = [int(x) for x in parts[1:]]
    return out


def pairwise_auroc(scores, truth):
    pos, neg = scores[truth == 1], scores[truth == 0]
    if len(pos) == 0 or len(neg) == 0:
        return None
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / (len(pos) * len(neg)))


def average_precision(scores, truth):
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order]
    distinct = np.r_[np.where(np.diff(s))[0], len(s) - 1]
    tp = np.cumsum(t)[distinct]
    fp = (distinct + 1) - tp
    recall = tp / t.sum()
    precision = tp / (tp + fp)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def youden(scores, truth):
    best, thr = -2.0, None
    P, N = truth.sum(), (1 - truth).sum()
    for s in np.unique(scores)[::-1]:
        called = scores >= s
        j = (called & (truth == 1)).sum() / P - (called & (truth == 0)).sum() / N
        if j > best + 1e-15:
            best, thr = j, s
    return thr


def compare_to_reference(label, result, names, probs, labels, tol=1e-9):
    y = np.array([labels[n] for n in names])
    check(result["images"] == len(names), f"{label}: images {result['images']} != {len(names)}")
    aurocs = []
    for k, name in enumerate(FINDINGS):
        got = result["findings"][k]
        check(got["finding"] == name, f"{label}: finding order")
        t, s = y[:, k], probs[:, k]
        ref = pairwise_auroc(s, t)
        check(got["positives"] == int(t.sum()), f"{label} {name}: positives")
        if ref is None:
            check(got["auroc"] is None and not got["computable"], f"{label} {name}: not computable")
            continue
        aurocs.append(ref)
        check(abs(got["auroc"] - ref) <= tol, f"{label} {name}: AUROC {got['auroc']} vs {ref}")
        ap = average_precision(s, t)
        check(abs(got["average_precision"] - ap) <= 1e-9, f"{label} {name}: AP {got['average_precision']} vs {ap}")
        thr = youden(s, t)
        check(abs(got["threshold"] - thr) <= 1e-12, f"{label} {name}: youden {got['threshold']} vs {thr}")
        called = s >= got["threshold"]
        tp, fp = int((called & (t == 1)).sum()), int((called & (t == 0)).sum())
        check((got["tp"], got["fp"]) == (tp, fp), f"{label} {name}: tp/fp {got['tp']},{got['fp']} vs {tp},{fp}")
        check(got["tp"] + got["fp"] + got["tn"] + got["fn"] == len(names), f"{label} {name}: counts sum")
        lo, hi = got["auroc_ci"]
        check(lo <= got["auroc"] <= hi, f"{label} {name}: CI [{lo}, {hi}] excludes {got['auroc']}")
    check(abs(result["mean_auroc"] - np.mean(aurocs)) <= tol, f"{label}: mean AUROC")
    return np.mean(aurocs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cli")
    ap.add_argument("shared")
    a = ap.parse_args()
    preds = os.path.join(a.shared, "predictions", "reproduce-chexnet_preds_images-256.csv")
    labels_csv = os.path.join(a.shared, "nih", "images-256", "labels.csv")
    data_entry = os.path.join(a.shared, "nih", "meta", "Data_Entry_2017_v2020.csv.gz")
    test_list = os.path.join(a.shared, "nih", "lists", "test_list.txt")
    names, probs = read_predictions(preds)
    ties = sum(len(probs[:, k]) - len(np.unique(probs[:, k])) for k in range(14))
    check(ties > 0, "the shared predictions contain ties")

    # 1. labels.csv: exact match, exit 0.
    code, r, err = evaluate_json(a.cli, "--labels", labels_csv, "--predictions", preds, "--seed", "7")
    check(code == 0, f"labels.csv: exit {code}: {err}")
    mean = compare_to_reference("labels.csv", r, names, probs, read_labels_csv(labels_csv))
    print(f"labels.csv: {r['images']} images, mean AUROC {mean:.6f}, {ties} tied scores")

    # 2. Data_Entry (2020 labels): same images, the rest of NIH unmatched -> exit 3.
    code, r2, err = evaluate_json(a.cli, "--labels", data_entry, "--predictions", preds, "--bootstrap", "200")
    check(code == 3, f"Data_Entry: exit {code} (labels without predictions must give 3)")
    check(r2["unmatched"]["labels_without_predictions"] == 112120 - 496, "Data_Entry: unmatched labels count")
    mean2 = compare_to_reference("Data_Entry", r2, names, probs, read_labels_csv(data_entry))
    print(f"Data_Entry 2020: mean AUROC {mean2:.6f}")

    # 3. The 2017 test split list.
    code, r3, err = evaluate_json(a.cli, "--labels", test_list, "--predictions", preds, "--bootstrap", "200")
    check(r3["images"] == 496, "test_list: all 496 images are in the test split")
    mean3 = compare_to_reference("test_list", r3, names, probs, read_list(test_list))
    print(f"test_list 2017: mean AUROC {mean3:.6f}")

    with tempfile.TemporaryDirectory() as tmp:
        # 4. Bootstrap determinism: same seed, same CI; another seed, another CI.
        _, again, _ = evaluate_json(a.cli, "--labels", labels_csv, "--predictions", preds, "--seed", "7")
        check([f["auroc_ci"] for f in again["findings"]] == [f["auroc_ci"] for f in r["findings"]],
              "bootstrap: same seed gives the same CIs")
        _, other, _ = evaluate_json(a.cli, "--labels", labels_csv, "--predictions", preds, "--seed", "8")
        check([f["auroc_ci"] for f in other["findings"]] != [f["auroc_ci"] for f in r["findings"]],
              "bootstrap: another seed gives other CIs")

        # 5. chexview's own predict --csv layout gives the same numbers.
        own = os.path.join(tmp, "own.csv")
        with open(own, "w") as f:
            f.write("file,model,precision,device,ms," + ",".join(FINDINGS) + "\n")
            for n, p in zip(names, probs):
                f.write(f'"/data/x,y/{n}","reproduce-chexnet",fp32,cpu,12.5,' +
                        ",".join(repr(float(v)) for v in p) + "\n")
        code, r5, err = evaluate_json(a.cli, "--labels", labels_csv, "--predictions", own, "--seed", "7")
        check(code == 0, f"own layout: exit {code}: {err}")
        check(r5["findings"] == r["findings"], "own layout: same findings object as the prob_ layout")

        # 6. A finding without positives: drop every Hernia label.
        no_hernia = os.path.join(tmp, "labels.csv")
        with open(labels_csv) as src, open(no_hernia, "w") as dst:
            for line in src:
                dst.write(line.replace("|Hernia", "").replace("Hernia|", "").replace(",Hernia,", ",No Finding,"))
        code, r6, err = evaluate_json(a.cli, "--labels", no_hernia, "--predictions", preds)
        h = r6["findings"][13]
        check(h["positives"] == 0 and h["auroc"] is None and h["auroc_ci"] is None and not h["computable"],
              f"no positives: Hernia must be not computable, got {h}")
        check(r6["mean_auroc_findings"] == 13, "no positives: mean over 13 findings")
        code, table, _ = run(a.cli, "--labels", no_hernia, "--predictions", preds)
        check("not computable: no positive images" in table and "0.5000" not in table.split("Hernia")[1].split("\n")[0],
              "no positives: table says not computable")

        # 7. Unmatched rows: an unknown image, a duplicate, an unknown column -> counted, exit 3.
        bad = os.path.join(tmp, "bad.csv")
        with open(preds) as src:
            lines = src.read().splitlines()
        with open(bad, "w") as f:
            f.write(lines[0] + ",prob_Covid\n")
            for l in lines[1:]:
                f.write(l + ",0.5\n")
            f.write("99999999_000.png" + ",0.1" * 15 + "\n")
            f.write(lines[1] + ",0.5\n")
        code, r7, err = evaluate_json(a.cli, "--labels", labels_csv, "--predictions", bad)
        u = r7["unmatched"]
        check(code == 3, f"unmatched: exit {code}")
        check(u["predictions_without_labels"] == 1 and u["predictions_without_labels_examples"] == ["99999999_000.png"],
              f"unmatched: prediction without label {u}")
        check(u["duplicates"] == 1 and u["unknown_columns"] == ["prob_Covid"], f"unmatched: {u}")
        check("1 predicted images have no label: 99999999_000.png" in err, f"unmatched on stderr: {err}")
        check(r7["images"] == 496, "unmatched: the 496 matched images are still evaluated")

        # 8. --out writes the files.
        out = os.path.join(tmp, "out")
        code, _, err = run(a.cli, "--labels", labels_csv, "--predictions", preds, "--out", out, "--bootstrap", "0")
        files = sorted(os.listdir(out))
        check("metrics.csv" in files and "errors.csv" in files and len([x for x in files if x.startswith("roc_")]) == 14,
              f"--out files: {files}")
        with open(os.path.join(out, "roc_Cardiomegaly.csv")) as f:
            roc = list(csv.DictReader(f))
        fpr = np.array([float(x["fpr"]) for x in roc]); tpr = np.array([float(x["tpr"]) for x in roc])
        check(abs(np.trapz(tpr, fpr) - r["findings"][1]["auroc"]) < 1e-9, "roc csv integrates to the AUROC")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all evaluation checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
