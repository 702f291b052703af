#!/usr/bin/env python3
"""Starts and stops a real Orthanc (Debian's orthanc + orthanc-dicomweb) for the PACS tests.

  orthanc_fixture.py start STATE_DIR DICOM_DIR [EXTRA.dcm...]  # free loopback ports, preload
  orthanc_fixture.py stop STATE_DIR

`start` writes STATE_DIR/orthanc.json (config), STATE_DIR/storage/, STATE_DIR/orthanc.log and
STATE_DIR/server.json: {"http_port", "dicom_port", "aet", "calling_aet", "user", "password",
"move_port", "pid", "instances": {SOPInstanceUID: {...}}}. "move_port" is where chexview's
storage SCP listens for C-MOVE: Orthanc knows the peer CHEXVIEW at 127.0.0.1:move_port.
Every original in DICOM_DIR
is uploaded over the REST API (POST /instances). Orthanc only answers loopback HTTP
(RemoteAccessAllowed false) and only the registered DICOM peer CHEXVIEW at 127.0.0.1.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ORTHANC = "/usr/sbin/Orthanc"
PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"
USER, PASSWORD = "chexview", "xraysecret42"
AET, CALLING_AET = "ORTHANCTEST", "CHEXVIEW"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rest(port, method, path, data=None, ctype=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    req.add_header("Authorization", "Basic " + token)
    if ctype:
        req.add_header("Content-Type", ctype)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def start(state, dicom_dir, extra):
    stop(state, quiet=True)
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(os.path.join(state, "storage"))
    http_port, dicom_port, move_port = free_port(), free_port(), free_port()
    config = {
        "Name": "chexview-test",
        "StorageDirectory": os.path.join(state, "storage"),
        "IndexDirectory": os.path.join(state, "storage"),
        "HttpPort": http_port,
        "DicomPort": dicom_port,
        "DicomAet": AET,
        "RemoteAccessAllowed": False,
        "AuthenticationEnabled": True,
        "RegisteredUsers": {USER: PASSWORD},
        "DicomAlwaysAllowEcho": False,
        "DicomAlwaysAllowStore": False,
        "DicomCheckModalityHost": True,
        "DicomCheckCalledAet": True,
        "DicomModalities": {"chexview": [CALLING_AET, "127.0.0.1", move_port]},
        "DicomScuTimeout": 10,
        "DicomAssociationCloseDelay": 0,
        "Plugins": [PLUGIN],
        "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": False,
                     "Host": "127.0.0.1", "Ssl": False},
        "HttpServerEnabled": True,
        "SslEnabled": False,
        "StableAge": 1,
        "SaveJobs": False,
        "LimitFindResults": 0,
    }
    cfg = os.path.join(state, "orthanc.json")
    with open(cfg, "w") as f:
        json.dump(config, f, indent=1)
    log = open(os.path.join(state, "orthanc.log"), "wb")
    proc = subprocess.Popen([ORTHANC, cfg], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    with open(os.path.join(state, "orthanc.pid"), "w") as f:
        f.write(str(proc.pid))
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            sys.exit(f"Orthanc exited with {proc.returncode}; see {state}/orthanc.log")
        try:
            rest(http_port, "GET", "/system")
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.time() > deadline:
                proc.kill()
                sys.exit("Orthanc did not answer within 60 s")
            time.sleep(0.2)
    instances = {}
    files = [os.path.join(dicom_dir, n) for n in sorted(os.listdir(dicom_dir)) if n.endswith(".dcm")]
    for path in files + list(extra):
        path = os.path.abspath(path)
        with open(path, "rb") as f:
            answer = rest(http_port, "POST", "/instances", f.read(), "application/dicom")
        tags = rest(http_port, "GET", f"/instances/{answer['ID']}/simplified-tags")
        instances[tags["SOPInstanceUID"]] = {
            "path": path, "study": tags.get("StudyInstanceUID", ""),
            "patient_id": tags.get("PatientID", ""), "patient_name": tags.get("PatientName", ""),
            "study_date": tags.get("StudyDate", ""), "modality": tags.get("Modality", "")}
    info = {"http_port": http_port, "dicom_port": dicom_port, "aet": AET,
            "calling_aet": CALLING_AET, "move_port": move_port, "user": USER,
            "password": PASSWORD, "pid": proc.pid,
            "instances": instances}
    with open(os.path.join(state, "server.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"Orthanc {proc.pid} on 127.0.0.1 http {http_port} dicom {dicom_port}, "
          f"{len(instances)} instances")


def stop(state, quiet=False):
    pid_file = os.path.join(state, "orthanc.pid")
    try:
        with open(pid_file) as f:
            pid = int(f.read())
    except (OSError, ValueError):
        if not quiet:
            print("no Orthanc to stop")
        return
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.remove(pid_file)
    if not quiet:
        print(f"Orthanc {pid} stopped")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=["start", "stop"])
    p.add_argument("state")
    p.add_argument("dicom_dir", nargs="?")
    p.add_argument("extra", nargs="*", help="more DICOM files to preload")
    a = p.parse_args()
    if a.action == "start":
        if not a.dicom_dir:
            p.error("start needs DICOM_DIR")
        start(a.state, a.dicom_dir, a.extra)
    else:
        stop(a.state)


if __name__ == "__main__":
    main()
