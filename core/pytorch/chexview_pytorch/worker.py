#!/usr/bin/env python3
"""chexview's accelerator worker: runs CheXNet on the user's own PyTorch (CPU, CUDA or Gaudi).

Started by chexview (the engine's "worker" backend) with the interpreter the user chose; speaks
the binary protocol of PROTOCOL.md on stdin/stdout. stderr is chexview's log. The model is
rebuilt as a torch.nn.Module from chexnet.py and the package's float weights (weights_fp32.pt,
a plain dict of tensors), not from TorchScript, so that it runs where TorchScript does not (HPU).

usage: worker.py [--probe] [--threads N]
  --probe      print the hello message as JSON on stdout and exit
  --threads N  CPU threads (intra-op) for torch, and the OpenMP policy below; default
               $CHEXVIEW_WORKER_THREADS, else torch's own choice. chexview passes the count it
               gives its in-process engine.
OpenMP policy (set before torch is imported, each only where the environment does not already
set it): OMP_WAIT_POLICY=PASSIVE and GOMP_SPINCOUNT=10000, as chexview sets for itself (with
OpenMP's default spinning, torch 2.6 took 9.1 s per image with 2 threads on a 2-core machine
at load ~9, 1.3 s with this policy), and OMP_NUM_THREADS / MKL_NUM_THREADS = N.
"""
import argparse
import hashlib
import json
import os
import platform
import struct
import sys
import time

MAGIC = b"CXWP"
VERSION = 2
HEADER = struct.Struct("<4sHHII")  # magic, version, type, payload length, request id
HELLO, LOAD, READY, RUN, RESULT, ERROR, BYE, PROGRESS = 1, 2, 3, 4, 5, 6, 7, 8
MAX_PAYLOAD = 256 << 20
MAX_BATCH = 256
RUN_HEADER = struct.Struct("<IIIII")  # n, channels, height, width, dtype (0 float32, 1 float16)

HERE = os.path.dirname(os.path.abspath(__file__))


class ProtocolError(Exception):
    pass


class WorkerError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# ---- what this interpreter can run -------------------------------------------------------------

def probe():
    """The hello message: torch version and, per device, '' (available) or why not."""
    hello = {"protocol": VERSION, "python": platform.python_version(), "executable": sys.executable,
             "torch": None, "devices": {}, "device_names": {}}
    try:
        import torch
        sys.path.insert(0, HERE)
        import chexnet  # noqa: F401  (torchvision and the model definition must import too)
    except Exception as e:  # ImportError, or a broken install raising anything else
        why = f"PyTorch cannot be imported by {sys.executable}: {type(e).__name__}: {e}"
        hello["devices"] = {"cpu": why, "cuda": why, "hpu": why}
        return hello
    hello["torch"] = torch.__version__
    hello["devices"]["cpu"] = ""
    hello["device_names"]["cpu"] = platform.processor() or platform.machine()
    if torch.version.cuda is None:
        hello["devices"]["cuda"] = f"torch {torch.__version__} in {sys.executable} was built without CUDA"
    elif not torch.cuda.is_available():
        hello["devices"]["cuda"] = (f"torch {torch.__version__} (CUDA {torch.version.cuda}) sees no CUDA "
                                    "device (no NVIDIA driver or card, or CUDA_VISIBLE_DEVICES hides it)")
    else:
        hello["devices"]["cuda"] = ""
        hello["device_names"]["cuda"] = torch.cuda.get_device_name(0)
    try:
        import habana_frameworks.torch.core  # noqa: F401
        import habana_frameworks.torch.hpu as hthpu
        if hthpu.is_available():
            hello["devices"]["hpu"] = ""
            hello["device_names"]["hpu"] = hthpu.get_device_name()
        else:
            hello["devices"]["hpu"] = "habana_frameworks is installed but sees no Gaudi card"
    except ImportError as e:
        hello["devices"]["hpu"] = (f"Intel Gaudi needs habana_frameworks (Intel Gaudi's PyTorch), which "
                                   f"{sys.executable} cannot import ({e})")
    except Exception as e:
        hello["devices"]["hpu"] = f"habana_frameworks failed to start: {type(e).__name__}: {e}"
    return hello


