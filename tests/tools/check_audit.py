#!/usr/bin/env python3
"""Independent check of `chexview-cli evaluate`'s audits on the real data in shared/data.

Recomputed here with numpy only: each finding's ECE (15 equal-width bins, L1; p in bin
min(floor(15 p), 14)) and Brier score; per subgroup (Data_Entry's sex, age bands, view) the
AUROC from its pairwise definition, sensitivity / specificity / FPR at the threshold, and the
underdiagnosis counts (images with a finding where no score reaches its threshold); the gaps as
differences of those AUROCs. The radiologists' labels (Google's real relabel file): the mapping
Pneumothorax, max(Nodule, Mass), max(Consolidation, Pneumonia, Infiltration), Fracture not
computable, and NIH-vs-radiologist agreement and kappa over all 4,376 images with NIH's labels
from the same file. With `calibrate`: temperature and Platt scaling fitted on a deliberately
miscalibrated set lower its ECE on held-out patients, and the package's engine applies them.
usage: check_audit.py CHEXVIEW_CLI SHARED_DATA_DIR [MODEL_PACKAGE]
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
EXPERT = ["Fracture", "Pneumothorax", "Airspace opacity", "Nodule or mass"]
EXPERT_MAP = {"Fracture": [], "Pneumothorax": ["Pneumothorax"],
              "Airspace opacity": ["Consolidation", "Pneumonia", "Infiltration"],
              "Nodule or mass": ["Nodule", "Mass"]}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def evaluate_json(cli, *args):
    p = subprocess.run([cli, "evaluate", *args, "--format", "json"], capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else None), p.stderr


def read_csv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    return [dict(zip(h, r)) for r in rows[1:]]


def pairwise_auroc(scores, truth):
    pos, neg = scores[truth == 1], scores[truth == 0]
    if len(pos) == 0 or len(neg) == 0:
        return None
    diff = pos[:, None] - neg[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / (len(pos) * len(neg)))


def ece_brier(p, y):
    bins = np.minimum(np.floor(15 * p).astype(int), 14)
    ece = 0.0
    for b in range(15):
        m = bins == b
        if m.any():
            ece += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return ece, float(np.mean((p - y) ** 2))


def age_band(a):
    return ["0-20", "20-40", "40-60", "60-80", "80+"][min(int(a) // 20, 4)]


def check_calibration_and_subgroups(cli, shared):
    preds = read_csv(os.path.join(shared, "predictions", "reproduce-chexnet_preds_images-256.csv"))
    names = [r["Image Index"] for r in preds]
    probs = np.array([[float(r["prob_" + f]) for f in FINDINGS] for r in preds])
    labels = {r["Image Index"]: r["Finding Labels"].split("|")
              for r in read_csv(os.path.join(shared, "nih", "images-256", "labels.csv"))}
    y = np.array([[int(f in labels[n]) for f in FINDINGS] for n in names])
    entry_path = os.path.join(shared, "nih", "meta", "Data_Entry_2017_v2020.csv.gz")
    entry = {r["Image Index"]: r for r in read_csv(entry_path)}
    code, r, err = evaluate_json(cli, "--labels", os.path.join(shared, "nih", "images-256", "labels.csv"),
                                 "--predictions", os.path.join(shared, "predictions",
                                                               "reproduce-chexnet_preds_images-256.csv"),
                                 "--subgroups", "sex,age,view", "--demographics", entry_path,
                                 "--bootstrap", "200", "--seed", "3")
    check(code == 0, f"subgroups: exit {code}: {err}")
    # Calibration of every finding.
    worst = 0.0
    for k, f in enumerate(FINDINGS):
        ece, brier = ece_brier(probs[:, k], y[:, k])
        got = r["findings"][k]
        worst = max(worst, abs(got["ece"] - ece), abs(got["brier"] - brier))
        check(abs(got["ece"] - ece) < 1e-12, f"{f}: ECE {got['ece']} vs {ece}")
        check(abs(got["brier"] - brier) < 1e-12, f"{f}: Brier {got['brier']} vs {brier}")
        check(sum(b["count"] for b in got["reliability"]) == len(names), f"{f}: reliability counts")
    print(f"calibration: 14 findings, ECE and Brier within {worst:.1e} of numpy "
          f"(Atelectasis ECE {r['findings'][0]['ece']:.4f}, Brier {r['findings'][0]['brier']:.4f})")
    # Subgroups.
    thresholds = np.array([f["threshold"] for f in r["findings"]])
    called = probs >= thresholds[None, :]
    eligible = y.any(axis=1)
    under = eligible & ~called.any(axis=1)
    attrs = {"sex": [entry[n]["Patient Gender"] for n in names],
             "age": [age_band(entry[n]["Patient Age"]) for n in names],
             "view": [entry[n]["View Position"] for n in names]}
    groups = {(g["attribute"], g["group"]): g for g in r["subgroups"]}
    checked = 0
    ref_auroc = {}
    for attr, values in attrs.items():
        values = np.array(values)
        for group in sorted(set(values)):
            g = groups.get((attr, group))
            check(g is not None, f"subgroup {attr}={group} missing")
            if g is None:
                continue
            m = values == group
            check(g["images"] == int(m.sum()), f"{attr}={group}: images {g['images']} vs {m.sum()}")
            u = g["underdiagnosis"]
            check((u["eligible"], u["underdiagnosed"]) == (int(eligible[m].sum()), int(under[m].sum())),
                  f"{attr}={group}: underdiagnosis {u} vs {eligible[m].sum()}, {under[m].sum()}")
            for k, f in enumerate(FINDINGS):
                got = g["findings"][k]
                ref = pairwise_auroc(probs[m, k], y[m, k])
                ref_auroc[(attr, group, f)] = ref
                if ref is None:
                    check(got["auroc"] is None and not got["computable"], f"{attr}={group} {f}: not computable")
                    continue
                check(abs(got["auroc"] - ref) < 1e-12, f"{attr}={group} {f}: AUROC {got['auroc']} vs {ref}")
                t, c = y[m, k], called[m, k]
                tp, fp = int((c & (t == 1)).sum()), int((c & (t == 0)).sum())
                tn = int((~c & (t == 0)).sum())
                check((got["tp"], got["fp"], got["tn"]) == (tp, fp, tn), f"{attr}={group} {f}: counts")
                if fp + tn:
                    check(abs(got["fpr"] - fp / (fp + tn)) < 1e-12, f"{attr}={group} {f}: FPR")
                if got["auroc_ci"] is not None:
                    lo, hi = got["auroc_ci"]
                    check(lo <= hi and 0 <= lo and hi <= 1, f"{attr}={group} {f}: CI {lo}, {hi}")
                checked += 1
    for gap in r["subgroup_gaps"]:
        for f in gap["findings"]:
            a = ref_auroc.get((gap["attribute"], gap["group"], f["finding"]))
            b = ref_auroc.get((gap["attribute"], gap["reference"], f["finding"]))
            if a is None or b is None:
                check(f["auroc_gap"] is None, f"gap {gap['group']}-{gap['reference']} {f['finding']}: null")
                continue
            check(abs(f["auroc_gap"] - (a - b)) < 1e-12, f"gap {gap['group']}-{gap['reference']} {f['finding']}")
    sex = {g["group"]: g for g in r["subgroups"] if g["attribute"] == "sex"}
    print(f"subgroups: {checked} group x finding AUROCs and counts equal numpy's; "
          f"underdiagnosis F {sex['F']['underdiagnosis']['rate']:.3f} "
          f"({sex['F']['underdiagnosis']['underdiagnosed']}/{sex['F']['underdiagnosis']['eligible']}), "
          f"M {sex['M']['underdiagnosis']['rate']:.3f}")


def check_expert(cli, shared):
    path = os.path.join(shared, "nih", "meta", "google2019_nih-chest-xray-labels.csv.gz")
    rows = read_csv(path)
    names = [r["Image Index"] for r in rows]
    expert = {e: np.array([int(r[e] == "YES") for r in rows]) for e in EXPERT}
    nih = np.array([[int(f in r["Finding Labels"].split("|")) for f in FINDINGS] for r in rows])
    # Synthetic scores that know the radiologists a little and NIH a little (seeded).
    rng = np.random.default_rng(22)
    z = rng.normal(size=(len(rows), 14)) + 0.8 * nih
    for e, fs in EXPERT_MAP.items():
        for f in fs:
            z[:, FINDINGS.index(f)] += 0.9 * expert[e]
    probs = np.round(1 / (1 + np.exp(-z + 2)), 4)
    with tempfile.TemporaryDirectory() as tmp:
        pred = os.path.join(tmp, "pred.csv")
        with open(pred, "w") as f:
            f.write("Image Index," + ",".join("prob_" + x for x in FINDINGS) + "\n")
            for n, p in zip(names, probs):
                f.write(n + "," + ",".join(repr(float(v)) for v in p) + "\n")
        # NIH's labels from the expert file itself (it has Image Index, Finding Labels, Patient ID).
        code, r, err = evaluate_json(cli, "--labels", path, "--predictions", pred, "--threshold", "0.3",
                                     "--expert-labels", path, "--bootstrap", "100")
    check(code == 0, f"expert: exit {code}: {err}")
    ex = r["expert"]
    check(ex["images"] == 4376 and ex["expert_images"] == 4376, f"expert: images {ex['images']}")
    for k, e in enumerate(EXPERT):
        got = ex["findings"][k]
        check(got["finding"] == e, f"expert order {got['finding']}")
        check(got["positives"] == int(expert[e].sum()), f"{e}: positives {got['positives']}")
        fs = [FINDINGS.index(f) for f in EXPERT_MAP[e]]
        if not fs:
            check(not got["computable"] and got["auroc"] is None, f"{e}: must not be computable")
            continue
        score = probs[:, fs].max(axis=1)
        ref = pairwise_auroc(score, expert[e])
        check(abs(got["auroc"] - ref) < 1e-12, f"{e}: AUROC {got['auroc']} vs {ref}")
        lo, hi = got["auroc_ci"]
        check(lo <= got["auroc"] <= hi, f"{e}: CI [{lo}, {hi}]")
        callx = (probs[:, fs] >= 0.3).any(axis=1)
        check(got["tp"] == int((callx & (expert[e] == 1)).sum()), f"{e}: tp")
        nihp = nih[:, fs].any(axis=1).astype(int)
        check(abs(got["nih"]["auroc"] - pairwise_auroc(score, nihp)) < 1e-12, f"{e}: AUROC vs NIH")
        tp = int(((nihp == 1) & (expert[e] == 1)).sum()); tn = int(((nihp == 0) & (expert[e] == 0)).sum())
        fp = int(((nihp == 1) & (expert[e] == 0)).sum()); fn = int(((nihp == 0) & (expert[e] == 1)).sum())
        n = tp + tn + fp + fn
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)) / n / n
        nj = got["nih"]
        check((nj["both_positive"], nj["nih_only"], nj["radiologists_only"], nj["both_negative"]) == (tp, fp, fn, tn),
              f"{e}: NIH agreement table {nj}")
        check(abs(nj["kappa"] - (po - pe) / (1 - pe)) < 1e-12, f"{e}: kappa")
        print(f"expert {e}: {got['images']} images, {got['positives']} positive, AUROC {got['auroc']:.4f}; "
              f"NIH agrees on {po:.3f}, kappa {nj['kappa']:.3f}")
    # The real CheXNet predictions: only the images the radiologists relabelled.
    code, r2, err = evaluate_json(cli, "--labels", os.path.join(shared, "nih", "images-256", "labels.csv"),
                                  "--predictions", os.path.join(shared, "predictions",
                                                                "reproduce-chexnet_preds_images-256.csv"),
                                  "--expert-labels", path, "--bootstrap", "0")
    preds = {r["Image Index"] for r in read_csv(os.path.join(shared, "predictions",
                                                             "reproduce-chexnet_preds_images-256.csv"))}
    check(code == 0 and r2["expert"]["images"] == len(preds & set(names)),
          f"real predictions: expert images {r2 and r2['expert']['images']} vs {len(preds & set(names))}")


def logit(p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def check_recalibration(cli, shared, model):
    """A deliberately miscalibrated copy of the real predictions, recalibrated on half the patients."""
    preds_path = os.path.join(shared, "predictions", "reproduce-chexnet_preds_images-256.csv")
    labels_path = os.path.join(shared, "nih", "images-256", "labels.csv")
    preds = read_csv(preds_path)
    names = [r["Image Index"] for r in preds]
    probs = np.array([[float(r["prob_" + f]) for f in FINDINGS] for r in preds])
    labels = {r["Image Index"]: r["Finding Labels"].split("|") for r in read_csv(labels_path)}
    y = np.array([[int(f in labels[n]) for f in FINDINGS] for n in names])
    bad = 1 / (1 + np.exp(-(0.5 * logit(probs) + 1.5)))  # under-confident and far too high
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "bad.csv")
        with open(csv_path, "w") as f:
            f.write("Image Index," + ",".join("prob_" + x for x in FINDINGS) + "\n")
            for n, p in zip(names, bad):
                f.write(n + "," + ",".join(repr(float(v)) for v in p) + "\n")
        for method in ("temperature", "platt", "isotonic"):
            out = os.path.join(tmp, method)
            p = subprocess.run([cli, "calibrate", "--labels", labels_path, "--predictions", csv_path,
                                "--model", model, "--out", out, "--method", method, "--holdout", "0.5",
                                "--format", "json"], capture_output=True, text=True)
            check(p.returncode == 0, f"calibrate {method}: exit {p.returncode}: {p.stderr}")
            if p.returncode:
                continue
            r = json.loads(p.stdout)
            fo = r["fitted_on"]
            check(fo["images"] + fo["held_out_images"] == len(names), f"{method}: split {fo}")
            # One temperature cannot undo the shift of +1.5; Platt and isotonic can.
            gain = 0.8 if method == "temperature" else 0.5
            check(fo["mean_ece_after"] < gain * fo["mean_ece_before"],
                  f"{method}: held-out ECE {fo['mean_ece_before']} -> {fo['mean_ece_after']}")
            with open(os.path.join(out, "manifest.json")) as f:
                manifest = json.load(f)
            with open(os.path.join(model, "manifest.json")) as f:
                original = json.load(f)
            cal = manifest["recalibration"]
            check(cal["method"] == method and len(cal["findings"]) == 14, f"{method}: manifest map")
            check("recalibration" in manifest["provenance"] and method in manifest["provenance"]["recalibration"],
                  f"{method}: provenance {manifest['provenance']}")
            check("recalibration" not in original, "the input package is left as it was")
            # The stored map, applied here, lowers ECE over all 496 images (numpy's ECE).
            fixed = np.empty_like(bad)
            for k in range(14):
                m = cal["findings"][k]
                if method == "isotonic":
                    fixed[:, k] = np.interp(bad[:, k], m["x"], m["y"])
                else:
                    fixed[:, k] = 1 / (1 + np.exp(-(m["a"] * logit(bad[:, k]) + m["b"])))
            before = np.mean([ece_brier(bad[:, k], y[:, k])[0] for k in range(14)])
            after = np.mean([ece_brier(fixed[:, k], y[:, k])[0] for k in range(14)])
            check(after < gain * before, f"{method}: numpy ECE {before} -> {after}")
            # Thresholds are mapped alike, so the package's verdicts do not change.
            for k in range(14):
                t0, t1, m = original["thresholds"][k], manifest["thresholds"][k], cal["findings"][k]
                want = (np.interp(t0, m["x"], m["y"]) if method == "isotonic"
                        else 1 / (1 + np.exp(-(m["a"] * logit(np.array(t0)) + m["b"]))))
                check(abs(t1 - float(want)) < 1e-9, f"{method}: threshold {k} {t1} vs {want}")
            print(f"calibrate {method}: held-out mean ECE {fo['mean_ece_before']:.4f} -> "
                  f"{fo['mean_ece_after']:.4f}; numpy over all images {before:.4f} -> {after:.4f}")
            if method != "platt":
                continue
            # The engine applies the map: predict with both packages on one real image.
            image = os.path.join(shared, "nih", "images-256", names[0])
            outs = []
            for pkg in (model, out):
                q = subprocess.run([cli, "predict", image, "--model", pkg, "--precision", "fp32"],
                                   capture_output=True, text=True)
                check(q.returncode == 0, f"predict {pkg}: {q.stderr}")
                outs.append(json.loads(q.stdout.splitlines()[0]) if q.returncode == 0 else None)
            if None not in outs:
                raw = [outs[0]["findings"][f] for f in FINDINGS]
                new = [outs[1]["findings"][f] for f in FINDINGS]
                for k in range(14):
                    m = cal["findings"][k]
                    want = 1 / (1 + np.exp(-(m["a"] * logit(np.array(raw[k])) + m["b"])))
                    check(abs(new[k] - float(want)) < 2e-5, f"engine applies the map: {FINDINGS[k]} {new[k]} vs {want}")
                print(f"engine: the platt package gives {FINDINGS[0]} {new[0]:.5f} for the original {raw[0]:.5f}")


def check_recalibration_images(cli, shared, model):
    """`calibrate --images` scores the folder itself: the same fit as `--predictions` on the CSV
    that `predict` writes for that folder with the same engine, and its source recorded."""
    src = os.path.abspath(os.path.join(shared, "nih", "images-256"))
    names = sorted(n for n in os.listdir(src) if n.endswith(".png"))[:40]
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "fit-images")
        os.mkdir(folder)
        for n in names:
            os.symlink(os.path.join(src, n), os.path.join(folder, n))
        labels_path = os.path.join(tmp, "labels.csv")
        with open(os.path.join(src, "labels.csv")) as f, open(labels_path, "w") as g:
            lines = f.read().splitlines()
            g.write("\n".join([lines[0]] + [l for l in lines[1:] if l.split(",")[0] in names]) + "\n")
        csv_path = os.path.join(tmp, "scores.csv")
        p = subprocess.run([cli, "predict", folder, "--model", model, "--precision", "fp32",
                            "--csv", csv_path], capture_output=True, text=True)
        check(p.returncode == 0, f"predict {folder}: {p.stderr}")
        fits = {}
        for how, source in (("images", ["--images", folder]), ("predictions", ["--predictions", csv_path])):
            q = subprocess.run([cli, "calibrate", "--labels", labels_path, *source, "--model", model,
                                "--out", os.path.join(tmp, how), "--method", "platt", "--precision", "fp32",
                                "--format", "json"], capture_output=True, text=True)
            check(q.returncode == 0, f"calibrate --{how}: exit {q.returncode}: {q.stderr}")
            fits[how] = json.loads(q.stdout) if q.returncode == 0 else None
        if None in fits.values():
            return
        fi, fp = fits["images"]["fitted_on"], fits["predictions"]["fitted_on"]
        check(fi["images"] == len(names) and fp["images"] == len(names),
              f"calibrate --images fitted on {fi['images']} / {fp['images']} of {len(names)} images")
        check(fi.get("image_folder") == "fit-images" and "scored_by" in fi and "fp32" in fi["scored_by"],
              f"calibrate --images records its source: {fi}")
        check(fp.get("predictions_csv") == "scores.csv", f"calibrate --predictions records its source: {fp}")
        worst = 0.0
        for a, b in zip(fits["images"]["findings"], fits["predictions"]["findings"]):
            # The CSV holds the scores to 6 decimals: the ECEs agree to that, the maps closely.
            worst = max(worst, abs(a["ece_before"] - b["ece_before"]), abs(a["brier_before"] - b["brier_before"]))
            check(abs(a["map"]["b"] - b["map"]["b"]) < 1e-3 * max(1.0, abs(b["map"]["b"])),
                  f'{a["finding"]}: --images map {a["map"]} vs --predictions {b["map"]}')
        check(worst < 1e-5, f"calibrate --images vs --predictions: ECE/Brier differ by {worst}")
        print(f"calibrate --images: {fi['images']} images scored by {fi['scored_by']}; "
              f"ECE/Brier agree with --predictions within {worst:.1e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cli")
    ap.add_argument("shared")
    ap.add_argument("model", nargs="?")
    a = ap.parse_args()
    check_calibration_and_subgroups(a.cli, a.shared)
    check_expert(a.cli, a.shared)
    if a.model:
        check_recalibration(a.cli, a.shared, a.model)
        check_recalibration_images(a.cli, a.shared, a.model)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all audit checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
