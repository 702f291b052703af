#!/usr/bin/env bash
# Training speed on this machine's CPU: one epoch of N real images at 224 px (global batch 16),
# with 1 process (batch 16) and with 2 processes (batch 8 each), via packaging/train.sh.
# Prints the images/s that train.py records in metrics.jsonl (data loading included, no
# DataLoader workers) and the CPU seconds per training image summed over the processes (a figure
# that depends less on how busy a shared machine is), with the load average.
#   bash packaging/bench_train.sh [IMAGES_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
images="${1:-tests/data/nih/images-256}"
n="${2:-64}"
labels=tests/data/nih/meta/Data_Entry_2017_v2020.csv.gz
[ -f "$labels" ] || labels=resources/dataset/lists
out="$(mktemp -d -t chexview-bench-train.XXXXXX)"
trap 'rm -rf "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for procs in 1 2; do
    batch=$((16 / procs))
    bash packaging/train.sh --nproc "$procs" --images "$images" \
        --labels "$labels" --out "$out/run$procs" --max-images "$n" --epochs 1 --batch-size "$batch" \
        --workers 0 --log-every 1000 >/dev/null 2>"$out/err$procs" || { cat "$out/err$procs" >&2; exit 1; }
    /usr/bin/python3 - "$out" "$procs" "$n" <<'PY'
import json, sys
out, procs, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
m = json.loads(open(f"{out}/run{procs}/metrics.jsonl").readline())
print(f"{procs} process(es) x batch {16 // int(procs)}: {m['images_per_s']:.2f} images/s "
      f"({m['train_images']} images, {m['skipped_images']} skipped), "
      f"{m['train_cpu_s'] / m['train_images']:.2f} CPU-s per image")
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
