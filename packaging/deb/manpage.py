#!/usr/bin/env python3
"""Writes a section-1 man page (gzip, reproducible) from a program's --help output.

usage: manpage.py NAME SUMMARY VERSION OUT.1.gz -- PROGRAM [ARGS...]

PROGRAM ARGS (e.g. `chexview-cli --help`) must exit 0; its output becomes the page's
DESCRIPTION, verbatim, so the page cannot drift from the program.
"""
import datetime
import gzip
import os
import subprocess
import sys


def roff(text):
    out = []
    for line in text.splitlines():
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def main():
    if "--" not in sys.argv or sys.argv.index("--") != 5:
        raise SystemExit(__doc__)
    name, summary, version, out = sys.argv[1:5]
    cmd = sys.argv[6:]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    if res.returncode != 0 or not res.stdout.strip():
        raise SystemExit(f"manpage.py: {' '.join(cmd)} exited {res.returncode}: {res.stdout}{res.stderr}")
    # The program as the user types it, not the build tree's path.
    text = res.stdout.replace(cmd[0], name)
    # SOURCE_DATE_EPOCH keeps the date reproducible.
    date = datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "1796256000")),
                                           datetime.timezone.utc).strftime("%Y-%m-%d")
    page = (f'.TH {name.upper()} 1 "{date}" "chexview {version}" "User Commands"\n'
            f".SH NAME\n{name} \\- {summary}\n"
            f".SH SYNOPSIS\n.B {name}\n[\\fIoptions\\fR]\n"
            f".SH DESCRIPTION\n.nf\n{roff(text)}\n.fi\n"
            ".SH NOTES\nResearch, teaching and demonstration only; not for clinical use.\n"
            "The bundled model has untrained demo weights.\n"
            ".SH SEE ALSO\n"
            + (".BR chexview-cli (1)\n" if name == "chexview" else ".BR chexview (1)\n")
            + "/usr/share/doc/chexview/README.md\n")
    with open(out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as gz:
            gz.write(page.encode())


if __name__ == "__main__":
    main()
