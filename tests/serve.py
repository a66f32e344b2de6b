"""A real `python -m torchcanvas` on a loopback port, for tests whose behaviour is HTTP's own,
the browser tests and the benchmarks: one way to start it, wait for it and stop it."""

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    """A running server: its URL, and its process id for its CPU time."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process itself (its workers are not counted)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


# Ports are chosen below the range the kernel takes outgoing connections' source ports (and
# `bind(0)`'s ports) from: a server binds its port seconds after it was chosen, once torch is
# imported, and meanwhile a port from that range could become any connection's source port (the
# server then exited with EADDRINUSE). Above Ray's worker ports (10002-19999).
FIRST_PORT = 20_000
_random = random.SystemRandom()  # not `random`, which pytest-randomly seeds alike in each worker


def _first_ephemeral_port() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default


def free_port() -> int:
    """A loopback port nothing is bound to, outside the ephemeral range where there is room."""
    end = _first_ephemeral_port()
    for _ in range(50):
        port = _random.randrange(FIRST_PORT, end) if end - FIRST_PORT >= 1000 else 0
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken: another
            return int(s.getsockname()[1])
    raise AssertionError(f"no free port between {FIRST_PORT} and {end}")


def server_env(data: Path, port: int, **env: str) -> dict[str, str]:
    """The server's environment: its port and data folder, one training worker of one thread
    (the tests and a browser keep the other cores), and `env` over them."""
    return {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "TORCHCANVAS_DATA": str(data),
        "TORCHCANVAS_WORKERS": "1",
        "TORCHCANVAS_WORKER_THREADS": "1",
        **env,
    }


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text()[-4000:]
            raise AssertionError(f"The server exited with {server.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"The server did not answer /api/health:\n{log.read_text()[-4000:]}")


@contextmanager
def start(data: Path, port: int | None = None, **env: str) -> Iterator[Server]:
    """Runs the server on `port` (else a free one) with its own data folder and settings; yields
    it once it answers, and stops it on leaving."""
    data.mkdir(parents=True, exist_ok=True)
    log = data / "server.log"
    port = port or free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "torchcanvas"],
            env=server_env(data, port, **env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log)
        yield Server(url, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def serve(data: Path, port: int | None = None, **env: str) -> Iterator[str]:
    """`start`, yielding only the server's URL."""
    with start(data, port, **env) as server:
        yield server.url
