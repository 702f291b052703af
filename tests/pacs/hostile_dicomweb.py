#!/usr/bin/env python3
"""A deliberately broken DICOMweb server for the robustness tests (loopback only).

usage: hostile_dicomweb.py GOOD.dcm
Prints its port (127.0.0.1, chosen by the OS) as the first stdout line. WADO-RS
GET /dicom-web/studies/<UID> misbehaves according to the UID:
  1.1 endless     one application/dicom part that never ends (zeros, as fast as accepted)
  1.2 announced   a part announcing Content-Length 10^12
  1.3 wrongtype   a text/html answer instead of multipart/related
  1.4 truncated   GOOD.dcm as a part, then half of it as a second part, then the connection drops
  1.5 notdicom    a well-formed multipart whose part is image/jpeg
  1.6 garbage     a well-formed multipart whose application/dicom part is not DICOM
  1.7 stall       headers and the first boundary, then silence
  1.8 good        GOOD.dcm as a proper one-part response
QIDO-RS GET /dicom-web/studies answers `[{"broken json`. Stops by itself after 10 minutes.
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD = open(sys.argv[1], "rb").read()
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

    def serve(self):
        path = self.path.split("?")[0]
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
server.serve_forever()
