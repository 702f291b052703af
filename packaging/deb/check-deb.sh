#!/usr/bin/env bash
# Checks a chexview .deb: the files it installs, the Debian packages it depends on, lintian (no
# E: or W: tags), the desktop entry and AppStream metadata validators, and that the unpacked
# package runs with the source and build trees hidden from it: predict on the bundled sample
# study with LibTorch and with the Python worker (cpu), a PDF report, the viewer, a one-epoch
# training through `chexview-cli train` (torchrun) that exports a package, and the three
# checkpoint converters (arnoweng, torchxrayvision, state_dict) through `chexview-cli convert`.
# Usage: check-deb.sh build/chexview_<version>_amd64.deb
# The converters' inputs (arnoweng.pth.tar, xrv.pt in the published layouts) are made here by
# tests/model/make_model_fixtures.py --checkpoints-only, before the checkout is hidden.
set -euo pipefail
deb=$(readlink -f "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)

fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
list=$(dpkg-deb -c "$deb" | awk '{print $NF}')
n=$(grep -c . <<<"$list")
for f in ./usr/share/chexview/pytorch/chexview_pytorch/worker.py \
    ./usr/share/chexview/pytorch/chexview_pytorch/train.py \
    ./usr/share/chexview/pytorch/chexview_pytorch/build_package.py \
    ./usr/share/chexview/pytorch/chexview_pytorch/chexnet.py \
    ./usr/share/chexview/calibration/00000075_000.png \
    ./usr/share/man/man1/chexview.1.gz ./usr/share/man/man1/chexview-cli.1.gz \
    ./usr/share/doc/chexview/copyright ./usr/share/doc/chexview/changelog.gz \
    ./usr/bin/chexview ./usr/bin/chexview-cli ./usr/lib/x86_64-linux-gnu/chexview/libchexview_torch.so \
    ./usr/share/chexview/models/chexnet-demo/manifest.json \
    ./usr/share/chexview/models/chexnet-demo/model_fp32.pt \
    ./usr/share/chexview/models/chexnet-demo/model_int8.pt \
    ./usr/share/chexview/sample/CR-MONO1-10-chest.dcm \
    ./usr/share/chexview/sample/rsna_cr_jpeg_baseline.dcm \
    ./usr/share/chexview/sample/PROVENANCE.md \
    ./usr/share/chexview/dataset/lists/test_list.txt.gz \
    ./usr/share/applications/io.github.chexview.Chexview.desktop \
    ./usr/share/metainfo/io.github.chexview.Chexview.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.chexview.Chexview.svg; do
    grep -qx -- "$f" <<<"$list" || fail "missing $f"
done
if grep -E '/(tests|fixtures|test-home)/|\.stamp$|chexview-bench' <<<"$list"; then
    fail "test or build files in the package"
fi
echo "check-deb: $n entries, the 23 expected files present, no test/build files"
# lintian: no error and no warning (information and pedantic tags are listed, not fatal).
tags=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v "running with root privileges" || true)
[ -z "$tags" ] || printf '%s\n' "$tags"
if grep -E '^(E|W): ' <<<"$tags" >/dev/null; then
    fail "lintian reports errors or warnings"
fi
echo "check-deb: lintian: $(grep -c '^[EW]: ' <<<"$tags") E:/W: tags"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6widgets6 libqt6charts6 libdcmtk17 libopencv-imgproc libopenjp2-7 libtorch \
    qt6-qpa-plugins fonts-dejavu-core; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
echo "check-deb: Depends: $depends"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "architecture"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
# What the hidden run needs from the checkout, copied before it is hidden: the converters'
# input checkpoints and a few dozen real NIH images with their labels for the training run.
mkdir -p "$root/data/meta"
/usr/bin/python3 "$src/tests/model/make_model_fixtures.py" --checkpoints-only "$src/tests/data" "$root/data" >/dev/null
cp -r "$src/tests/data/nih/images-256" "$root/data/images"
cp "$src/tests/data/nih/meta/"{Data_Entry_2017_v2020.csv.gz,train_val_list.txt,test_list.txt} "$root/data/meta/"
desktop-file-validate "$root/usr/share/applications/io.github.chexview.Chexview.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.chexview.Chexview.metainfo.xml" >/dev/null
echo "check-deb: desktop-file-validate and appstreamcli validate pass"
# The unpacked package, with the checkout (source, build tree, model fixtures) hidden behind an
# empty tmpfs: everything must come from the package itself.
cat > "$root/run.sh" <<'INNER'
set -eu
root=$1
out=$(env -u CHEXVIEW_MODEL -u CHEXVIEW_RESOURCES -u CHEXVIEW_PLUGIN_DIR \
    "$root/usr/bin/chexview-cli" predict "$root/usr/share/chexview/sample" 2>"$root/err.txt")
