"""A real uvicorn server in a thread of the test process, so tests can look at its event loop
(`serving` serves any uvicorn config so; `live_server` the app as `python -m torchcanvas` does)."""

import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI

from tests.serve import free_port
from torchcanvas.api.access import OWNER_COOKIE
from torchcanvas.api.app import create_app
from torchcanvas.api.services import Services
from torchcanvas.config import ServerConfig
from torchcanvas.viewer_sockets import guarded_websockets

T = TypeVar("T")
VIEWER_STALL_SECONDS = 2.0


class LiveServer:
    """The app served over real sockets, and one client identity (its owner cookie)."""

    def __init__(
        self, app: FastAPI, server: uvicorn.Server, port: int, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.app, self.server, self.loop = app, server, loop
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"
        self.cookie = ""

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def on_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Runs a coroutine on the server's event loop and returns its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, text = response.status, response.read()
                cookie = response.headers.get("set-cookie", "")
        except urllib.error.HTTPError as error:
            status, text, cookie = error.code, error.read(), ""
        if cookie.startswith(OWNER_COOKIE):
            self.cookie = cookie.split(";")[0]
        return status, json.loads(text) if text else None

    def wait_for(self, run_id: str, statuses: set[str], timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run: dict[str, Any] = self.request("GET", f"/api/runs/{run_id}")[1]
            if run["status"] in statuses:
                return run
            time.sleep(0.05)
        raise AssertionError(f"run {run_id} did not reach {statuses}")


@contextmanager
def serving(config: uvicorn.Config) -> Iterator[tuple[uvicorn.Server, asyncio.AbstractEventLoop]]:
    """Serves `config` from a thread of the test process, once it has started, until the block
    ends: the server and the event loop it runs on."""
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(server.serve(),))
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield server, loop
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        loop.close()


@contextmanager
def live_server(data_dir: Path, **settings: Any) -> Iterator[LiveServer]:
    """Serves a fresh app with one training worker (and `settings`) until the block ends."""
    config = ServerConfig(
        pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, **settings
    )
    app = create_app(config)
    port = free_port()
    # Websockets as `python -m torchcanvas` serves them, a stalled viewer dropped after 2 s.
    ws = guarded_websockets(VIEWER_STALL_SECONDS)
    served = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws=ws)
    with serving(served) as (server, loop):
        live = LiveServer(app, server, port, loop)
        live.request("GET", "/api/health")  # takes the owner cookie
        yield live
