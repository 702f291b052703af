#!/usr/bin/env python3
"""Trains the input gate's out-of-distribution network (core/gate, issue 24): a small CNN on the
64x64 gate thumbnail that tells a frontal chest film (0) from anything else (1). It does not use
the CheXNet weights. Seeded and deterministic on the CPU; writes the weights in the layout
core/gate/src/OodScorer.cpp reads ("CXOOD1\\0\\0" + float32 little-endian, PyTorch parameter
order), the data list with each item's split, and the ROC of the held-out items.

usage: train_ood.py --shared ../shared/data [--out core/gate/weights/ood_cnn.bin]
                    [--list core/gate/training/data_list.json]
                    [--report core/gate/training/ood_report.json] [--seed 24] [--epochs 80]
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from material import items  # noqa: E402
from thumbnail import thumbnail  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = b"CXOOD1\0\0"


class OodNet(nn.Module):
    """conv 3x3 stride 2 (8, 16, 16 channels) + ReLU, 1024 -> 16 -> 1."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(16, 16, 3, 2, 1), nn.ReLU())
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(1024, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        return self.head(self.features(x)).squeeze(1)


def auroc(scores, labels):
    """Mann-Whitney AUROC with mid-ranks (label 1 = out of distribution, the positive class)."""
    scores, labels = np.asarray(scores), np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def augment(batch, rng):
    """Random gamma and a shift of up to 3 cells: the same film framed a little differently."""
    out = np.empty_like(batch)
    for k, t in enumerate(batch):
        g = np.exp(rng.uniform(np.log(0.7), np.log(1.4)))
        dy, dx = rng.integers(-3, 4, 2)
        out[k] = np.roll(np.clip(t, 0, 1) ** g, (dy, dx), axis=(0, 1))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", required=True, help="the project's ../shared/data")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "weights", "ood_cnn.bin"))
    ap.add_argument("--list", default=os.path.join(HERE, "data_list.json"))
    ap.add_argument("--report", default=os.path.join(HERE, "ood_report.json"))
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--epochs", type=int, default=80)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)

    thumbs, kept = [], []
    for it in items(args.shared):
        try:
            a = it["load"]()
        except Exception as e:  # a pydicom file without pixels or a codec: listed as skipped
            it["skipped"] = f"{type(e).__name__}: {e}"[:120]
            kept.append(it)
            continue
        if a.ndim != 2 or min(a.shape) < 1:
            it["skipped"] = "not one 2-D image"
            kept.append(it)
            continue
        thumbs.append(thumbnail(a))
        it["index"] = len(thumbs) - 1
        kept.append(it)
    x_all = np.stack(thumbs).astype(np.float32)
    used = [it for it in kept if "index" in it]
    train = [it for it in used if it["split"] == "train"]
    test = [it for it in used if it["split"] == "test"]
    # Horizontally mirrored frontal films are frontal films too (CheXNet trains with them).
    xs = [x_all[it["index"]] for it in train] + \
         [x_all[it["index"]][:, ::-1] for it in train if it["label"] == 0]
    ys = [it["label"] for it in train] + [0 for it in train if it["label"] == 0]
    x_train = np.stack(xs).astype(np.float32)
    y_train = np.array(ys, dtype=np.float32)

    net = OodNet()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
    pos_weight = torch.tensor((y_train == 0).sum() / max(1, (y_train == 1).sum()))
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    for epoch in range(args.epochs):
        perm = rng.permutation(len(x_train))
        total = 0.0
        for b in range(0, len(perm), 64):
            idx = perm[b:b + 64]
            xb = torch.from_numpy(augment(x_train[idx], rng)).unsqueeze(1)
            yb = torch.from_numpy(y_train[idx])
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        if epoch % 10 == 0 or epoch == args.epochs - 1:
            print(f"epoch {epoch}: loss {total / len(perm):.4f}", flush=True)

    net.eval()
    with torch.no_grad():
        scores = torch.sigmoid(net(torch.from_numpy(x_all).unsqueeze(1))).numpy()
    for it in used:
        it["ood_score"] = round(float(scores[it["index"]]), 4)
    params = np.concatenate([p.detach().numpy().ravel() for p in net.parameters()])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(MAGIC + params.astype("<f4").tobytes())

    report = {"seed": args.seed, "epochs": args.epochs, "parameters": int(params.size),
              "train_items": len(train), "test_items": len(test)}
    for name, subset in (("train", train), ("test", test)):
        s = [it["ood_score"] for it in subset]
        report[f"auroc_{name}"] = round(auroc(s, [it["label"] for it in subset]), 4)
    by_cat = {}
    for it in test:
        c = by_cat.setdefault(it["category"], {"n": 0, "over_0.5": 0, "over_0.95": 0})
        c["n"] += 1
        c["over_0.5"] += it["ood_score"] > 0.5
        c["over_0.95"] += it["ood_score"] > 0.95
    report["test_by_category"] = by_cat
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
    with open(args.list, "w") as f:
        json.dump([{k: it[k] for k in ("name", "category", "label", "split", "ood_score",
                                        "skipped") if k in it} for it in kept],
                  f, indent=0)
    print(json.dumps(report, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
