"""A real `python -m torchcanvas` on Ray, for the tests that stop and start the server."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.serve import free_port, server_env

ENDED = {"succeeded", "failed", "cancelled"}
GOES_ON = (
    "The server stopped before this run finished. It goes on from its last checkpoint when the "
    "server starts again."
)


class Server:
    """A server process on Ray, and a browser's client of it (cookies kept across restarts);
    on the cluster at `address`, else on a private instance of its own."""

    def __init__(
        self,
        data: Path,
        cookies: httpx.Cookies,
        ray_dir: Path,
        address: str | None = None,
        orphan: bool = False,
    ) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = server_env(
            data,
            port,
            TORCHCANVAS_EXECUTOR="ray",
            RAY_AUTH_MODE="disabled",
            RAY_TMPDIR=str(ray_dir),
        )
        env.pop("RAY_ADDRESS", None)
        if address is not None:
            env["RAY_ADDRESS"] = address
        self.ray_dir = ray_dir
        self.log_path = data / "server.log"
        self.log = self.log_path.open("ab")
        self.process: subprocess.Popen[bytes] | Orphan
        if orphan:
            self.process = Orphan.start(self.log_path, env)
        else:
            self.process = subprocess.Popen(  # a group of its own, as a shell or a service gives it
                [sys.executable, "-m", "torchcanvas"],
                env=env,
                stdout=self.log,
                stderr=self.log,
                start_new_session=True,
            )
        self.client = httpx.Client(
            base_url=self.url, timeout=30, headers={"Origin": self.url}, cookies=cookies
        )

    def health(self) -> dict[str, Any] | None:
        try:
            health: dict[str, Any] = self.client.get("/api/health").json()
        except httpx.TransportError:
            return None
        return health

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 180
        while not (health := self.health()) or not health["worker_ready"]:
            assert self.process.poll() is None, f"the server exited with {self.process.returncode}"
            assert time.monotonic() < deadline, f"no Ray worker became ready: {health}"
            time.sleep(0.3)

    def wait_problem(self) -> str:
        """What health says stops the server training, once it says something."""
        deadline = time.monotonic() + 120
        while not (health := self.health()) or health["executor_problem"] is None:
            assert self.process.poll() is None, f"the server exited with {self.process.returncode}"
            assert time.monotonic() < deadline, f"health never said a problem: {health}"
            time.sleep(0.3)
        problem: str = health["executor_problem"]
        return problem

    def run(self, run_id: str) -> dict[str, Any]:
        run: dict[str, Any] = self.client.get(f"/api/runs/{run_id}").json()
        return run

    def start_run(self, **training: Any) -> str:
        body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **training}}
        reply = self.client.post("/api/runs", json=body)
        assert reply.status_code == 201, reply.text
        run_id: str = reply.json()["id"]
        return run_id

    def wait_for(self, run_id: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + 180
        while not done(run := self.run(run_id)):
            assert time.monotonic() < deadline, f"run {run_id} never got there: {run}"
            time.sleep(0.1)
        return run

    def events(self, run_id: str) -> list[dict[str, Any]]:
        """The run's whole log, as a reload replays it."""
        reply = self.client.get(f"/api/runs/{run_id}/events", params={"limit": 10_000})
        assert reply.status_code == 200, reply.text
        events: list[dict[str, Any]] = reply.json()
        return events

    def ray_sessions(self) -> list[Path]:
        """The Ray instances this server started: Ray names each session folder after its pid."""
        return sorted((self.ray_dir / "ray").glob(f"session_2*_{self.process.pid}"))

    def terminate(self, group: bool = False) -> tuple[int, list[int]]:
        """SIGTERM to the server, or to its `group`; the exit code, and the processes it had
        started that outlived it."""
        descendants = _descendants(self.process.pid)
        if group:
            os.killpg(self.process.pid, signal.SIGTERM)
        else:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)  # a hang fails here, not at pytest's timeout
        self.client.close()
        self.log.close()
        deadline = time.monotonic() + 1  # what was killed at the end has a second to go
        while (left := [pid for pid in descendants if _running(pid)]) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.05)
        return code, left


# Starts the server as a child of its own and ends at once, leaving it to PID 1.
LAUNCH = """
import subprocess, sys
with open(sys.argv[1], "ab") as log:
    child = subprocess.Popen(sys.argv[2:], stdout=log, stderr=log, start_new_session=True)
print(child.pid)
"""


class Orphan:
    """A server whose parent is PID 1, as systemd, tini or `nohup … &` from a shell that ended
    leave it: Ray's driver takes a lost raylet's parentage from that. Its exit code is PID 1's to
    read: uvicorn's last line in its log says whether it ended cleanly."""

    def __init__(self, pid: int, log: Path) -> None:
        self.pid, self.log = pid, log
        self.returncode: int | None = None

    @classmethod
    def start(cls, log: Path, env: dict[str, str]) -> "Orphan":
        command = [sys.executable, "-c", LAUNCH, str(log), sys.executable, "-m", "torchcanvas"]
        launched = subprocess.run(command, env=env, capture_output=True, check=True, text=True)
        orphan = cls(int(launched.stdout), log)
        parent = _parent(orphan.pid)
        assert parent == 1, f"the server's parent is {parent}, not PID 1 (a subreaper?)"
        return orphan

    def poll(self) -> int | None:
        if self.returncode is None and not _running(self.pid):
            finished = f"Finished server process [{self.pid}]"
            self.returncode = 0 if finished in self.log.read_text(errors="replace") else 1
        return self.returncode

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("python -m torchcanvas", timeout)
            time.sleep(0.05)
        return code

    def send_signal(self, sig: int) -> None:
        os.kill(self.pid, sig)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _descendants(pid: int) -> list[int]:
    parents = {}
    for proc in Path("/proc").iterdir():
        try:
            parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            continue
    found, todo = [], [pid]
    while todo:
        pid = todo.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += children
        todo += children
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def server(
    data: Path,
    cookies: httpx.Cookies,
    ray_dir: Path,
    address: str | None = None,
    ready: bool = True,
    orphan: bool = False,
) -> Iterator[Server]:
    """A server started and, if `ready`, waited for until a Ray worker is ready; an `orphan`'s
    parent is PID 1."""
    started = Server(data, cookies, ray_dir, address, orphan)
    try:
        if ready:
            started.wait_ready()
        yield started
    finally:
        if started.process.poll() is None:  # the test failed before its SIGTERM
            for pid in [started.process.pid, *_descendants(started.process.pid)]:
                os.kill(pid, signal.SIGKILL)
            started.process.wait(timeout=30)
            started.client.close()
            started.log.close()
