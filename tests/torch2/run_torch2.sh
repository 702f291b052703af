#!/bin/sh
# run_torch2.sh STATE_DIR CMD [ARGS...]: a ctest entry of the second-PyTorch stage. Exits 77
# (SKIP_RETURN_CODE) with the reason when torch2_chroot.sh could not build the chroot; else runs
# CMD with CHEXVIEW_TEST_PYTHON and CHEXVIEW_TORCH2_PYTHON set to the chroot's python wrapper and
# CHEXVIEW_TEST_EXPECT_TORCH to its torch version (the suites check that this is what ran).
state=$1
shift
if [ -f "$state/skip" ]; then
    echo "SKIP: $(cat "$state/skip")"
    exit 77
fi
if [ ! -x "$state/python" ] || [ ! -s "$state/torch-version" ]; then
    echo "no chroot python in $state: the torch2_chroot fixture did not run"
    exit 1
fi
CHEXVIEW_TEST_PYTHON="$state/python"
CHEXVIEW_TORCH2_PYTHON="$state/python"
CHEXVIEW_TEST_EXPECT_TORCH=$(cat "$state/torch-version")
export CHEXVIEW_TEST_PYTHON CHEXVIEW_TORCH2_PYTHON CHEXVIEW_TEST_EXPECT_TORCH
exec "$@"
