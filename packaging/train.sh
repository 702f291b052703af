#!/usr/bin/env bash
# Trains CheXNet with torchrun (one process per device) - core/pytorch/chexview_pytorch/train.py's options.
#   bash packaging/train.sh [--nproc N] --images DIR --labels LISTS|DATA_ENTRY --out RUN_DIR [...]
# N defaults to 1. Why a wrapper: Debian bookworm's torchrun (torch 1.13 on Python 3.11) crashes
# before starting any worker with its default "--redirects 0 --tee 0" (AttributeError: 'NoneType'
# object has no attribute 'get' in elastic's to_map: Python 3.11's Flag enums no longer iterate
# the zero member Std.NONE - nor ALL = OUT|ERR - so "0" and "3" parse to None). "--redirects 1
# --tee 1" (stdout copied to a log file under /tmp/torchelastic_* and to the console, prefixed
# with the rank; stderr untouched) is a value that parses, so the workers start.
set -euo pipefail
nproc=1
if [ "${1:-}" = "--nproc" ]; then
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "usage: train.sh [--nproc N] TRAIN_ARGS... (N >= 1)" >&2; exit 2; }
    nproc="$2"
    shift 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
# exec: Ctrl+C / SIGTERM reach torchrun, which passes SIGTERM to every rank; each finishes its
# step, rank 0 writes checkpoint.pt, and they exit (torchrun itself then reports the signal).
# launch.py is torchrun (torch.distributed.run) that also works on a PyTorch built without libuv
# (Debian trixie's torch 2.6, whose own torchrun cannot start its rendezvous store).
py="$here/../core/pytorch/chexview_pytorch"
exec /usr/bin/python3 "$py/launch.py" --standalone --nnodes 1 --nproc_per_node "$nproc" --redirects 1 --tee 1 \
    "$py/train.py" "$@"
