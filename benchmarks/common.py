"""Shared pieces: result rows, timing, progress output, correctness errors."""

from __future__ import annotations

import http.client
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

_START = time.perf_counter()
T = TypeVar("T")


class CorrectnessError(AssertionError):
    """Two implementations disagree: the timings that follow would compare different answers."""


def log(message: str) -> None:
    """Progress line on stderr with the seconds since start."""
    print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    """One line of the result table."""

    benchmark: str
    implementation: str
    median_ms: float | None
    p90_ms: float | None
    n: int
    ratio: float | None = None
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """Results and facts of one benchmark section."""

    name: str
    title: str
    status: str = "ok"
    message: str = ""
    rows: list[Row] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "status": self.status,
            "message": self.message,
            "rows": [r.to_dict() for r in self.rows],
            "facts": self.facts,
            "checks": self.checks,
        }


def stats_ms(seconds: Sequence[float]) -> tuple[float, float]:
    """Median and 90th percentile, in milliseconds."""
    values = np.asarray(seconds, dtype=np.float64) * 1e3
    return float(np.median(values)), float(np.percentile(values, 90))


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Result of ``fn()`` and its wall time in seconds."""
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def close(a: float, b: float, rel: float) -> bool:
    """Equal within a relative tolerance (both infinite counts as equal)."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)


def timing_row(benchmark: str, implementation: str, seconds: Sequence[float], notes: str = "") -> Row:
    """A row from per-query wall times."""
    median, p90 = stats_ms(seconds)
    return Row(benchmark, implementation, median, p90, len(seconds), notes=notes)


def set_ratios(rows: Sequence[Row], reference: Row) -> None:
    """Each row's median over the reference's median."""
    for row in rows:
        if row.median_ms is not None and reference.median_ms:
            row.ratio = row.median_ms / reference.median_ms


def first_call_note(kernels: Sequence[Any], call: Callable[[], object]) -> str:
    """Time the first call of code using Numba ``kernels`` and say where their machine code came from."""
    compiled = sum(len(k.overloads) for k in kernels)
    hits = sum(sum(k.stats.cache_hits.values()) for k in kernels)
    _, dt = timed(call)
    if compiled and sum(len(k.overloads) for k in kernels) == compiled:
        how = "kernels already compiled in this process"
    elif sum(sum(k.stats.cache_hits.values()) for k in kernels) > hits:
        how = "kernels loaded from Numba's on-disk cache"
    else:
        how = "kernels JIT-compiled"
    return f"first call {dt:.2f}s, {how}"


ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, *, command: Sequence[str] = (), **env: str) -> subprocess.Popen[bytes]:
    """``corridor serve`` (or ``command``) on loopback ``port`` with extra environment ``env``.

    Returns once the server answers /v1/health.
    """
    process = subprocess.Popen(
        list(command) or [sys.executable, "-m", "corridor", "serve"],
        env=dict(os.environ, CORRIDOR_PORT=str(port), CORRIDOR_HOST="127.0.0.1", **env),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/v1/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")
