#!/usr/bin/env bash
# Speed report: C++ engine (chexview-cli bench) and the same package in Python, in one run,
# with the C++/Python ratio; then open-to-first-paint and GUI open-to-scores.
# usage: packaging/bench.sh [MODEL_DIR] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-build/models/chexnet-demo}
threads=${2:-2}
image=resources/sample/00000129_000.png
# Both sides under the OpenMP policy chexview sets for itself (core/model OpenMpWaitPolicy).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE} GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-10000}
cpp=$(build/bin/chexview-cli bench --model "$model" --threads "$threads" --iters 20 --image "$image" 2>/dev/null)
py=$(/usr/bin/python3 core/pytorch/chexview_pytorch/bench_python.py "$model" --threads "$threads" --iters 20 2>/dev/null)
echo "$cpp"
echo "$py"
/usr/bin/python3 - "$cpp" "$py" <<'PY'
import json, sys
cpp = {j["precision"]: j for j in map(json.loads, sys.argv[1].splitlines())}
py = {j["precision"]: j for j in map(json.loads, sys.argv[2].splitlines())}
for p, ref in (("fp32-opt", "fp32-opt"), ("int8", "int8"), ("int8", "int8-plain-fx")):
    if ref not in py:
        continue
    c, q = cpp[p]["inference_ms_per_image"]["median"], py[ref]["inference_ms_per_image"]["median"]
    print(json.dumps({"precision": p, "python": ref, "cpp_ms": c, "python_ms": q,
                      "cpp_over_python": round(c / q, 3)}))
PY
# The worker engine's overhead over in-process at batch 1, same precision (fp32-opt), same run.
wrk=$(build/bin/chexview-cli bench --model "$model" --threads "$threads" --iters 20 --image "$image" \
      --engine worker --precision fp32-opt 2>/dev/null)
echo "$wrk"
/usr/bin/python3 - "$cpp" "$wrk" <<'PY'
import json, sys
c = [j for j in map(json.loads, sys.argv[1].splitlines()) if j["precision"] == "fp32-opt"][0]
w = json.loads(sys.argv[2].splitlines()[0])
a, b = c["inference_ms_per_image"]["median"], w["inference_ms_per_image"]["median"]
print(json.dumps({"precision": "fp32-opt", "batch": 1, "in_process_ms": a, "worker_ms": b,
                  "worker_overhead": round(b / a - 1, 3)}))
PY
QT_QPA_PLATFORM=offscreen taskset -c 0 build/bin/chexview-bench-open "$image" resources/sample/rsna_cr_jpeg_baseline.dcm 2>/dev/null
QT_QPA_PLATFORM=offscreen CHEXVIEW_MODEL="$model" HOME=$(mktemp -d) build/bin/chexview-bench-gui "$image" 2>/dev/null
