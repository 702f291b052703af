"""Where training runs: one process per device, started by torchrun (or a single plain process).

cpu: gloo, float32. cuda: nccl, the device `cuda:LOCAL_RANK` (never a fixed index), bf16
autocast. hpu (Intel Gaudi): hccl, lazy mode with mark_step() after backward and after the
optimizer step, bf16 autocast. The CUDA and HPU paths are written to PyTorch's and Habana's
documented APIs but were not run here (no GPU/HPU on the development machine).
Everything here is called from the training process's main thread.
"""
import contextlib
import datetime
import os

import torch
import torch.distributed as dist


class DeviceError(Exception):
    """A device or process group that cannot be used (clear message, no traceback)."""


class Runtime:
    def __init__(self, device_kind):
        self.kind = device_kind
        self.rank = int(os.environ.get("RANK", "0"))
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.htcore = None
        if device_kind == "cpu":
            self.device, backend = torch.device("cpu"), "gloo"
        elif device_kind == "cuda":
            if not torch.cuda.is_available():
                raise DeviceError("--device cuda: this PyTorch has no usable CUDA device")
            if self.local_rank >= torch.cuda.device_count():
                raise DeviceError(f"--device cuda: local rank {self.local_rank} but only "
                                    f"{torch.cuda.device_count()} CUDA device(s)")
            self.device, backend = torch.device("cuda", self.local_rank), "nccl"
            torch.cuda.set_device(self.device)
        elif device_kind == "hpu":
            try:
                import habana_frameworks.torch.core as htcore  # noqa: F401
                if self.world > 1:
                    import habana_frameworks.torch.distributed.hccl  # noqa: F401  registers hccl
            except ImportError:
                raise DeviceError("--device hpu: Habana's PyTorch bridge (habana_frameworks) "
                                    "is not installed") from None
            self.htcore, self.device, backend = htcore, torch.device("hpu"), "hccl"
        else:
            raise DeviceError(f"unknown device {device_kind}")
        self.distributed = self.world > 1
        if self.distributed:
            import launch  # a PyTorch without libuv (Debian trixie's 2.6): see launch.py
            launch.tcpstore_without_libuv()
            dist.init_process_group(backend, timeout=datetime.timedelta(minutes=30))

    @property
    def main(self):
        return self.rank == 0

    def autocast(self):
        """bf16 autocast on CUDA and HPU; float32 on CPU."""
        if self.kind in ("cuda", "hpu"):
            return torch.autocast(device_type=self.kind, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def mark_step(self):
        """HPU lazy mode: run the graph accumulated so far."""
        if self.htcore is not None:
            self.htcore.mark_step()

    def all_reduce(self, values, op="sum"):
        """Sum (or max) of float values over every rank; a list of floats back."""
        t = torch.tensor(values, dtype=torch.float64 if self.kind == "cpu" else torch.float32,
                         device=self.device)
        if self.distributed:
            dist.all_reduce(t, op=dist.ReduceOp.MAX if op == "max" else dist.ReduceOp.SUM)
        return t.cpu().double().tolist()

    def gather_rows(self, rows):
        """rows [n_local, k] float -> [sum of n over ranks, k], every rank's rows (any n)."""
        rows = rows.to(self.device, torch.float32)
        if not self.distributed:
            return rows.cpu()
        n = torch.tensor([rows.shape[0]], device=self.device)
        counts = [torch.zeros_like(n) for _ in range(self.world)]
        dist.all_gather(counts, n)
        counts = [int(c) for c in counts]
        padded = torch.zeros(max(counts), rows.shape[1], device=self.device)
        padded[:rows.shape[0]] = rows
        parts = [torch.zeros_like(padded) for _ in range(self.world)]
        dist.all_gather(parts, padded)
        return torch.cat([p[:c] for p, c in zip(parts, counts)]).cpu()

    def barrier(self):
        if self.distributed:
            dist.barrier()

    def close(self):
        if self.distributed:
            dist.destroy_process_group()
