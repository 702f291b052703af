#!/usr/bin/env python3
"""The converters (build_package.py) under a second PyTorch, on checkpoints written by the first:
the model fixtures' arnoweng-form checkpoint, torchxrayvision-form pickled model (torch 1.13
wrote both) and a plain state_dict are converted by $CHEXVIEW_TORCH2_PYTHON (torch 2.6); the
TorchScript those packages hold must give the original networks' probabilities (conversions.json,
computed under 1.13) both in that torch (within 1e-5) and in chexview's LibTorch 1.13 through
`chexview-cli predict` (within 1e-4), and their float weights must equal those of the same
conversion under torch 1.13 (the model fixtures' packages) exactly.
usage: test_torch2_converters.py MODEL_FIXTURES WORK_DIR CHEXVIEW_CLI
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "..", "core", "pytorch", "chexview_pytorch")
checks = failures = 0

# Run by the torch 2 interpreter: the package's TorchScript on the conversion image, and the
# float weights' largest difference from those of the same source's torch 1.13 package.
PROBE = r"""
import json, sys, torch
sys.path.insert(0, sys.argv[1])
import chexnet, preprocess
pkg, image, ref = sys.argv[2], sys.argv[3], sys.argv[4]
m = json.load(open(pkg + "/manifest.json"))
model = torch.jit.load(pkg + "/" + m["files"]["fp32"]["path"]).eval()
v, b = preprocess.load_gray(image)
x = torch.from_numpy(preprocess.preprocess(v, b, m["preprocessing"]))[None]
with torch.no_grad():
    p = model(x)[0][0].tolist()
w = chexnet.load_float_weights(pkg + "/" + m["files"]["weights"]["path"])
diff = None
if ref:
    r = chexnet.load_float_weights(ref)
    diff = max(float((w[k] - r[k]).abs().max()) for k in r if r[k].is_floating_point())
print(json.dumps({"torch": torch.__version__, "probabilities": p, "weights_vs_source": diff}))
"""

# Writes the state_dict source: the arnoweng network's weights in current torchvision naming.
STATE_DICT = r"""
import sys, torch
sys.path.insert(0, sys.argv[1])
import chexnet
net, _ = chexnet.from_arnoweng(sys.argv[2])
torch.save(net.state_dict(), sys.argv[3])
"""


def check(cond, what):
    global checks, failures
    checks += 1
    failures += 0 if cond else 1
    print(("ok   " if cond else "FAIL ") + what, flush=True)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-2000:], r.stderr[-3000:], sep="\n")
    return r


def main():
    fx, work, cli = (os.path.abspath(a) for a in sys.argv[1:4])
    python = os.environ["CHEXVIEW_TORCH2_PYTHON"]
    expect = os.environ.get("CHEXVIEW_TEST_EXPECT_TORCH")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    conv = json.load(open(os.path.join(fx, "conversions.json")))
    # This checkout's copy (the fixtures may have been made in another one, which the chroot
    # does not see).
    image = os.path.join(HERE, "..", "data", "nih", "images-1024", os.path.basename(conv["image"]))
    sd = os.path.join(work, "state_dict.pt")
    r = run([python, "-c", STATE_DICT, PKG, os.path.join(fx, "arnoweng.pth.tar"), sd])
    check(r.returncode == 0, "the arnoweng network saved as a plain state_dict by torch 2")
    # The xrv stand-in's probabilities saturate (0 or 1) on the [-1024, 1024] input: its weights
    # compared with the 1.13 conversion's are the sharper check there.
    w13 = {n: os.path.join(fx, n, "weights_fp32.pt") for n in ("arnoweng", "xrv")}
    sources = [("arnoweng", ["--arnoweng", os.path.join(fx, "arnoweng.pth.tar")], conv["arnoweng"], w13["arnoweng"]),
               ("torchxrayvision", ["--torchxrayvision", os.path.join(fx, "xrv.pt")], conv["xrv"], w13["xrv"]),
               ("state_dict", ["--state-dict", sd], conv["arnoweng"], w13["arnoweng"])]
    for name, args, want, ref in sources:
        out = os.path.join(work, name)
        r = run([python, os.path.join(PKG, "build_package.py"), "--out", out, "--no-int8", *args])
        check(r.returncode == 0, f"{name}: build_package.py under torch 2 converts the torch 1.13 file")
        if r.returncode != 0:
            continue
        r = run([python, "-c", PROBE, PKG, out, image, ref])
        got = json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else {}
        check(not expect or got.get("torch") == expect, f"{name}: converted by torch {got.get('torch')}")
        err = max(abs(a - b) for a, b in zip(got.get("probabilities", [9] * 14), want))
        check(err < 1e-5, f"{name}: its TorchScript in torch 2 == the original network (max error {err:.1e})")
        if ref:
            d = got.get("weights_vs_source")
            check(d == 0.0, f"{name}: float weights == those torch 1.13 converted, exactly (max difference {d})")
        r = run([cli, "predict", image, "--model", out, "--precision", "fp32"])
        res = json.loads(r.stdout.splitlines()[0]) if r.returncode == 0 and r.stdout else {}
        findings = res.get("findings", {})
        names = json.load(open(os.path.join(out, "manifest.json")))["labels"]
        err = max(abs(findings.get(n, -9) - w) for n, w in zip(names, want))
        check(err < 1e-4, f"{name}: the torch 2 package in chexview's LibTorch (chexview-cli predict) "
                          f"== the original network (max error {err:.1e})")
    print(f"{checks - failures} passed, {failures} failed")
    sys.exit(1 if failures or not checks else 0)


if __name__ == "__main__":
    main()
