#!/usr/bin/env python3
"""Fine-tunes CheXNet (DenseNet121, 14 ChestX-ray14 findings) with torch.distributed and turns
the best epoch into a chexview model package.

One process per device, started by torchrun (gloo on CPU, nccl on CUDA, hccl on Gaudi), or one
plain process. On Debian bookworm use packaging/train.sh (torchrun's default flags crash there).
Recipe (CheXNet): BCE on logits over the 14 findings, Adam lr 1e-3, learning rate divided by 10
when the validation loss plateaus; random resized crop 224 + horizontal flip (off under
--deterministic). Each epoch rank 0 writes RUN_DIR/checkpoint.pt (atomically) and best.pt (best
validation mean AUROC), and appends to metrics.jsonl. SIGINT/SIGTERM: the step finishes, a
checkpoint is written, every rank exits 0; --resume continues from it.

  bash packaging/train.sh --nproc 2 --images DIR --labels LISTS_DIR|DATA_ENTRY --out RUN_DIR
  /usr/bin/python3 core/pytorch/chexview_pytorch/train.py --images DIR --labels ... --out RUN_DIR
Exit codes: 0 done (or stopped by a signal, checkpoint written), 2 bad input, 1 failure.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import auroc  # noqa: E402
import checkpoint  # noqa: E402
import chexnet  # noqa: E402
import labels as labelsets  # noqa: E402
from runtime import DeviceError, Runtime  # noqa: E402
from training_data import XrayTrainingSet  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def bundled_lists():
    """The bundled CheXNet split lists: $CHEXVIEW_RESOURCES, the installed layout
    (share/chexview/pytorch/chexview_pytorch -> share/chexview/dataset), then the source tree."""
    candidates = [os.path.join(os.environ["CHEXVIEW_RESOURCES"], "dataset", "lists")] if os.environ.get("CHEXVIEW_RESOURCES") else []
    candidates += [os.path.join(HERE, "..", "..", "dataset", "lists"),
                   os.path.join(HERE, "..", "..", "..", "resources", "dataset", "lists")]
    for c in candidates:
        if os.path.isdir(c):
            return os.path.normpath(c)
    return os.path.normpath(candidates[-1])


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--images", required=True, help="folder of NIH PNGs (or its images/ subfolder)")
    ap.add_argument("--labels", default=bundled_lists(),
                    help="folder of *_list.txt[.gz] split lists (default: the bundled CheXNet lists, train/val), "
                         "or NIH's Data_Entry_2017*.csv[.gz]")
    ap.add_argument("--split-lists", help="folder of NIH's train_val_list.txt/test_list.txt (Data_Entry; default: its folder)")
    ap.add_argument("--train-list", help="image names to train on (first field per line); labels from --labels")
    ap.add_argument("--val-list", help="image names to validate on")
    ap.add_argument("--val-fraction", type=float, default=0.1,
                    help="Data_Entry without lists: patient-wise hold-out of train_val for validation")
    ap.add_argument("--out", required=True, help="run folder: checkpoint.pt, best.pt, metrics.jsonl")
    ap.add_argument("--device", choices=["cpu", "cuda", "hpu"], default="cpu")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=16, help="per process")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--plateau-patience", type=int, default=1)
    ap.add_argument("--pretrained", help="torchvision DenseNet121 ImageNet state_dict (local file; nothing is downloaded)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", action="store_true", help="continue from RUN_DIR/checkpoint.pt")
    ap.add_argument("--max-images", type=int, help="use at most N training and N validation images")
    ap.add_argument("--deterministic", action="store_true", help="no augmentation, deterministic kernels")
    ap.add_argument("--freeze-bn", action="store_true", help="BatchNorm uses its running statistics (not updated)")
    ap.add_argument("--workers", type=int, default=2, help="DataLoader worker processes per rank")
    ap.add_argument("--threads", type=int, help="CPU threads per process (default: cores / local processes)")
    ap.add_argument("--image-size", type=int, default=224, help=argparse.SUPPRESS)  # tests of equivalence only
    ap.add_argument("--log-every", type=int, default=10, help="progress line every N steps")
    ap.add_argument("--package", help="build a model package from best.pt into this folder at the end")
    ap.add_argument("--calibration-count", type=int, default=100, help="INT8 calibration images for --package")
    ap.add_argument("--name", help="model name in the package manifest")
    args = ap.parse_args(argv)
    for k in ("epochs", "batch_size", "log_every", "calibration_count"):
        if getattr(args, k) < 1:
            ap.error(f"--{k.replace('_', '-')} must be at least 1")
    if args.max_images is not None and args.max_images < 1:
        ap.error("--max-images must be at least 1")
    if not 0.0 < args.val_fraction < 1.0:
        ap.error("--val-fraction must be between 0 and 1")
    return args


class StopRequest:
    """SIGINT/SIGTERM set a flag; the training loop finishes its step and checkpoints."""

    def __init__(self):
        self.requested = False
        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, self._handle)

    def _handle(self, signum, frame):
        if not self.requested:
            print(f"{signal.Signals(signum).name}: finishing the step, then checkpointing", file=sys.stderr, flush=True)
        self.requested = True


def _ignore_sigint(_worker_id):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is handled by the training process


def load_data(args, rt):
    """(train records, val records, paths, provenance of the label data) or LabelError."""
    source = labelsets.read_source(args.labels, args.split_lists)
    if source.issues and rt.main:
        for msg in source.issues[:20]:
            print(msg, file=sys.stderr)
        print(f"{len(source.issues)} malformed label line(s) left out", file=sys.stderr)
    train, val, notes = labelsets.select(source, args.train_list, args.val_list, args.val_fraction)
    labelsets.check_leak(train, val)
    paths = labelsets.index_images(args.images)
    n_train_labelled, n_val_labelled = len(train), len(val)
    train = [r for r in train if r[0] in paths]
    val = [r for r in val if r[0] in paths]
    for what, recs, n in (("training", train, n_train_labelled), ("validation", val, n_val_labelled)):
        if not recs:
            raise labelsets.LabelError(f"no {what} images: {n} labelled {what} image(s) in {args.labels}, "
                                       f"none of them found in {args.images}")
    if args.max_images:
        train, val = train[:args.max_images], val[:args.max_images]
    prov = {"labels": source.path, "label_kind": source.kind,
            "label_files": {os.path.basename(p): h for p, h in sorted(source.files.items())},
            "malformed_label_lines": len(source.issues), "unlabelled_names": notes["unlabelled"],
            "train_images": len(train), "train_patients": len({r[1] for r in train}),
            "val_images": len(val), "val_patients": len({r[1] for r in val})}
    return train, val, paths, prov


def build_model(args, rt):
    torch.manual_seed(args.seed)  # the same initial weights on every rank (DDP also broadcasts rank 0's)
    net = chexnet.densenet121()
    if args.pretrained:
        checkpoint.load_imagenet_features(net, args.pretrained)
    if rt.distributed and rt.kind in ("cuda", "hpu") and not args.freeze_bn:
        net = nn.SyncBatchNorm.convert_sync_batchnorm(net)  # batch statistics over every rank
    net = net.to(rt.device)
    if rt.kind == "cuda":
        net = net.to(memory_format=torch.channels_last)
    ddp = net
    if rt.distributed:
        ddp = nn.parallel.DistributedDataParallel(net, device_ids=[rt.local_rank] if rt.kind == "cuda" else None)
    return net, ddp


def set_train_mode(model, freeze_bn):
    model.train()
    if freeze_bn:
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.eval()


def loader(dataset, batches, args):
    return torch.utils.data.DataLoader(dataset, batch_sampler=batches, num_workers=args.workers,
                                       worker_init_fn=_ignore_sigint if args.workers else None)


def train_batches(dataset, rt, args, epoch, start_step):
    sampler = torch.utils.data.DistributedSampler(dataset, num_replicas=rt.world, rank=rt.rank,
                                                  shuffle=True, seed=args.seed)
    sampler.set_epoch(epoch)
    order = list(sampler)
    batches = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]
    return batches[start_step:], len(batches)


def validate(model, dataset, rt, args):
    """Loss and per-finding AUROC over the WHOLE validation set (every rank's share gathered)."""
    model.eval()
    mine = list(range(rt.rank, len(dataset), rt.world))
    rows = []
    with torch.no_grad():
        for x, y, idx, ok in loader(dataset, [mine[i:i + args.batch_size] for i in range(0, len(mine), args.batch_size)], args):
            x = x.to(rt.device)
            with rt.autocast():
                logits = model(x).float()
            rt.mark_step()
            loss = F.binary_cross_entropy_with_logits(logits, y.to(rt.device), reduction="none").mean(1)
            rows.append(torch.cat([idx[:, None].float(), ok[:, None].float(), y, torch.sigmoid(logits).cpu(),
                                   loss.cpu()[:, None]], 1))
    local = torch.cat(rows) if rows else torch.zeros(0, 31)
    every = rt.gather_rows(local).numpy()
    good = every[every[:, 1] > 0]
    result = {"images": int(len(good)), "skipped": int(len(every) - len(good))}
    result["loss"] = float(good[:, 30].mean()) if len(good) else float("nan")
    result["auroc"], result["mean_auroc"] = auroc.per_finding(good[:, 16:30], good[:, 2:16], chexnet.FINDINGS)
    return result


def fmt_time(s):
    s = int(max(0, s))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def train(args, rt):
    if args.deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)  # CUDA's pooling backward has none
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    try:
        train_recs, val_recs, paths, data_prov = load_data(args, rt)
    except labelsets.LabelError as e:
        if rt.main:
            print(f"error: {e}", file=sys.stderr)
        return 2
    ckpt_path, best_path = os.path.join(args.out, "checkpoint.pt"), os.path.join(args.out, "best.pt")
    if os.path.exists(ckpt_path) and not args.resume:
        if rt.main:
            print(f"error: {args.out} already holds a run (checkpoint.pt); add --resume or choose another --out",
                  file=sys.stderr)
        return 2
    net, model = build_model(args, rt)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.1,
                                                           patience=args.plateau_patience)
    train_set = XrayTrainingSet(train_recs, paths, args.image_size, augment=not args.deterministic, seed=args.seed)
    val_set = XrayTrainingSet(val_recs, paths, args.image_size, augment=False, seed=args.seed)
    start_epoch, start_step, partial, best = 0, 0, None, None
    if args.resume and os.path.exists(ckpt_path):
        ck = checkpoint.load_own(ckpt_path)
        if ck["step"] and (ck["world"] != rt.world or ck["batch_size"] != args.batch_size):
            if rt.main:
                print(f"error: the checkpoint stopped mid-epoch with {ck['world']} process(es) x batch "
                      f"{ck['batch_size']}; resume with the same", file=sys.stderr)
            return 2
        net.load_state_dict(ck["model"])
        optimizer.load_state_dict(ck["optimizer"])
        scheduler.load_state_dict(ck["scheduler"])
        checkpoint.set_rng_state(ck["rng"])
        start_epoch, start_step, partial, best = ck["epoch"], ck["step"], ck["partial"], ck["best"]
        if rt.main:
            print(f"resuming {args.out} at epoch {start_epoch + 1}, step {start_step}", flush=True)
    elif args.resume and rt.main:
        print(f"no checkpoint in {args.out}: starting a new run", flush=True)
    if rt.main:
        os.makedirs(args.out, exist_ok=True)
        print(f"training on {len(train_recs)} images ({data_prov['train_patients']} patients), validating on "
              f"{len(val_recs)} ({data_prov['val_patients']} patients); {rt.world} process(es) x batch "
              f"{args.batch_size} on {rt.kind}", flush=True)
        if rt.distributed and rt.kind == "cpu" and not args.freeze_bn:
            print("note: on CPU each process normalizes BatchNorm over its own batch (SyncBatchNorm "
                  "needs CUDA/HPU); --freeze-bn makes the processes equivalent to one", flush=True)
    stop = StopRequest()
    rt.barrier()

    def save(epoch, step, part):
        if rt.main:
            checkpoint.save_atomic({"model": {k: t.cpu() for k, t in net.state_dict().items()},
                                    "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                                    "epoch": epoch, "step": step, "partial": part, "best": best,
                                    "rng": checkpoint.rng_state(), "world": rt.world,
                                    "batch_size": args.batch_size, "args": vars(args), "data": data_prov},
                                   ckpt_path)
        rt.barrier()

    for epoch in range(start_epoch, args.epochs):
        train_set.set_epoch(epoch)
        batches, steps = train_batches(train_set, rt, args, epoch, start_step)
        part = partial or {"loss_sum": 0.0, "images": 0.0, "skipped": 0.0, "seconds": 0.0}
        partial = None
        set_train_mode(model, args.freeze_bn)
        t0, cpu0, seen_here = time.time(), time.process_time(), 0
        step = start_step
        for x, y, idx, ok in loader(train_set, batches, args):
            x, y, ok = x.to(rt.device), y.to(rt.device), ok.to(rt.device).float()
            if rt.kind == "cuda":
                x = x.contiguous(memory_format=torch.channels_last)
            with rt.autocast():
                logits = model(x)
            per_image = F.binary_cross_entropy_with_logits(logits.float(), y, reduction="none").mean(1)
            loss = (per_image * ok).sum() / len(ok)  # a skipped image contributes nothing
            loss.backward()
            rt.mark_step()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            rt.mark_step()
            step += 1
            seen_here += len(ok)
            loss_sum, n_ok, skipped, stopping = rt.all_reduce(
                [float((per_image.detach() * ok).sum()), float(ok.sum()), float(len(ok) - ok.sum()),
                 float(stop.requested)])
            part["loss_sum"] += loss_sum
            part["images"] += n_ok
            part["skipped"] += skipped
            elapsed = time.time() - t0
            rate = seen_here * rt.world / max(elapsed, 1e-9)
            if rt.main and (step % args.log_every == 0 or step == steps or stopping):
                left = (steps - step) * args.batch_size * rt.world / rate
                left += (args.epochs - epoch - 1) * steps * args.batch_size * rt.world / rate
                print(f"epoch {epoch + 1}/{args.epochs} step {step}/{steps} loss "
                      f"{part['loss_sum'] / max(part['images'], 1):.4f} {rate:.2f} images/s ETA {fmt_time(left)}",
                      flush=True)
            if stopping:
                part["seconds"] += elapsed
                save(epoch, step, part)
                if rt.main:
                    print(f"stopped: checkpoint at epoch {epoch + 1}, step {step}; continue with --resume", flush=True)
                return 0
        part["seconds"] += time.time() - t0
        cpu = rt.all_reduce([time.process_time() - cpu0])[0]  # this segment, every rank (workers excluded)
        start_step = 0
        v = validate(model, val_set, rt, args)
        scheduler.step(v["loss"])
        score = v["mean_auroc"] if v["mean_auroc"] is not None else -v["loss"]
        if rt.main:
            record = {"epoch": epoch + 1, "train_loss": part["loss_sum"] / max(part["images"], 1),
                      "val_loss": v["loss"], "val_auroc": v["auroc"], "val_mean_auroc": v["mean_auroc"],
                      "images_per_s": (part["images"] + part["skipped"]) / max(part["seconds"], 1e-9),
                      "lr": optimizer.param_groups[0]["lr"], "train_images": int(part["images"]),
                      "skipped_images": int(part["skipped"]), "val_images": v["images"],
                      "val_skipped_images": v["skipped"], "processes": rt.world,
                      "train_cpu_s": cpu}
            with open(os.path.join(args.out, "metrics.jsonl"), "a") as f:
                f.write(json.dumps(record) + "\n")
            mean = "n/a" if v["mean_auroc"] is None else f"{v['mean_auroc']:.4f}"
            print(f"epoch {epoch + 1}: train loss {record['train_loss']:.4f}, val loss {v['loss']:.4f}, "
                  f"val mean AUROC {mean}, {record['images_per_s']:.2f} images/s, "
                  f"{record['skipped_images']} skipped", flush=True)
            if best is None or score > best["score"]:
                best = {"score": score, "epoch": epoch + 1, "validation": v}
                checkpoint.save_atomic({"state_dict": {k: t.cpu() for k, t in net.state_dict().items()},
                                        "epoch": epoch + 1, "validation": v, "data": data_prov,
                                        "args": vars(args)}, best_path)
        save(epoch + 1, 0, None)
    if args.package and rt.main:
        return export_package(args, rt, best)
    return 0


