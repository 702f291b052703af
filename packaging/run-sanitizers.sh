#!/usr/bin/env bash
# Builds chexview with AddressSanitizer + UndefinedBehaviorSanitizer (clang, libFuzzer's
# coverage hooks included, so the same build serves packaging/run-fuzzers.sh) into build-asan/
# and runs the tests there:
#   scope "all" (the default): every ctest suite that runs chexview's C++ code -- unit, GUI,
#     LibTorch, worker and PACS suites, the fuzz regression inputs through their harnesses; not
#     the pure-Python ones (label python: training, Grad-CAM oracles) nor cpack (label
#     packaging), where a sanitizer has nothing to check -- with leak detection off
#     (LibTorch's allocator caches look like leaks at exit) and every timeout times four
#     (tests/CMakeLists.txt), except the suites that never load LibTorch: those run once, in
#     the leak pass;
#   scope "core": only that leak pass (image, dataset, CLI, hostile files, evaluation, worker
#     protocol, fuzz regressions): the quick check.
# Any sanitizer report fails the script: a report aborts the process with exit code 86 (never
# the CLI's 0-3) and is also written to build-asan/sanitizer-logs/, which must stay empty.
# Leak suppressions (third-party only, each one explained): packaging/lsan.supp. UBSan has
# none: every check is fatal (-fno-sanitize-recover), so undefined behaviour is fixed, not muted.
# Usage: bash packaging/run-sanitizers.sh [extra ctest args, e.g. -R tst_imageloader]
# Environment: CHEXVIEW_SKIP_SETUP=1 skips packaging/setup.sh (already run);
#              CHEXVIEW_SANITIZE_SCOPE=all|core (default all).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${CHEXVIEW_SKIP_SETUP:-0}" = 1 ] || bash packaging/setup.sh >/dev/null
scope=${CHEXVIEW_SANITIZE_SCOPE:-all}
start=$SECONDS

cmake -S . -B build-asan -G Ninja -Wno-dev -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCHEXVIEW_SANITIZE=ON \
    -DCHEXVIEW_BUILD_DEFAULT_MODEL=OFF ${CMAKE_ARGS:-}
cmake --build build-asan -j"$(nproc)"
echo "run-sanitizers: build-asan ready after $((SECONDS - start)) s"
# The tests (and the .deb built by deb_package) take the default model package from the build
# tree: the one setup.sh built, as hard links (a symlink would land in the package as one).
rm -rf build-asan/models/chexnet-demo && mkdir -p build-asan/models
cp -al build/models/chexnet-demo build-asan/models/chexnet-demo

logs=$PWD/build-asan/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
common="exitcode=86:abort_on_error=0:halt_on_error=1:print_stacktrace=1:log_path=$logs/report:log_exe_name=1"
export UBSAN_OPTIONS="$common"
export LSAN_OPTIONS="suppressions=$PWD/packaging/lsan.supp:print_suppressions=0"
# ODR checking is off: Debian's Qt and LibTorch each carry their own copies of a few symbols.
asan="$common:detect_odr_violation=0"
fail=0
cd build-asan
# The suites that never load LibTorch: the leak pass.
core='^(make_fixtures|make_hostile_fixtures|tst_voiwindow|tst_imageloader|tst_dicomfixtures|tst_displaypipeline|tst_cli|tst_datasetstats|tst_download|tst_hostile|tst_eval|tst_workerprotocol|tst_multipart|dataset_stats_independent|evaluation_independent|fuzz_.*_regressions)$'
if [ "$scope" = all ]; then
    # 1. Every C++ suite, leak detection off. The fixtures are pure Python (no chexview code):
    #    the release run's copies (.ci/run's first stage) carry their input digest, so the
    #    fixture steps here find them current (tests/tools/cached_fixture.py) and skip the work.
    for f in fixtures fixtures-hostile fixtures-model; do
        [ -f "../build/$f/.inputs.sha256" ] && { rm -rf "$f" && cp -a "../build/$f" "$f"; }
    done
    #    The leak-pass suites (below) are left out here: they run once, with leak detection.
    ASAN_OPTIONS="$asan:detect_leaks=0" \
        ctest --output-on-failure -j"$(nproc)" -LE '^(python|packaging|torch2)$' -E "$core" "$@" || fail=1
    echo "run-sanitizers: whole suite done after $((SECONDS - start)) s"
fi
# 2. Leak pass (the fixture steps find their folders current and skip).
ASAN_OPTIONS="$asan:detect_leaks=1" \
    ctest --output-on-failure -j"$(nproc)" -R "$core" "$@" || fail=1
cd ..
if compgen -G "$logs/report*" >/dev/null; then
    echo "run-sanitizers: sanitizer reports in $logs:" >&2
    head -n 60 "$logs"/report* >&2
    fail=1
fi
echo "run-sanitizers: scope $scope, $((SECONDS - start)) s in all"
if [ "$fail" = 0 ]; then
    echo "run-sanitizers: clean under ASan+UBSan (scope $scope), leak pass clean"
fi
exit "$fail"
