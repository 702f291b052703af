#!/usr/bin/env python3
"""Small HTTP/1.1 file server with Range support for the download tests (loopback only).

usage: range_server.py ROOT [--cut NAME:BYTES ...]
Prints the port it listens on (127.0.0.1, chosen by the OS) as the first stdout line.
--cut NAME:BYTES: the first response for NAME sends its headers (full length) and only BYTES of
the body, then drops the connection, like a network cut. GET /__log returns the requests seen
(path and Range header) as JSON. Stops by itself after 10 minutes.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1]
CUTS = {}
for i, arg in enumerate(sys.argv):
    if arg == "--cut":
        name, size = sys.argv[i + 1].rsplit(":", 1)
        CUTS[name] = int(size)
LOG = []
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.lstrip("/")
        if name == "__log":
            body = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        rng = self.headers.get("Range")
        with LOCK:
            LOG.append({"path": name, "range": rng})
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            self.send_error(404, "Not Found")
            return
        size = os.path.getsize(path)
        start = 0
        if rng and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0])
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read()
        with LOCK:
            cut = CUTS.pop(name, None)
        if cut is not None:
            self.wfile.write(data[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Timer(600, server.shutdown).start()
server.serve_forever()
