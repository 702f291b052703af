#!/usr/bin/env python3
"""torchrun for chexview's training: `launch.py TORCHRUN_ARGS...` is torch.distributed.run
(the code behind `torchrun`) with the same arguments, in the interpreter that runs this file,
made to work on a PyTorch built without libuv.

Why: since torch 2.4 torchrun's rendezvous store (TCPStore) asks for its libuv backend and
fails where PyTorch was built without it, as Debian trixie's python3-torch 2.6 is ("use_libuv
was requested but PyTorch was build without libuv support"; no environment variable reaches
that store). There this launcher gives every TCPStore created without an explicit choice
use_libuv=False; the ranks (train.py, through runtime.py) do the same before their env://
rendezvous, which ignores USE_LIBUV there. Elsewhere (a PyTorch with libuv, or torch < 2.3
without the option) it changes nothing.
"""
import os
import sys


def libuv_missing(dist):
    """True when this PyTorch's TCPStore refuses use_libuv=True (built without libuv)."""
    try:
        store = dist.TCPStore("127.0.0.1", 0, is_master=True, use_libuv=True, wait_for_workers=False)
    except TypeError:
        return False  # no use_libuv option: torch before 2.3, whose store needs no libuv
    except RuntimeError as e:
        return "libuv" in str(e)
    del store
    return False


def tcpstore_without_libuv():
    """Where this PyTorch has no libuv: every TCPStore created without an explicit use_libuv
    gets use_libuv=False (torch.distributed's own name and every torch.distributed module that
    bound it at import), and USE_LIBUV=0 for child processes. True when it patched."""
    import torch.distributed as dist
    base = dist.TCPStore
    if getattr(base, "_chexview_no_libuv", False) or not libuv_missing(dist):
        return False
    os.environ["USE_LIBUV"] = "0"

    class TCPStore(base):
        """The c10d TCPStore, without libuv unless asked for."""
        _chexview_no_libuv = True

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("use_libuv", False)
            super().__init__(*args, **kwargs)

    dist.TCPStore = TCPStore
    for name, module in list(sys.modules.items()):
        if name.startswith("torch.distributed") and getattr(module, "TCPStore", None) is base:
            module.TCPStore = TCPStore
    return True


def main():
    # Before torch.distributed.run imports the rendezvous modules (which bind the name too).
    if tcpstore_without_libuv():
        print("chexview launch: this PyTorch has no libuv; the rendezvous stores run without it", file=sys.stderr)
    from torch.distributed.run import main as torchrun
    torchrun()


if __name__ == "__main__":
    main()
