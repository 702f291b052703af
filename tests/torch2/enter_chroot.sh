#!/bin/sh
# enter_chroot.sh ROOT DIRS CMD [ARGS...]: runs CMD inside the chroot ROOT, in a private mount
# namespace where /proc, /dev, /sys, /tmp and DIRS (colon-separated host folders: the checkout,
# the build tree) are bind-mounted at their own paths, so host paths given as arguments work
# unchanged; the working folder is kept where it exists inside. Every step execs, so CMD keeps
# the caller's process id (chexview's tests find and kill the worker by it), and the mounts
# vanish with the process. Needs root (unshare --mount, chroot).
set -eu
PATH="$PATH:/usr/sbin:/sbin" # chroot
root=$1 dirs=$2
shift 2
if [ -z "${CHEXVIEW_IN_MOUNT_NS:-}" ]; then
    exec env CHEXVIEW_IN_MOUNT_NS=1 unshare --mount --propagation private /bin/sh "$0" "$root" "$dirs" "$@"
fi
unset CHEXVIEW_IN_MOUNT_NS
old_ifs=$IFS
IFS=:
for d in /proc /dev /sys /tmp $dirs; do
    [ -d "$d" ] || continue
    mkdir -p "$root$d"
    mount --rbind "$d" "$root$d"
done
IFS=$old_ifs
# localhost for torchrun's rendezvous and gloo
if [ -f /etc/hosts ]; then
    [ -e "$root/etc/hosts" ] || : >"$root/etc/hosts"
    mount --bind /etc/hosts "$root/etc/hosts"
fi
exec chroot "$root" /bin/sh -c 'cd "$0" 2>/dev/null || cd /; exec "$@"' "$PWD" "$@"
