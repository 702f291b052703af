#!/usr/bin/env python3
"""Runs a fixture generator only when its inputs changed.

usage: cached_fixture.py OUT INPUT... -- COMMAND...

The SHA-256 of every INPUT (files, or folders walked in name order: relative names and
contents), of the command line and of every command argument that is a file (the generator
script itself) is compared with OUT/.inputs.sha256. Equal: the fixtures in OUT are current and
nothing runs. Otherwise COMMAND runs (it replaces OUT) and, if it succeeds, the digest is
written into OUT. Exit code: COMMAND's, or 0 when cached.
"""
import hashlib
import os
import subprocess
import sys


def digest(out, inputs, command):
    h = hashlib.sha256()
    # OUT itself is left out, so a copied fixture folder (the sanitizer build's) stays current.
    h.update("\0".join("OUT" if a == out else a for a in command).encode())
    paths = list(inputs) + [a for a in command if os.path.isfile(a) and a != sys.executable]
    for p in paths:
        files = [p] if os.path.isfile(p) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs if "__pycache__" not in d)
        if not files:
            raise SystemExit(f"cached_fixture: input {p} does not exist or is empty")
        for f in files:
            h.update(os.path.relpath(f, p).encode() + b"\0")
            with open(f, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def main():
    if "--" not in sys.argv or sys.argv.index("--") < 2:
        raise SystemExit(__doc__)
    sep = sys.argv.index("--")
    out, inputs, command = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
    stamp = os.path.join(out, ".inputs.sha256")
    want = digest(out, inputs, command)
    try:
        with open(stamp) as f:
            if f.read().strip() == want:
                print(f"cached_fixture: {out} is current (inputs {want[:16]}), not regenerated")
                return 0
    except OSError:
        pass
    if os.path.exists(stamp):
        os.remove(stamp)  # a failed or interrupted run leaves no stamp behind
    rc = subprocess.run(command).returncode
    if rc == 0:
        with open(stamp, "w") as f:
            f.write(want + "\n")
    return rc


if __name__ == "__main__":
    sys.exit(main())
