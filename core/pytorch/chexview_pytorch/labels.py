"""ChestX-ray14 label sources for training, read by the same rules as `chexview-cli dataset stats`
(core/dataset/src/DatasetReader.cpp):

* a folder of split lists: every `*_list.txt[.gz]`, each line `name.png` + 14 labels 0/1; split
  name = file name before `_list`; patient = the NIH file-name prefix before '_';
* NIH's `Data_Entry_2017*.csv[.gz]` (findings pipe-separated, "No Finding" = none) split by the
  official `train_val_list.txt` / `test_list.txt` of a folder (default: the CSV's folder);
  patient = the Patient ID column, zero-padded to 8 digits; images in neither list: "unlisted".

Malformed lines (wrong label count, a value other than 0/1, an unknown finding, a duplicate
name) are recorded as `file:line: problem` and left out. Pure functions, no torch.
"""
import gzip
import hashlib
import os
import zlib

from chexnet import FINDINGS


class LabelError(Exception):
    """A label source that cannot be used (unreadable, empty, unmatched, leaking)."""


class LabelSource:
    """splits: {name: [(image, patient, labels[14] of 0/1)]}, issues: ["file:line: problem"],
    files: {path: sha256} of every file read."""

    def __init__(self, kind, path):
        self.kind, self.path = kind, path
        self.splits, self.issues, self.files = {}, [], {}

    def records(self):
        """Every record of every split by image name (first split wins)."""
        out = {}
        for recs in self.splits.values():
            for r in recs:
                out.setdefault(r[0], r)
        return out


def read_lines(path, source=None):
    try:
        with open(path, "rb") as f:
            raw = f.read()
        data = gzip.decompress(raw) if path.endswith(".gz") else raw
    except (OSError, EOFError, zlib.error) as e:
        raise LabelError(f"cannot read {path}: {e}") from None
    if source is not None:
        source.files[os.path.abspath(path)] = hashlib.sha256(raw).hexdigest()
    lines = data.decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline is optional
    return [l[:-1] if l.endswith("\r") else l for l in lines]


def patient_of(image):
    us = image.find("_")
    return image[:us] if us > 0 else image