def export_package(args, rt, best):
    """best.pt -> a model package through build_package.py (FP32 + calibrated INT8)."""
    if not os.path.exists(os.path.join(args.out, "best.pt")):
        print(f"error: no best.pt in {args.out}: no epoch has finished yet", file=sys.stderr)
        return 1
    ck = checkpoint.load_own(os.path.join(args.out, "best.pt"))
    v, data = ck["validation"], ck["data"]
    training = {**data, "epochs": args.epochs, "best_epoch": ck["epoch"], "seed": args.seed,
                "processes": rt.world, "batch_size": args.batch_size, "device": rt.kind,
                "input_size": args.image_size, "lr": args.lr, "deterministic": args.deterministic,
                "freeze_bn": args.freeze_bn, "pretrained": os.path.basename(args.pretrained) if args.pretrained else None,
                "validation": {"images": v["images"], "loss": v["loss"], "mean_auroc": v["mean_auroc"],
                               "auroc": v["auroc"]}}
    prov_file = os.path.join(args.out, "provenance.json")
    with open(prov_file, "w") as f:
        json.dump({"training": training}, f, indent=1)
    calib = os.path.join(args.images, "images") if os.path.isdir(os.path.join(args.images, "images")) else args.images
    cmd = [sys.executable, os.path.join(HERE, "build_package.py"), "--state-dict", os.path.join(args.out, "best.pt"),
           "--out", args.package, "--provenance", prov_file, "--calibration", calib,
           "--calibration-count", str(args.calibration_count),
           "--name", args.name or f"CheXNet (trained here, epoch {ck['epoch']})"]
    r = subprocess.run(cmd)
    if r.returncode != 0:
        print(f"error: building the package failed ({r.returncode})", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    args = parse_args(argv)
    local = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // local))
    try:
        rt = Runtime(args.device)
    except DeviceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        return train(args, rt)
    finally:
        rt.close()


if __name__ == "__main__":
    sys.exit(main())