lines=$(grep -c '"precision":"int8"' <<<"$out")
[ "$lines" -eq 4 ] || { echo "predict gave $lines results: $out $(cat "$root/err.txt")"; exit 1; }
env -u CHEXVIEW_MODEL "$root/usr/bin/chexview-cli" report --anonymize \
    "$root/usr/share/chexview/sample/CR-MONO1-10-chest.dcm" -o "$root/report.pdf" 2>/dev/null >/dev/null
pdftotext "$root/report.pdf" - | grep -q "NOT FOR CLINICAL USE"
rc=0
QT_QPA_PLATFORM=offscreen HOME="$root" timeout 8 "$root/usr/bin/chexview" \
    "$root/usr/share/chexview/sample" >"$root/gui.txt" 2>&1 || rc=$?
[ "$rc" -eq 124 ] || { echo "viewer exited $rc: $(cat "$root/gui.txt")"; exit 1; }
echo "installed run: predict on 4 sample images, PDF report, viewer up for 8 s"
cli() { env -u CHEXVIEW_MODEL -u CHEXVIEW_RESOURCES -u CHEXVIEW_PLUGIN_DIR -u CHEXVIEW_WORKER_DIR \
    -u CHEXVIEW_PYTHON -u PYTHONPATH HOME="$root" "$root/usr/bin/chexview-cli" "$@"; }
# The worker engine: the installed chexview_pytorch/worker.py in Debian's Python, on the CPU.
out=$(cli predict --engine worker --device cpu --precision fp32 "$root/usr/share/chexview/sample" 2>"$root/err.txt")
lines=$(grep -c '"precision":"fp32"' <<<"$out" || true)
[ "$lines" -eq 4 ] || { echo "worker predict gave $lines results: $out $(cat "$root/err.txt")"; exit 1; }
echo "installed run: worker engine (cpu, fp32) on 4 sample images"
# Training: one epoch on 16 real images (64 px) under torchrun, exported as a package.
cli train --nproc 1 --images "$root/data/images" --labels "$root/data/meta/Data_Entry_2017_v2020.csv.gz" \
    --out "$root/run" --epochs 1 --max-images 16 --batch-size 8 --image-size 64 --workers 0 \
    --threads 2 --package "$root/trained" --calibration-count 8 >"$root/train.txt" 2>&1 ||
    { echo "training failed: $(tail -n 30 "$root/train.txt")"; exit 1; }
[ "$(wc -l <"$root/run/metrics.jsonl")" -eq 1 ] || { echo "training: no epoch record"; exit 1; }
grep -q '"trained": true' "$root/trained/manifest.json" || { echo "training: no trained package"; exit 1; }
cli predict --model "$root/trained" --precision int8 "$root/usr/share/chexview/sample/00000129_000.png" |
    grep -q '"precision":"int8"' || { echo "the trained package does not predict"; exit 1; }
echo "installed run: chexview-cli train (torchrun, 1 epoch, 16 images) -> a package that predicts"
# The converters: arnoweng/CheXNet and torchxrayvision checkpoints, and a plain state_dict.
/usr/bin/python3 - "$root/usr/share/chexview/pytorch/chexview_pytorch" "$root/data/sd.pt" <<'PY'
import sys, torch
sys.path.insert(0, sys.argv[1])
import chexnet
net, _ = chexnet.random_weights(3)
torch.save(net.state_dict(), sys.argv[2])
PY
for kind in arnoweng:arnoweng.pth.tar torchxrayvision:xrv.pt state-dict:sd.pt; do
    flag=${kind%%:*} file=${kind#*:}
    cli convert "--$flag" "$root/data/$file" --out "$root/conv-$flag" --no-int8 >"$root/conv.txt" 2>&1 ||
        { echo "convert --$flag failed: $(tail -n 20 "$root/conv.txt")"; exit 1; }
    cli predict --model "$root/conv-$flag" --precision fp32 "$root/usr/share/chexview/sample/00000129_000.png" |
        grep -q '"precision":"fp32"' || { echo "the --$flag package does not predict"; exit 1; }
done
cli convert --arnoweng "$root/data/arnoweng.pth.tar" --out "$root/conv-int8" >"$root/conv.txt" 2>&1 ||
    { echo "convert with INT8 (bundled calibration) failed: $(tail -n 20 "$root/conv.txt")"; exit 1; }
grep -q '"images": 100' "$root/conv-int8/manifest.json" || { echo "INT8 not calibrated on the 100 bundled images"; exit 1; }
echo "installed run: chexview-cli convert --arnoweng / --torchxrayvision / --state-dict (fp32), --arnoweng INT8 on the bundled calibration images; each package predicts"
INNER
if unshare -m true 2>/dev/null; then
    unshare -m bash -c "mount -t tmpfs none '$src' && bash '$root/run.sh' '$root'" ||
        fail "the unpacked package does not run on its own"
    echo "check-deb: ran with $src hidden"
else
    bash "$root/run.sh" "$root" || fail "the unpacked package does not run"
    echo "check-deb: ran (could not hide $src: no mount namespace here)"
fi
