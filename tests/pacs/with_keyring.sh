#!/bin/sh
# Runs a test under its own D-Bus session with a real Secret Service (gnome-keyring, unlocked
# with a throw-away password, its keyring files under a temporary HOME). If gnome-keyring cannot
# start, the test still runs and skips its keyring cases, saying why (CHEXVIEW_KEYRING_SKIP).
# usage: with_keyring.sh TEST_BINARY [ARGS...]
set -u
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    CHEXVIEW_KEYRING_SKIP="dbus-run-session or gnome-keyring-daemon is not installed" exec "$@"
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c '
    if echo chexview-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; then
        export CHEXVIEW_KEYRING=1
    else
        export CHEXVIEW_KEYRING_SKIP="gnome-keyring-daemon could not start under dbus-run-session"
    fi
    exec "$@"' with_keyring "$@"
