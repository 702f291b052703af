#!/usr/bin/env python3
"""Training (core/pytorch/chexview_pytorch/train.py) on real NIH images, CPU, gloo. One case per ctest entry:

  units       label readers agree with `chexview-cli dataset stats` on the real lists and
              Data_Entry; AUROC with mid-ranks on known inputs; ImageNet features load.
  ddp         2 processes x batch 4 (torchrun via packaging/train.sh) == 1 process x batch 8:
              16 images, --deterministic --freeze-bn, 2 steps -> weights within 1e-5, the same
              training loss, and validation over the whole set (16 images) on both.
  resume      2 epochs straight == 1 epoch + --resume == SIGTERM mid-epoch + --resume
              (augmentation on, DataLoader workers on): identical weights and metrics.
  package     a short run at 224 on images-256 train_val images lowers the training loss;
              --package exports it; `chexview-cli predict` loads it (trained: true) and its FP32
              scores equal best.pt's network in Python.
  bad_input   a corrupt image is skipped and counted (2 ranks, no crash); a train/val patient
              leak, unmatched images, an existing run folder are refused (exit 2, clear text).
Equivalence cases train at 64x64 (--image-size) to keep CPU time small; `package` uses 224.
usage: test_training.py CASE SHARED_DATA WORK_DIR [CHEXVIEW_CLI]
"""
import json
import os
import shutil
import signal
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "core", "pytorch", "chexview_pytorch"))
import auroc  # noqa: E402
import checkpoint  # noqa: E402
import chexnet  # noqa: E402
import labels as labelsets  # noqa: E402
import preprocess  # noqa: E402

PY = "/usr/bin/python3"
TRAIN = os.path.join(ROOT, "core", "pytorch", "chexview_pytorch", "train.py")
WRAPPER = os.path.join(ROOT, "packaging", "train.sh")
checks, failures = 0, 0


def check(cond, what):
    global checks, failures
    checks += 1
    failures += 0 if cond else 1
    print(("ok   " if cond else "FAIL ") + what, flush=True)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0, 2):
        print(r.stdout[-3000:], r.stderr[-3000:], sep="\n")
    return r


def train(out, *extra, nproc=0, data=None):
    """nproc 0: a plain process; N: torchrun through packaging/train.sh."""
    base = ["--images", data["images"], "--labels", data["entry"], "--out", out, "--log-every", "1", *extra]
    cmd = ["bash", WRAPPER, "--nproc", str(nproc), *base] if nproc else [PY, TRAIN, *base]
    return run(cmd)


def weights(run_dir, name="checkpoint.pt"):
    ck = checkpoint.load_own(os.path.join(run_dir, name))
    return ck["model"] if "model" in ck else ck["state_dict"]


def max_diff(a, b):
    return max(float((a[k].double() - b[k].double()).abs().max()) for k in a if a[k].is_floating_point())


def metrics(run_dir):
    return [json.loads(l) for l in open(os.path.join(run_dir, "metrics.jsonl"))]


