#!/bin/sh
# A second PyTorch for the tests (issue 23): Debian trixie's python3-torch (2.6, Python 3.13) in
# a debootstrap chroot, built once and cached under CACHE_DIR keyed by its suite, variant and
# package list, and a `python` wrapper in STATE_DIR that runs that chroot's python3 (through
# enter_chroot.sh, so that worker.py, train.py and the converters see this checkout and build
# tree at their own paths).
#   torch2_chroot.sh STATE_DIR SOURCE_DIR BINARY_DIR CACHE_DIR
# Writes STATE_DIR/python and STATE_DIR/torch-version, or STATE_DIR/skip (the reason) and exits
# 77 (ctest's SKIP_RETURN_CODE) where the chroot cannot be built here: not root, no debootstrap,
# no mount namespaces, no route to the Debian mirror, CHEXVIEW_TORCH2=off.
# Environment: CHEXVIEW_DEBIAN_MIRROR (default http://deb.debian.org/debian), CHEXVIEW_TORCH2.
set -u
PATH="$PATH:/usr/sbin:/sbin" # debootstrap, chroot
state=$1 src=$2 bin=$3 cache=$4
suite=trixie
variant=minbase
packages=python3-torch,python3-torchvision,python3-numpy,python3-pil
mirror=${CHEXVIEW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
key=$(printf '%s\n' "$suite" "$variant" "$packages" "enter-v1" | sha256sum | cut -c1-16)
root="$cache/$suite-torch-$key"

mkdir -p "$state"
rm -f "$state/skip" "$state/python" "$state/torch-version"
skip() {
    printf '%s\n' "$*" >"$state/skip"
    echo "SKIP: a second PyTorch (trixie chroot) is not available here: $*"
    exit 77
}

[ "${CHEXVIEW_TORCH2:-on}" != off ] || skip "disabled by CHEXVIEW_TORCH2=off"
[ "$(id -u)" -eq 0 ] || skip "building and entering a chroot needs root (uid $(id -u))"
command -v unshare >/dev/null && command -v chroot >/dev/null || skip "unshare or chroot missing"
unshare --mount --propagation private true 2>/dev/null ||
    skip "no private mount namespace here (unshare --mount failed: needs CAP_SYS_ADMIN)"

if [ ! -x "$root/usr/bin/python3" ]; then
    command -v debootstrap >/dev/null || skip "debootstrap is not installed (packaging/setup.sh lists it)"
    mkdir -p "$cache" || skip "cannot create the cache folder $cache"
    exec 9>"$cache/.lock"
    flock 9 # another build tree may be building the same chroot
    if [ ! -x "$root/usr/bin/python3" ]; then
        tmp="$root.partial.$$"
        rm -rf "$root".partial.*
        log="$state/debootstrap.log"
        echo "building $root ($suite, $variant, $packages) from $mirror; log: $log"
        start=$(date +%s)
        # In its own mount namespace: the /proc and /sys debootstrap mounts inside the target
        # vanish with it, even when it fails half-way.
        if ! nice timeout 1500 unshare --mount --propagation private \
            debootstrap --variant="$variant" --include="$packages" "$suite" "$tmp" "$mirror" >"$log" 2>&1; then
            reason=$(grep -E '^E:|W: Failure|Failure trying' "$log" | tail -n 2 | tr '\n' ' ')
            rm -rf "$tmp"
            skip "debootstrap of $suite from $mirror failed: ${reason:-see $log}"
        fi
        rm -f "$tmp"/var/cache/apt/archives/*.deb
        mv "$tmp" "$root"
        echo "chroot built in $(($(date +%s) - start)) s"
    fi
    exec 9>&-
fi

wrapper="$state/python"
cat >"$wrapper" <<EOF
#!/bin/sh
# python3 of the Debian $suite chroot $root (written by tests/torch2/torch2_chroot.sh)
exec /bin/sh '$src/tests/torch2/enter_chroot.sh' '$root' '$src:$bin' /usr/bin/python3 "\$@"
EOF
chmod 755 "$wrapper"
version=$("$wrapper" -c 'import torch, torchvision, numpy, PIL; print(torch.__version__)' 2>"$state/import.log") ||
    skip "the chroot's python3 cannot import torch: $(tail -n 1 "$state/import.log")"
printf '%s\n' "$version" >"$state/torch-version"
echo "second PyTorch: torch $version ($("$wrapper" -c 'import sys; print(sys.version.split()[0])')) in $root"