def read_split_lists(folder):
    names = sorted(n for n in os.listdir(folder) if n.endswith("_list.txt") or n.endswith("_list.txt.gz"))
    if not names:
        raise LabelError(f"no *_list.txt files in {folder}")
    src = LabelSource("split lists", os.path.abspath(folder))
    for name in names:
        split = name[:-len("_list.txt.gz")] if name.endswith(".gz") else name[:-len("_list.txt")]
        recs, seen = [], set()
        for i, line in enumerate(read_lines(os.path.join(folder, name), src), 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 15:
                src.issues.append(f"{name}:{i}: expected an image name and 14 labels, found {len(fields) - 1} labels")
                continue
            bad = next((k for k in range(14) if fields[k + 1] not in ("0", "1")), None)
            if bad is not None:
                src.issues.append(f"{name}:{i}: label {bad + 1} ({FINDINGS[bad]}) is '{fields[bad + 1]}', not 0 or 1")
                continue
            if fields[0] in seen:
                src.issues.append(f"{name}:{i}: duplicate image {fields[0]}")
                continue
            seen.add(fields[0])
            recs.append((fields[0], patient_of(fields[0]), [int(v) for v in fields[1:]]))
        src.splits[split] = recs
    return src


def read_data_entry(csv_path, split_dir=None):
    split_dir = split_dir or os.path.dirname(os.path.abspath(csv_path))
    src = LabelSource("Data_Entry", os.path.abspath(csv_path))
    split_of = {}
    for list_name, split in (("train_val_list.txt", "train_val"), ("test_list.txt", "test")):
        path = os.path.join(split_dir, list_name)
        if not os.path.exists(path):
            path += ".gz"
        for l in read_lines(path, src):
            if l.strip():
                split_of[l.strip()] = split
    lines = read_lines(csv_path, src)
    if not lines or not lines[0].startswith("Image Index"):
        raise LabelError(f"{csv_path}: not a Data_Entry file (header 'Image Index,...' missing)")
    file, seen = os.path.basename(csv_path), set()
    for i, line in enumerate(lines[1:], 2):
        line = line.strip()
        if not line:
            continue
        f = line.split(",")
        if len(f) < 7:
            src.issues.append(f"{file}:{i}: expected at least 7 comma-separated fields, found {len(f)}")
            continue
        labels, unknown = [0] * 14, None
        for name in (n.strip() for n in f[1].split("|")):
            if name == "No Finding":
                continue
            if name not in FINDINGS:
                unknown = name
                break
            labels[FINDINGS.index(name)] = 1
        if unknown is not None:
            src.issues.append(f"{file}:{i}: unknown finding '{unknown}'")
            continue
        if f[0] in seen:
            src.issues.append(f"{file}:{i}: duplicate image {f[0]}")
            continue
        seen.add(f[0])
        src.splits.setdefault(split_of.get(f[0], "unlisted"), []).append((f[0], f[3].rjust(8, "0"), labels))
    return src


def read_source(path, split_dir=None):
    """A folder of split lists or a Data_Entry CSV."""
    if os.path.isdir(path):
        return read_split_lists(path)
    if not os.path.isfile(path):
        raise LabelError(f"--labels {path}: no such file or folder")
    return read_data_entry(path, split_dir)


def read_name_list(path, source):
    """Image names, the first field of each non-empty line (a split list's labels are ignored:
    labels always come from --labels)."""
    return [l.split()[0] for l in read_lines(path, source) if l.split()]


def _holdout(patient, fraction):
    """Stable patient-wise assignment to the validation hold-out."""
    h = int(hashlib.sha256(patient.encode()).hexdigest()[:8], 16)
    return h < fraction * 0x100000000


def select(source, train_list=None, val_list=None, val_fraction=0.1):
    """(train, val, notes): the training and validation records.

    Split lists: `train` and `val`. Data_Entry: the official train_val list, with a patient-wise
    hold-out of `val_fraction` of its patients for validation (the test list is never used).
    --train-list/--val-list: those names, labelled from the source; unlabelled names are counted
    in notes["unlabelled"]."""
    notes = {"unlabelled": 0}
    if (train_list is None) != (val_list is None):
        raise LabelError("give both --train-list and --val-list, or neither")
    if train_list is not None:
        recs = source.records()
        out = []
        for path in (train_list, val_list):
            names = read_name_list(path, source)
            out.append([recs[n] for n in names if n in recs])
            notes["unlabelled"] += sum(1 for n in names if n not in recs)
        return out[0], out[1], notes
    if source.kind == "split lists":
        missing = [s for s in ("train", "val") if s not in source.splits]
        if missing:
            raise LabelError(f"{source.path} has no {' or '.join(s + '_list.txt' for s in missing)} "
                             f"(found: {', '.join(sorted(source.splits)) or 'none'}); "
                             "give --train-list and --val-list")
        return source.splits["train"], source.splits["val"], notes
    pool = source.splits.get("train_val", [])
    train = [r for r in pool if not _holdout(r[1], val_fraction)]
    val = [r for r in pool if _holdout(r[1], val_fraction)]
    return train, val, notes


def check_leak(train, val):
    """Raises LabelError when a patient has images in both sets, with the numbers."""
    tp = {r[1] for r in train}
    shared = sorted(tp & {r[1] for r in val})
    if shared:
        s = set(shared)
        n_train = sum(1 for r in train if r[1] in s)
        n_val = sum(1 for r in val if r[1] in s)
        raise LabelError(f"train/val leak: {len(shared)} patient(s) have images in both sets "
                         f"({n_train} training and {n_val} validation images), e.g. "
                         f"{', '.join(shared[:5])}; refusing to train on a split that is not patient-wise")


def index_images(folder):
    """{name: path} of the files in `folder` and, if present, `folder/images` (the layout that
    `chexview-cli dataset download` extracts to)."""
    found = {}
    for d in (os.path.join(folder, "images"), folder):
        if os.path.isdir(d):
            with os.scandir(d) as it:
                for e in it:
                    if e.is_file():
                        found[e.name] = e.path
    if not os.path.isdir(folder):
        raise LabelError(f"--images {folder}: no such folder")
    return found