def case_units(data, work, cli):
    lists = os.path.join(data["nih"], "lists")
    src = labelsets.read_split_lists(lists)
    stats = json.loads(run([cli, "dataset", "stats", "--lists", lists, "--format", "json"]).stdout)
    for s in stats["splits"]:
        recs = src.splits[s["name"]]
        pos = np.array([r[2] for r in recs]).sum(0)
        same = (len(recs) == s["images"] and len({r[1] for r in recs}) == s["patients"]
                and all(int(pos[k]) == s["positives"][n] for k, n in enumerate(chexnet.FINDINGS)))
        check(same, f"split list '{s['name']}': {len(recs)} images, patients and 14 positive counts = dataset stats")
    src = labelsets.read_data_entry(data["entry"])
    stats = json.loads(run([cli, "dataset", "stats", "--data-entry", data["entry"], "--split-lists",
                            os.path.dirname(data["entry"]), "--format", "json"]).stdout)
    for s in stats["splits"]:
        recs = src.splits[s["name"]]
        pos = np.array([r[2] for r in recs]).sum(0)
        check(len(recs) == s["images"] and len({r[1] for r in recs}) == s["patients"]
              and all(int(pos[k]) == s["positives"][n] for k, n in enumerate(chexnet.FINDINGS)),
              f"Data_Entry '{s['name']}': {len(recs)} images and patients = dataset stats")
    train, val, _ = labelsets.select(src)
    check(len(train) + len(val) == len(src.splits["train_val"]) and not ({r[1] for r in train} & {r[1] for r in val})
          and 0.08 < len(val) / len(src.splits["train_val"]) < 0.12,
          f"Data_Entry hold-out is patient-wise: {len(train)} train / {len(val)} val images")
    bad = os.path.join(work, "badlists")
    os.makedirs(bad, exist_ok=True)
    with open(os.path.join(bad, "train_list.txt"), "w") as f:
        f.write("a_000.png " + "0 " * 14 + "\nb_000.png 1 0\nc_000.png " + "0 " * 13 + "2\na_000.png " + "1 " * 14)
    src = labelsets.read_split_lists(bad)
    check(src.issues == ["train_list.txt:2: expected an image name and 14 labels, found 2 labels",
                         "train_list.txt:3: label 14 (Hernia) is '2', not 0 or 1",
                         "train_list.txt:4: duplicate image a_000.png"] and len(src.splits["train"]) == 1,
          "malformed split-list lines reported as file:line: problem (same text as dataset stats) and left out")
    check(auroc.auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75, "AUROC of a known ranking = 0.75")
    check(auroc.auroc([0.5, 0.5, 0.5, 0.9], [0, 1, 0, 1]) == 0.75, "AUROC with ties uses mid-ranks (0.75)")
    check(auroc.auroc([0.2, 0.3], [1, 1]) is None, "AUROC undefined with one class")
    # ImageNet initialisation from a local torchvision-form file (old norm.1/conv.2 names).
    torch.manual_seed(3)
    import torchvision
    imagenet = torchvision.models.densenet121(weights=None)
    sd = {}
    for k, v in imagenet.state_dict().items():
        m = __import__("re").match(r"^(.*denselayer\d+\.(?:norm|relu|conv))([12])\.(.*)$", k)
        sd[f"{m.group(1)}.{m.group(2)}.{m.group(3)}" if m else k] = v
    path = os.path.join(work, "imagenet.pth")
    torch.save(sd, path)
    torch.manual_seed(4)
    net = chexnet.densenet121()
    head = net.classifier.weight.clone()
    n = checkpoint.load_imagenet_features(net, path)
    mine = net.state_dict()
    check(n > 300 and all(torch.equal(mine[k], v) for k, v in imagenet.state_dict().items() if k.startswith("features."))
          and torch.equal(net.classifier.weight, head),
          f"--pretrained: {n} ImageNet feature tensors copied (old naming), the 14-finding head kept")


def case_ddp(data, work, cli):
    common = ["--max-images", "16", "--epochs", "1", "--deterministic", "--freeze-bn", "--image-size", "64",
              "--workers", "0", "--lr", "1e-4", "--threads", "1"]
    one, two = os.path.join(work, "one"), os.path.join(work, "two")
    r1 = train(one, "--batch-size", "8", *common, data=data)
    r2 = train(two, "--batch-size", "4", *common, nproc=2, data=data)
    check(r1.returncode == 0 and r2.returncode == 0, "1 x batch 8 and 2 x batch 4 runs finish")
    check("2 process(es) x batch 4" in r2.stdout and "step 2/2" in r2.stdout, "torchrun started 2 ranks, 2 steps each")
    a, b = weights(one), weights(two)
    torch.manual_seed(0)
    init = chexnet.densenet121().state_dict()
    moved, d = max_diff(a, init), max_diff(a, b)
    check(moved > 1e-4, f"training moved the weights (max change {moved:.2e})")
    check(d < 1e-5, f"DDP 2 x 4 == 1 x 8 within 1e-5 (max weight difference {d:.2e})")
    m1, m2 = metrics(one)[0], metrics(two)[0]
    check(abs(m1["train_loss"] - m2["train_loss"]) < 1e-5, f"same training loss ({m1['train_loss']:.6f} vs {m2['train_loss']:.6f})")
    check(m1["val_images"] == 16 and m2["val_images"] == 16, "validation covers all 16 images on 2 ranks, not rank 0's half")
    check(abs(m1["val_loss"] - m2["val_loss"]) < 1e-5 and m1["val_mean_auroc"] is not None
          and abs(m1["val_mean_auroc"] - m2["val_mean_auroc"]) < 1e-6, "same validation loss and mean AUROC")


