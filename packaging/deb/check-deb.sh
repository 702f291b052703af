#!/usr/bin/env bash
# Checks a chexview .deb: the files it installs, the Debian packages it depends on, the desktop
# entry and AppStream metadata validators, and that the unpacked package runs (predict on the
# bundled sample study, a PDF report) with the source and build trees hidden from it.
# Usage: check-deb.sh build/chexview_<version>_amd64.deb
set -euo pipefail
deb=$(readlink -f "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
list=$(dpkg-deb -c "$deb" | awk '{print $NF}')
n=$(grep -c . <<<"$list")
for f in ./usr/bin/chexview ./usr/bin/chexview-cli ./usr/lib/chexview/libchexview_torch.so \
    ./usr/share/chexview/models/chexnet-demo/manifest.json \
    ./usr/share/chexview/models/chexnet-demo/model_fp32.pt \
    ./usr/share/chexview/models/chexnet-demo/model_int8.pt \
    ./usr/share/chexview/sample/CR-MONO1-10-chest.dcm \
    ./usr/share/chexview/sample/rsna_cr_jpeg_baseline.dcm \
    ./usr/share/chexview/sample/PROVENANCE.md \
    ./usr/share/chexview/dataset/lists/test_list.txt.gz \
    ./usr/share/applications/io.github.chexview.Chexview.desktop \
    ./usr/share/metainfo/io.github.chexview.Chexview.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.chexview.Chexview.svg; do
    grep -qx -- "$f" <<<"$list" || fail "missing $f"
done
if grep -E '/(tests|fixtures|test-home)/|\.stamp$|chexview-bench' <<<"$list"; then
    fail "test or build files in the package"
fi
echo "check-deb: $n entries, the 13 expected files present, no test/build files"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6widgets6 libqt6charts6 libdcmtk17 libopencv-imgproc libopenjp2-7 libtorch \
    qt6-qpa-plugins fonts-dejavu-core; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
echo "check-deb: Depends: $depends"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "architecture"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/io.github.chexview.Chexview.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.chexview.Chexview.metainfo.xml" >/dev/null
echo "check-deb: desktop-file-validate and appstreamcli validate pass"
# The unpacked package, with the checkout (source, build tree, model fixtures) hidden behind an
# empty tmpfs: everything must come from the package itself.
cat > "$root/run.sh" <<'INNER'
set -eu
root=$1
out=$(env -u CHEXVIEW_MODEL -u CHEXVIEW_RESOURCES -u CHEXVIEW_PLUGIN_DIR \
    "$root/usr/bin/chexview-cli" predict "$root/usr/share/chexview/sample" 2>"$root/err.txt")
lines=$(grep -c '"precision":"int8"' <<<"$out")
[ "$lines" -eq 4 ] || { echo "predict gave $lines results: $out $(cat "$root/err.txt")"; exit 1; }
env -u CHEXVIEW_MODEL "$root/usr/bin/chexview-cli" report --anonymize \
    "$root/usr/share/chexview/sample/CR-MONO1-10-chest.dcm" -o "$root/report.pdf" 2>/dev/null >/dev/null
pdftotext "$root/report.pdf" - | grep -q "NOT FOR CLINICAL USE"
rc=0
QT_QPA_PLATFORM=offscreen HOME="$root" timeout 8 "$root/usr/bin/chexview" \
    "$root/usr/share/chexview/sample" >"$root/gui.txt" 2>&1 || rc=$?
[ "$rc" -eq 124 ] || { echo "viewer exited $rc: $(cat "$root/gui.txt")"; exit 1; }
echo "installed run: predict on 4 sample images, PDF report, viewer up for 8 s"
INNER
if unshare -m true 2>/dev/null; then
    unshare -m bash -c "mount -t tmpfs none '$src' && bash '$root/run.sh' '$root'" ||
        fail "the unpacked package does not run on its own"
    echo "check-deb: ran with $src hidden"
else
    bash "$root/run.sh" "$root" || fail "the unpacked package does not run"
    echo "check-deb: ran (could not hide $src: no mount namespace here)"
fi
