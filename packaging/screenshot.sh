#!/usr/bin/env bash
# Screenshot of the viewer under Xvfb: packaging/screenshot.sh OUT.png [chexview args...]
# CHEXVIEW_SHOT_SCREEN=WxH sets the screen (default 1400x900), CHEXVIEW_SHOT_DELAY the wait.
# Uses a throw-away HOME so saved window state does not leak in. Needs xvfb and imagemagick.
set -euo pipefail
out=$(realpath -m "$1"); shift
cd "$(dirname "$0")/.."
home=$(mktemp -d)
HOME=$home xvfb-run -a -s "-screen 0 ${CHEXVIEW_SHOT_SCREEN:-1400x900}x24" bash -c '
    build/bin/chexview "$@" & pid=$!
    sleep "${CHEXVIEW_SHOT_DELAY:-4}"
    import -window root "'"$out"'"
    kill $pid' _ "$@"
rm -rf "$home"
echo "$out"
