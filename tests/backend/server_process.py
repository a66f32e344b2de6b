"""A real `python -m torchcanvas` on a free loopback port, for tests whose behaviour is HTTP's own."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data: Path, port: int, **env: str) -> dict[str, str]:
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
            raise AssertionError(f"The server exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"The server did not answer /api/health:\n{log.read_text()[-4000:]}")


@contextmanager
def serve(data: Path, **env: str) -> Iterator[str]:
    """Runs the server with its own data folder and settings; yields its URL."""
    data.mkdir(parents=True, exist_ok=True)
    log = data / "server.log"
    port = free_port()
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
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