# ---- the model on a device ---------------------------------------------------------------------

def torch_major(torch):
    try:
        return int(torch.__version__.split(".")[0])
    except ValueError:
        return 0


def compile_backend(request):
    """LOAD's "compile": false, true (inductor) or a torch.compile backend name."""
    c = request.get("compile", False)
    if c is True:
        return "inductor"
    if c in (False, None, ""):
        return None
    if c in ("inductor", "aot_eager", "eager"):
        return c
    raise WorkerError("load-failed", f"compile must be false, true, inductor, aot_eager or eager, not {c!r}")


class Runner:
    """One loaded model on one device with one precision. `progress(stage)` reports each step."""

    def __init__(self, request, hello, progress=lambda stage: None):
        import torch
        import chexnet
        self.torch = torch
        device, precision = request.get("device"), request.get("precision")
        why = hello["devices"].get(device)
        if why is None:
            raise WorkerError("device-unavailable", f"unknown device '{device}' (cpu, cuda or hpu)")
        if why:
            raise WorkerError("device-unavailable", why)
        # cpu bf16 (autocast) is the CPU form of the accelerators' precision, for tests and
        # comparisons; chexview itself offers fp32 and fp32-opt on the CPU.
        allowed = {"cpu": ("fp32", "fp32-opt", "bf16"), "cuda": ("fp32", "fp32-opt", "fp16", "bf16"),
                   "hpu": ("fp32", "bf16")}[device]
        if precision not in allowed:
            raise WorkerError("load-failed", f"precision '{precision}' does not run on {device} in the "
                                             f"worker ({', '.join(allowed)})")
        backend = compile_backend(request)
        if backend and torch_major(torch) < 2:
            raise WorkerError("load-failed", f"torch.compile needs torch 2 or later; {sys.executable} has "
                                             f"torch {torch.__version__}")
        if backend == "inductor" and device == "cpu":
            import shutil
            if not (shutil.which(os.environ.get("CXX", "g++")) or shutil.which("c++")):
                raise WorkerError("load-failed", "torch.compile (inductor) on the CPU generates C++ and needs a "
                                                 f"C++ compiler, and {sys.executable} finds none (g++, c++)")
        path, want = request.get("weights", ""), request.get("sha256", "")
        if not os.path.isfile(path):
            raise WorkerError("load-failed", f"weights file '{path}' is missing")
        progress("checking the weights' SHA-256")
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != want:
            raise WorkerError("load-failed", f"{path} does not match its SHA-256 in manifest.json")
        threads = int(request.get("threads", 0))
        if threads > 0:
            torch.set_num_threads(threads)
        self.threads = torch.get_num_threads()
        progress("building the network from the weights")
        model = chexnet.export_from_float_weights(path)
        self.channels = int(model.features.conv0.weight.shape[1])
        self.size = int(request.get("size", 224))
        if not 8 <= self.size <= 1024:
            raise WorkerError("load-failed", f"input size {self.size} out of range")
        size = self.size
        self.device, self.precision = device, precision
        self.autocast = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(precision)
        self.hpu_graph = False
        self.graph = "eager"
        if device == "cuda":
            torch.backends.cudnn.benchmark = True
            model = model.to("cuda", memory_format=torch.channels_last)
        elif device == "hpu":
            import habana_frameworks.torch.core as htcore
            self.htcore = htcore
            model = model.to("hpu")
            try:
                from habana_frameworks.torch.hpu import wrap_in_hpu_graph
                model = wrap_in_hpu_graph(model)
                self.hpu_graph = True
                self.graph = "hpu-graph"
            except ImportError:
                pass
        elif precision == "fp32-opt" and torch_major(torch) < 2 and not backend:
            # torch 1.x: the in-process engine's graph (trace, freeze, optimize_for_inference).
            # Not on torch 2: there the frozen graph took 48-75 s to load and its first runs up to
            # minutes on a busy machine, where eager under inference_mode ran in 54 ms.
            progress("tracing and freezing the TorchScript graph")
            with torch.no_grad():
                traced = torch.jit.trace(model, torch.zeros(1, self.channels, size, size))
            model = torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))
            self.graph = "torchscript-frozen"
        if backend:
            model = torch.compile(model, backend=backend)
            self.graph = f"compiled ({backend})"
        self.model = model
        self.device_name = hello["device_names"].get(device, "")
        self.ran_on = "cuda:0" if device == "cuda" else device

    def run(self, x):
        torch = self.torch
        with torch.inference_mode():
            if self.device == "cuda":
                x = x.pin_memory().to("cuda", non_blocking=True).contiguous(memory_format=torch.channels_last)
            elif self.device == "hpu":
                x = x.to("hpu")
            if x.dtype != torch.float32 and self.autocast is None:
                x = x.float()
            if self.autocast is not None:
                with torch.autocast(device_type=self.device, dtype=self.autocast):
                    probs, cams = self.model(x)
            else:
                probs, cams = self.model(x)
            if self.device == "hpu":
                self.htcore.mark_step()
            return probs.float().cpu().contiguous(), cams.float().cpu().contiguous()