def case_resume(data, work, cli):
    common = ["--max-images", "8", "--batch-size", "2", "--image-size", "64", "--workers", "1", "--seed", "5",
              "--threads", "1"]
    straight, split, killed = (os.path.join(work, n) for n in ("straight", "split", "killed"))
    check(train(straight, "--epochs", "2", *common, data=data).returncode == 0, "2 epochs straight")
    r = train(split, "--epochs", "1", *common, data=data)
    r2 = train(split, "--epochs", "2", "--resume", *common, data=data)
    check(r.returncode == 0 and r2.returncode == 0 and "resuming" in r2.stdout, "1 epoch, then --resume to 2")
    cmd = [PY, TRAIN, "--images", data["images"], "--labels", data["entry"], "--out", killed, "--epochs", "2",
           "--log-every", "1", *common]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in p.stdout:
        if "step 1/4" in line:
            p.send_signal(signal.SIGTERM)
            break
    out, err = p.communicate(timeout=600)
    ck = checkpoint.load_own(os.path.join(killed, "checkpoint.pt"))
    check(p.returncode == 0 and "stopped: checkpoint" in out and "SIGTERM" in err and ck["step"] > 0,
          f"SIGTERM: step finished, checkpoint at epoch {ck['epoch'] + 1} step {ck['step']}, exit 0")
    r3 = train(killed, "--epochs", "2", "--resume", *common, data=data)
    check(r3.returncode == 0, "SIGTERM-stopped run resumed to the end")
    ref = weights(straight)
    for name, d in (("1 epoch + resume", split), ("SIGTERM mid-epoch + resume", killed)):
        diff = max_diff(ref, weights(d))
        check(diff == 0.0, f"{name} == 2 epochs straight (max weight difference {diff:.1e})")
        ms, mr = metrics(straight), metrics(d)
        check(len(mr) == 2 and all(abs(x["train_loss"] - y["train_loss"]) < 1e-9 and x["val_loss"] == y["val_loss"]
                                   for x, y in zip(ms, mr)), f"{name}: the same metrics.jsonl losses")
    ck_a = checkpoint.load_own(os.path.join(straight, "checkpoint.pt"))
    ck_b = checkpoint.load_own(os.path.join(killed, "checkpoint.pt"))
    sa, sb = ck_a["optimizer"]["state"], ck_b["optimizer"]["state"]
    check(all(torch.equal(sa[i]["exp_avg_sq"], sb[i]["exp_avg_sq"]) for i in sa), "optimizer moments resumed exactly")


def case_package(data, work, cli):
    run_dir, pkg = os.path.join(work, "run"), os.path.join(work, "package")
    r = train(run_dir, "--max-images", "24", "--batch-size", "8", "--epochs", "3", "--workers", "1",
              "--package", pkg, "--calibration-count", "20", "--seed", "1", data=data)
    check(r.returncode == 0, "3 epochs at 224 on 24 train_val images, package exported")
    m = metrics(run_dir)
    losses = [x["train_loss"] for x in m]
    check(len(m) == 3 and losses[-1] < losses[0] - 0.05, f"training loss goes down: {', '.join(f'{x:.4f}' for x in losses)}")
    check(all(len(x["val_auroc"]) == 14 and x["images_per_s"] > 0 and x["lr"] > 0 for x in m),
          "metrics.jsonl: 14 validation AUROCs, images/s and lr per epoch")
    man = json.load(open(os.path.join(pkg, "manifest.json")))
    t = man["provenance"].get("training", {})
    entry_sha = __import__("hashlib").sha256(open(data["entry"], "rb").read()).hexdigest()
    check(man["trained"] is True and t.get("train_images") == 24 and t.get("epochs") == 3
          and t["label_files"].get(os.path.basename(data["entry"])) == entry_sha
          and len(t["validation"]["auroc"]) == 14 and "int8" in man["files"],
          "manifest: trained, FP32+INT8, provenance with image count, epochs, list hashes, 14 validation AUROCs")
    best = os.path.join(run_dir, "best.pt")
    ck = checkpoint.load_own(best)
    check(t["best_epoch"] == ck["epoch"] and t["validation"]["mean_auroc"] == ck["validation"]["mean_auroc"],
          f"package is best.pt (epoch {ck['epoch']}, validation mean AUROC {ck['validation']['mean_auroc']})")
    image = os.path.join(data["images"], "00000075_000.png")
    out = run([cli, "predict", image, "--model", pkg, "--precision", "fp32"])
    res = json.loads(out.stdout.splitlines()[0]) if out.returncode == 0 else {}
    check(res.get("trained") is True and "untrained" not in out.stderr, "chexview-cli predict: trained: true, no warning")
    net = chexnet.densenet121()
    net.load_state_dict(ck["state_dict"])
    net.eval()
    values, bits = preprocess.load_gray(image)
    x = torch.from_numpy(preprocess.preprocess(values, bits, man["preprocessing"]))[None]
    with torch.no_grad():
        want = torch.sigmoid(net(x))[0].tolist()
    got = [res.get("findings", {}).get(n, -1) for n in chexnet.FINDINGS]
    err = max(abs(a - b) for a, b in zip(want, got))
    check(err < 1e-4, f"C++ FP32 scores of the package == best.pt in Python (max difference {err:.1e})")
    q = run([cli, "predict", image, "--model", pkg, "--precision", "int8"])
    check(q.returncode == 0 and '"trained":true' in q.stdout, "INT8 model of the package runs")


