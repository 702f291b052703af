#!/usr/bin/env bash
# chexview's GPU checks in one command (packaging/gpu/gpu_checks.py): the worker's bf16/fp16
# throughput at batches 1/64/256 with and without torch.compile, the equivalence checks against
# the CPU, DDP 2 x 4 == 1 x 8, and a 2-process torchrun/nccl training of ~200 steps on the
# bundled NIH images; one JSON summary line last. Needs only a clone of this repository and a
# Python with PyTorch 2.x + torchvision + NumPy + Pillow (no Qt, DCMTK or C++ build):
#   bash packaging/gpu/run_gpu_checks.sh [--python /opt/venv/bin/python] [--out DIR] [--tiny]
# Finishes within 8 minutes: stages that no longer fit the budget are skipped and listed. Without
# a CUDA device it runs the same paths on the CPU (the tests run it so, with --tiny).
set -euo pipefail
python=${CHEXVIEW_PYTHON:-python3}
if [ "${1:-}" = "--python" ]; then
    python=$2
    shift 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
# 8 minutes in all: the driver's own budget is 460 s; this is the backstop.
exec timeout --kill-after 10 480 "$python" "$here/gpu_checks.py" --budget-s 460 "$@"