# ---- framing -----------------------------------------------------------------------------------

def read_exact(stream, n):
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = stream.readinto(view[got:])
        if not k:
            return None if got == 0 else bytes(buf[:got])
        got += k
    return buf


def read_frame(stream):
    head = read_exact(stream, HEADER.size)
    if head is None:
        return None
    if len(head) < HEADER.size:
        raise ProtocolError("stream ended inside a frame header")
    magic, version, kind, length, rid = HEADER.unpack(bytes(head))
    if magic != MAGIC:
        raise ProtocolError("bad magic (not a chexview worker frame)")
    if version != VERSION:
        raise ProtocolError(f"protocol version {version}, this worker speaks {VERSION}")
    if length > MAX_PAYLOAD:
        raise ProtocolError(f"payload of {length} bytes exceeds the {MAX_PAYLOAD}-byte limit")
    payload = read_exact(stream, length) if length else bytearray()
    if payload is None or len(payload) < length:
        raise ProtocolError("stream ended inside a frame payload")
    return kind, rid, payload


def write_frame(out, kind, rid, *parts):
    length = sum(len(p) for p in parts)
    out.write(HEADER.pack(MAGIC, VERSION, kind, length, rid))
    for p in parts:
        out.write(p)
    out.flush()


def write_json(out, kind, rid, obj):
    write_frame(out, kind, rid, json.dumps(obj).encode("utf-8"))


def decode_run(torch, payload):
    if len(payload) < RUN_HEADER.size:
        raise WorkerError("bad-request", "run message shorter than its header")
    n, c, h, w, dtype = RUN_HEADER.unpack_from(payload)
    if not (1 <= n <= MAX_BATCH and c in (1, 3) and 8 <= h <= 1024 and 8 <= w <= 1024 and dtype in (0, 1)):
        raise WorkerError("bad-request", f"run message with n={n} c={c} h={h} w={w} dtype={dtype}")
    item = 4 if dtype == 0 else 2
    if len(payload) - RUN_HEADER.size != n * c * h * w * item:
        raise WorkerError("bad-request", "run message size does not match its shape")
    t = torch.frombuffer(payload, dtype=torch.float32 if dtype == 0 else torch.float16,
                         offset=RUN_HEADER.size, count=n * c * h * w)
    return t.view(n, c, h, w)


