#!/usr/bin/env bash
# Builds the Debian package build/chexview_<version>_amd64.deb with CPack, after the usual
# set-up and build (packaging/setup.sh), then checks it (packaging/deb/check-deb.sh: file list,
# declared dependencies, desktop-file-validate, appstreamcli validate, and a run of the
# unpacked package with the source tree hidden).
# Install it with: sudo apt install ./build/chexview_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh
rm -f build/chexview_*_amd64.deb
(cd build && cpack -G DEB)
deb=$(ls build/chexview_*_amd64.deb)
bash packaging/deb/check-deb.sh "$deb"
echo "$deb"