def case_bad_input(data, work, cli):
    entry = labelsets.read_data_entry(data["entry"])
    have = set(os.listdir(data["images"]))
    pool = [r for r in entry.splits["train_val"] if r[0] in have]
    by_patient = {}
    for r in pool:
        by_patient.setdefault(r[1], []).append(r[0])
    singles = [v[0] for v in by_patient.values()]
    train_names, val_names = singles[:16], singles[16:24]
    imgs = os.path.join(work, "images")
    os.makedirs(imgs, exist_ok=True)
    for n in train_names + val_names:
        os.symlink(os.path.join(data["images"], n), os.path.join(imgs, n))
    broken = train_names[3]
    os.remove(os.path.join(imgs, broken))
    with open(os.path.join(data["images"], broken), "rb") as f:
        head = f.read(300)  # a real PNG cut short
    with open(os.path.join(imgs, broken), "wb") as f:
        f.write(head)
    tl, vl = os.path.join(work, "train.txt"), os.path.join(work, "val.txt")
    open(tl, "w").write("\n".join(train_names) + "\n")
    open(vl, "w").write("\n".join(val_names) + "\n")
    d = dict(data, images=imgs)
    common = ["--train-list", tl, "--val-list", vl, "--epochs", "1", "--batch-size", "4", "--image-size", "64",
              "--workers", "1", "--threads", "1"]
    r = train(os.path.join(work, "corrupt"), *common, nproc=2, data=d)
    m = metrics(os.path.join(work, "corrupt")) if r.returncode == 0 else [{}]
    check(r.returncode == 0 and m[0].get("skipped_images") == 1 and m[0].get("train_images") == 15,
          f"corrupt image skipped and counted on 2 ranks (skipped {m[0].get('skipped_images')}, trained on {m[0].get('train_images')})")
    check(f"skipping unreadable image {os.path.join(imgs, broken)}" in r.stderr, "the unreadable file is named")
    r = train(os.path.join(work, "corrupt"), *common, data=d)
    check(r.returncode == 2 and "already holds a run" in r.stderr, "an existing run folder is not overwritten")
    # A leak: two images of one patient, one in each list (leaks are found from the labels,
    # before any image is looked for).
    everyone = {}
    for r in entry.splits["train_val"]:
        everyone.setdefault(r[1], []).append(r[0])
    multi = next(v for p, v in sorted(everyone.items()) if len(v) > 1 and p not in by_patient)
    open(tl, "w").write("\n".join(train_names[:8] + [multi[0]]) + "\n")
    open(vl, "w").write("\n".join(val_names + [multi[1]]) + "\n")
    leak = os.path.join(work, "leak")
    r = train(leak, *common, data=d)
    patient = multi[0].split("_")[0]
    check(r.returncode == 2 and "train/val leak: 1 patient(s) have images in both sets (1 training and 1 validation"
          in r.stderr and patient in r.stderr and not os.path.exists(os.path.join(leak, "checkpoint.pt")),
          f"train/val leak refused with the numbers (patient {patient})")
    empty = os.path.join(work, "empty")
    os.makedirs(empty, exist_ok=True)
    r = train(os.path.join(work, "unmatched"), "--epochs", "1", data=dict(data, images=empty))
    check(r.returncode == 2 and "no training images" in r.stderr and "none of them found in" in r.stderr,
          "no image found for any label: clear error, exit 2")
    r = train(os.path.join(work, "dev"), "--device", "hpu", data=d)
    check(r.returncode == 2 and "habana_frameworks" in r.stderr, "--device hpu without Habana's bridge: clear error")


def main():
    case, shared, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    cli = sys.argv[4] if len(sys.argv) > 4 else None
    nih = os.path.join(shared, "nih")
    data = {"nih": nih, "images": os.path.join(nih, "images-256"),
            "entry": os.path.join(nih, "meta", "Data_Entry_2017_v2020.csv.gz")}
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    expect = os.environ.get("CHEXVIEW_TEST_EXPECT_TORCH")  # the torch 2 stage (tests/torch2)
    if expect:
        check(torch.__version__ == expect, f"running under torch {torch.__version__} (expected {expect})")
    globals()[f"case_{case}"](data, work, cli)
    print(f"{checks - failures} passed, {failures} failed")
    sys.exit(1 if failures or not checks else 0)


if __name__ == "__main__":
    main()