class Progress:
    """PROGRESS frames: what the worker is doing while chexview waits (importing torch, each
    step of a load), so that a slow machine is told apart from a stuck worker."""

    def __init__(self, out):
        self.out, self.rid, self.start = out, 0, time.perf_counter()

    def begin(self, rid):
        self.rid, self.start = rid, time.perf_counter()

    def __call__(self, stage):
        write_json(self.out, PROGRESS, self.rid,
                   {"stage": stage, "elapsed_ms": round((time.perf_counter() - self.start) * 1000, 1)})
        print(f"chexview worker: {stage}", file=sys.stderr, flush=True)


def serve(inp, out):
    progress = Progress(out)
    progress("importing torch")
    hello = probe()
    write_json(out, HELLO, 0, hello)
    runner = None
    while True:
        frame = read_frame(inp)
        if frame is None or frame[0] == BYE:
            return 0
        kind, rid, payload = frame
        try:
            if kind == LOAD:
                t = time.perf_counter()
                progress.begin(rid)
                runner = None
                runner = Runner(json.loads(bytes(payload).decode("utf-8")), hello, progress)
                x = runner.torch.zeros(1, runner.channels, runner.size, runner.size)
                progress("compiling on the first run" if runner.graph.startswith("compiled") else "warm-up run")
                probs, cams = runner.run(x)  # warm-up, and the output contract
                write_json(out, READY, rid, {"device": runner.ran_on, "device_name": runner.device_name,
                                             "precision": runner.precision, "torch": hello["torch"],
                                             "hpu_graph": runner.hpu_graph, "graph": runner.graph,
                                             "threads": runner.threads,
                                             "cams": list(cams.shape[1:]),
                                             "load_ms": round((time.perf_counter() - t) * 1000, 1)})
            elif kind == RUN:
                if runner is None:
                    raise WorkerError("bad-request", "run before a model was loaded")
                x = decode_run(runner.torch, payload)
                if x.shape[1] != runner.channels:
                    raise WorkerError("bad-request", f"{x.shape[1]} input channels, the model has {runner.channels}")
                try:
                    probs, cams = runner.run(x)
                except RuntimeError as e:
                    raise WorkerError("inference-failed", str(e).splitlines()[0] if str(e) else repr(e))
                n, k, h, w = cams.shape
                write_frame(out, RESULT, rid, RUN_HEADER.pack(n, k, h, w, 0),
                            probs.numpy().tobytes(), cams.numpy().tobytes())
            else:
                raise WorkerError("bad-request", f"unexpected message type {kind}")
        except WorkerError as e:
            write_json(out, ERROR, rid, {"code": e.code, "message": str(e)})
        except Exception as e:  # a bug or a torch failure at load: report it, stay up
            code = "load-failed" if kind == LOAD else "inference-failed"
            write_json(out, ERROR, rid, {"code": code, "message": f"{type(e).__name__}: {e}"})


def thread_policy(threads):
    """The OpenMP environment (before torch is imported; see the module docstring)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    if threads > 0:
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        os.environ.setdefault("MKL_NUM_THREADS", str(threads))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--probe", action="store_true", help="print the hello message as JSON and exit")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("CHEXVIEW_WORKER_THREADS", "0") or 0),
                    help="CPU threads for torch (default: $CHEXVIEW_WORKER_THREADS, else torch's choice)")
    args = ap.parse_args()
    thread_policy(args.threads)
    if args.probe:
        print(json.dumps(probe(), indent=1))
        return 0
    # The protocol owns the real stdout; anything else printing (libraries, C extensions) goes to
    # stderr, which chexview logs.
    out = os.fdopen(os.dup(1), "wb", buffering=1 << 20)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    inp = os.fdopen(os.dup(0), "rb", buffering=0)
    try:
        return serve(inp, out)
    except ProtocolError as e:
        try:
            write_json(out, ERROR, 0, {"code": "protocol", "message": str(e)})
        except OSError:
            pass
        print(f"chexview worker: protocol error: {e}", file=sys.stderr)
        return 3
    except (BrokenPipeError, KeyboardInterrupt):
        return 0


if __name__ == "__main__":
    sys.exit(main())
