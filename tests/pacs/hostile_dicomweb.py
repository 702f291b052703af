#!/usr/bin/env python3
"""A deliberately broken DICOMweb server for the robustness tests (loopback only).

usage: hostile_dicomweb.py GOOD.dcm [--tls CERT.pem KEY.pem]
Prints its port (127.0.0.1, chosen by the OS) as the first stdout line; with --tls, the port of
the same server over HTTPS (that certificate) as the second line. WADO-RS
GET /dicom-web/studies/<UID> misbehaves according to the UID:
  1.1 endless     one application/dicom part that never ends (zeros, as fast as accepted)
  1.2 announced   a part announcing Content-Length 10^12
  1.3 wrongtype   a text/html answer instead of multipart/related
  1.4 truncated   GOOD.dcm as a part, then half of it as a second part, then the connection drops
  1.5 notdicom    a well-formed multipart whose part is image/jpeg
  1.6 garbage     a well-formed multipart whose application/dicom part is not DICOM
  1.7 stall       headers and the first boundary, then silence
  1.8 good        GOOD.dcm as a proper one-part response
QIDO-RS GET /dicom-web/studies answers `[{"broken json`.
Below /auth/dicom-web/ the server checks the Authorization header against the bearer token in
$HOSTILE_BEARER_TOKEN (never on its command line): no or non-bearer credentials -> 401 with
WWW-Authenticate: Bearer, a wrong token -> 403, the right one -> QIDO-RS `[]` (no study) and
WADO-RS as above. Every Authorization header seen is appended to $HOSTILE_AUTH_LOG if set, as
"<path>\t<header>"; /auth/<tag>/dicom-web serves /auth/dicom-web, so that a client can tell its
own requests from a late one of the client before it.
Stops by itself after 10 minutes.
"""
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD = open(sys.argv[1], "rb").read()
TOKEN = os.environ.get("HOSTILE_BEARER_TOKEN", "")
AUTH_LOG = os.environ.get("HOSTILE_AUTH_LOG", "")
B = b"hostile-boundary"


def part(body, ctype=b"application/dicom", length=None):
    head = b"--" + B + b"\r\nContent-Type: " + ctype + b"\r\n"
    if length is not None:
        head += b"Content-Length: " + str(length).encode() + b"\r\n"
    return head + b"\r\n" + body + b"\r\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def start(self, ctype=b'multipart/related; type="application/dicom"; boundary=' + B):
        self.send_response(200)
        self.send_header("Content-Type", ctype.decode())
        self.end_headers()

    def do_GET(self):
        try:
            self.serve()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def deny(self, status, challenge=False):
        self.send_response(status)
        if challenge:
            self.send_header("WWW-Authenticate", 'Bearer realm="hostile"')
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"denied")

    def serve(self):
        path = self.path.split("?")[0]
        if path.startswith("/auth/"):
            header = self.headers.get("Authorization", "")
            if AUTH_LOG:
                with open(AUTH_LOG, "a") as f:
                    f.write(path + "\t" + header + "\n")
            if not TOKEN or not header.startswith("Bearer "):
                return self.deny(401, challenge=True)
            if header[len("Bearer "):] != TOKEN:
                return self.deny(403)
            path = path[len("/auth"):]
            if not path.startswith("/dicom-web"):
                path = path[path.find("/", 1):]
            if path.rstrip("/") == "/dicom-web/studies":
                self.start(b"application/dicom+json")
                self.wfile.write(b"[]")
                return
        if path.rstrip("/") == "/dicom-web/studies":
            self.start(b"application/dicom+json")
            self.wfile.write(b'[{"broken json')
            return
        uid = path.rsplit("/", 1)[-1]
        w = self.wfile.write
        if uid == "1.1":
            self.start()
            w(b"--" + B + b"\r\nContent-Type: application/dicom\r\n\r\n")
            chunk = b"\0" * 65536
            while True:
                w(chunk)
        elif uid == "1.2":
            self.start()
            w(part(GOOD, length=10 ** 12) + b"--" + B + b"--\r\n")
        elif uid == "1.3":
            self.start(b"text/html; charset=utf-8")
            w(b"<html><body>Welcome to the PACS web portal</body></html>")
        elif uid == "1.4":
            self.start()
            w(part(GOOD) + b"--" + B + b"\r\nContent-Type: application/dicom\r\n\r\n")
            w(GOOD[: len(GOOD) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
        elif uid == "1.5":
            self.start()
            w(part(b"\xff\xd8\xff\xe0 not really a jpeg", b"image/jpeg") + b"--" + B + b"--\r\n")
        elif uid == "1.6":
            self.start()
            w(part(b"DICM? no, just text pretending to be an object" * 20) + b"--" + B + b"--\r\n")
        elif uid == "1.7":
            self.start()
            w(b"--" + B + b"\r\n")
            self.wfile.flush()
            time.sleep(60)
        elif uid == "1.8":
            self.start()
            w(part(GOOD, length=len(GOOD)) + b"--" + B + b"--\r\n")
        else:
            self.send_error(404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Timer(600, server.shutdown).start()
if "--tls" in sys.argv:
    cert, key = sys.argv[sys.argv.index("--tls") + 1:][:2]
    tls = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    print(tls.server_address[1], flush=True)
    threading.Timer(600, tls.shutdown).start()
    threading.Thread(target=tls.serve_forever, daemon=True).start()
server.serve_forever()
