"""A `parta serve` process for the benchmarks, and what /proc says about it.

Unlike `load_chat.Server` it can start several workers (`--workers N`: uvicorn's supervisor
and N children), lift the server's open-file limit before it starts (20,000 sockets need
20,000 descriptors), and reads CPU time and resident memory over the whole process tree,
so one figure covers one worker or many.
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

CLOCK_TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def raise_nofile(wanted: int = 0) -> int:
    """Sockets are files: lift this process's soft limit to `wanted` (or to the hard limit).
    As root the hard limit can be raised too (up to fs.nr_open); otherwise it caps."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = max(soft, wanted or hard)
    if target > hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, target))
        except (ValueError, OSError):
            target = hard
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, max(hard, target)))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`, NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def proc_rss_bytes(pid: int) -> int:
    """Resident memory of one process (VmRSS), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def proc_pss_bytes(pid: int) -> int:
    """Proportional set size: pages shared between workers counted once in total."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid` (uvicorn's workers, multiprocessing's helpers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    out: list[int] = []
    todo = [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        out.extend(kids)
        todo.extend(kids)
    return out


def kernel_tcp_memory_bytes() -> int:
    """Memory the kernel holds for TCP buffers, machine-wide (not in any process's RSS)."""
    try:
        for line in Path("/proc/net/sockstat").read_text().splitlines():
            if line.startswith("TCP:"):
                parts = line.split()
                return int(parts[parts.index("mem") + 1]) * PAGE
    except (OSError, ValueError):
        pass
    return 0


def _lift_limit(nofile: int) -> Callable[[], None]:
    def lift() -> None:  # runs in the child between fork and exec
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        except (ValueError, OSError):
            _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    return lift


class ServerProcess:
    """`parta serve --workers N` on 127.0.0.1 with the given PARTA_* environment."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        *,
        workers: int = 1,
        nofile: int = 0,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        cmd = [sys.executable, "-m", "parta.cli", "serve", "--port", str(self.port)]
        cmd += ["--workers", str(workers)]
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PARTA_")}
        full = {**clean, **env, "PARTA_PUBLIC_BASE_URL": self.url}
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 (our own command line)
            cmd,
            env=full,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_lift_limit(nofile) if nofile else None,
        )

    async def ready(self, limit: float = 120.0) -> None:
        """Wait for /readyz; with several workers, until every worker process is up."""
        deadline = time.monotonic() + limit
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise SystemExit(f"server exited with {self.proc.returncode}: {self.tail()}")
                try:
                    up = (await client.get(self.url + "/readyz")).status_code == 200
                except httpx.HTTPError:
                    up = False
                if up and (self.workers == 1 or len(self.worker_pids()) >= self.workers):
                    return
                await asyncio.sleep(0.2)
        raise SystemExit(f"server not ready after {limit} s: {self.tail()}")

    def tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-2000:]

    def pids(self) -> list[int]:
        return [self.proc.pid, *children_of(self.proc.pid)]

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the workers, or the server itself alone.
        (multiprocessing's resource tracker is a child too, but a Python one without a
        socket; it is small and counted in the totals.)"""
        if self.workers == 1:
            return [self.proc.pid]
        return [p for p in children_of(self.proc.pid) if _is_worker(p)]

    def cpu_seconds(self) -> float:
        """CPU time of the whole tree (supervisor and workers)."""
        return sum(proc_cpu_seconds(p) for p in self.pids())

    def rss_bytes(self) -> int:
        return sum(proc_rss_bytes(p) for p in self.pids())

    def pss_bytes(self) -> int:
        return sum(proc_pss_bytes(p) for p in self.pids())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()


def _is_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline
