"""``corridor serve`` as a real process on loopback, for the tests that kill, restart or signal it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """``python -m corridor serve`` on a free port of 127.0.0.1 with ``env`` added to the environment."""

    def __init__(self, env: dict[str, str], *, log: Path | None = None) -> None:
        self.port = free_port()
        full = {**os.environ, "CORRIDOR_SCENARIOS": str(ROOT / "scenarios"), **env}
        self.log = log
        with open(log or os.devnull, "ab") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "corridor", "serve", "--port", str(self.port)],
                env=full,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/health", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)

    def call(self, method: str, path: str, body: Any, headers: dict[str, str]) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode(),
            headers={**headers, "Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def descendants(self) -> list[int]:
        """The process ids of the server's child processes and theirs (Linux /proc)."""
        out: list[int] = []
        pending = [self.process.pid]
        while pending:
            pid = pending.pop()
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    children = [int(child) for child in (task / "children").read_text().split()]
                    out.extend(children)
                    pending.extend(children)
            except (FileNotFoundError, ProcessLookupError):
                continue
        return out

    def cpu_s(self) -> float:
        """User and system CPU seconds of the server and its child processes (routing workers), from /proc."""
        total, pending = 0.0, [self.process.pid]
        while pending:
            pid = pending.pop()
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pending.extend(int(child) for child in (task / "children").read_text().split())
            except (FileNotFoundError, ProcessLookupError):
                continue  # it ended meanwhile
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        """SIGKILL if it is still running: no shutdown handlers, no rollback by the server."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
