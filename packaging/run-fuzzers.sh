#!/usr/bin/env bash
# Runs every libFuzzer harness of the sanitizer build (build-asan/, made by
# packaging/run-sanitizers.sh or this script) for SECONDS each, seeded at run time from real
# files: tests/data, pydicom's test files and the model package's manifest (nothing is
# committed but the crashes kept in tests/fuzz/regressions/). Prints runs, executions/s and
# coverage per harness; exits 1 if any harness found a crash, leak-free timeout or OOM, whose
# input is left in build-asan/fuzz/HARNESS/artifacts/ -- copy it into
# tests/fuzz/regressions/HARNESS/ once fixed, and tst_hostile keeps it fixed.
# Harnesses run side by side, one per core.
# Usage: bash packaging/run-fuzzers.sh [SECONDS=60] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(fuzz_image_loader fuzz_dataset_reader fuzz_model_manifest fuzz_worker_protocol)
shared=tests/data
pydicom=/usr/lib/python3/dist-packages/pydicom/data/test_files

if [ ! -x build-asan/bin/fuzz_image_loader ]; then
    cmake -S . -B build-asan -G Ninja -Wno-dev -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCHEXVIEW_SANITIZE=ON >/dev/null
fi
cmake --build build-asan -j"$(nproc)" --target "${harnesses[@]}"

seed() { # HARNESS CORPUS_DIR
    local dir=$2 f
    case $1 in
    fuzz_image_loader)
        for f in "$shared"/dicom/*.dcm "$pydicom"/*.dcm "$shared"/other/* \
                 "$shared"/nih/images-256/000000[0-9]*_000.png \
                 tests/fuzz/regressions/fuzz_image_loader/*; do
            [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$dir/" || true
        done
        # TIFF, JPEG 2000 and 16-bit PNG made from a real film (the material has none).
        /usr/bin/python3 tests/fuzz/raster_seeds.py "$shared" "$dir" ;;
    fuzz_dataset_reader)
        for f in "$shared"/nih/lists/*_list.txt "$shared"/nih/meta/train_val_list.txt; do
            head -n 40 "$f" > "$dir/$(basename "$f")"
        done
        { zcat "$shared"/nih/meta/Data_Entry_2017_v2020.csv.gz || true; } | head -n 40 > "$dir/data_entry.csv"
        head -n 40 "$shared"/nih/lists/val_list.txt | gzip -c > "$dir/val_list.txt.gz"
        cp tests/fuzz/regressions/fuzz_dataset_reader/* "$dir/" 2>/dev/null || true ;;
    fuzz_model_manifest)
        for f in build/models/chexnet-demo/manifest.json build-asan/fixtures-model/package/manifest.json \
                 tests/fuzz/regressions/fuzz_model_manifest/*; do
            [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)" || true
        done ;;
    fuzz_worker_protocol)
        # Frames as a worker sends them (PROTOCOL.md), from the protocol's own encoder in Python.
        /usr/bin/python3 tests/fuzz/worker_protocol_seeds.py "$dir"
        cp tests/fuzz/regressions/fuzz_worker_protocol/* "$dir/" 2>/dev/null || true ;;
    esac
}

export ASAN_OPTIONS="detect_leaks=0:detect_odr_violation=0:exitcode=86"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"
export QT_QPA_PLATFORM=offscreen
summary=build-asan/fuzz/summary.txt
mkdir -p build-asan/fuzz
printf '%-22s %8s %10s %8s %8s %s\n' harness seconds runs exec/s cov result > "$summary"
run_harness() { # HARNESS: fuzzes it, writes its summary line to build-asan/fuzz/HARNESS/line
    local h=$1 work=build-asan/fuzz/$1 rc=0 runs eps cov result
    rm -rf "$work/seeds" "$work/artifacts" "$work/line" && mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
    seed "$h" "$work/seeds"
    # -malloc_limit_mb: no single allocation may reach 1 GiB from an input of at most 256 KiB.
    timeout $((seconds + 120)) build-asan/bin/"$h" "$work/corpus" "$work/seeds" \
        -max_total_time="$seconds" -max_len=262144 -timeout=25 -rss_limit_mb=2560 \
        -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
        > "$work/log.txt" 2>&1 || rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$' || echo "?")
    eps=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$work/log.txt" | tail -n 1 | grep -o '[0-9]*' || echo "?")
    result=ok
    if [ "$rc" != 0 ] || compgen -G "$work/artifacts/*" >/dev/null; then
        result="FOUND (exit $rc): $(ls "$work/artifacts" | tr '\n' ' ')"
        grep -m 1 -A 30 'ERROR\|runtime error\|ALARM\|out-of-memory' "$work/log.txt" >&2 || tail -n 30 "$work/log.txt" >&2
    fi
    printf '%-22s %8s %10s %8s %8s %s\n' "$h" "$seconds" "$runs" "$eps" "$cov" "$result" > "$work/line"
}
# One harness per core at a time (each libFuzzer process is single-threaded).
jobs_max=$(nproc)
for h in "${harnesses[@]}"; do
    while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
    run_harness "$h" &
done
wait
fail=0
for h in "${harnesses[@]}"; do
    line=build-asan/fuzz/$h/line
    if [ -f "$line" ]; then cat "$line" | tee -a "$summary"; else echo "$h: no result" | tee -a "$summary"; fi
    grep -q ' ok$' "$line" 2>/dev/null || fail=1
done
cat "$summary"
exit "$fail"
