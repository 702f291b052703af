#!/usr/bin/env bash
# Sets up (packages + build) and opens the viewer on the bundled sample study.
# Without a display it starts under xvfb-run so the command still works on a headless box.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-viewer: no display; starting under xvfb-run (screenshot with: import -window root shot.png)"
    exec xvfb-run -a -s "-screen 0 1400x900x24" build/bin/chexview resources/sample "$@"
fi
exec build/bin/chexview resources/sample "$@"
