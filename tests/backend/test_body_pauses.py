"""A body the server stopped reading is not held against its client's rate or silence limits.

No route of the app reads its body late enough to pause reading, so this serves the connection
protocol the app runs on (`connections.py`, on a real uvicorn) in front of a route that waits
before it reads, as a busy route would.
"""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from torchcanvas.connections import GuardedH11Protocol, guarded_protocol

TIMEOUT = 1.0  # seconds of silence a body may have
MIN_RATE = 100_000  # bytes a second: 150 KB buys a client 1.5 s more
PAUSE = 4.0  # seconds the route waits before it reads the body
FIRST, REST = 100_000, 50_000  # bytes sent at once, then after the pause (uvicorn stops at 64 KiB)
HEAD = (
    b"POST /late HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
    b"Content-Length: %d\r\n\r\n" % (FIRST + REST)
)


async def late_reader(request: Request) -> PlainTextResponse:
    await asyncio.sleep(PAUSE)  # busy elsewhere: uvicorn stops reading once 64 KiB wait
    body = await request.body()
    return PlainTextResponse(str(len(body)))


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    app = Starlette(routes=[Route("/late", late_reader, methods=["POST"])])
    protocol: type[GuardedH11Protocol] = guarded_protocol(TIMEOUT, 100, MIN_RATE)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=protocol, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def test_a_body_the_route_reads_late_is_not_cut_off(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(HEAD + b"x" * FIRST)
        # The server reads no more for PAUSE seconds: past the silence limit, and past what the
        # bytes sent buy at the minimum rate. The client is not at fault, so it is not cut off.
        time.sleep(PAUSE + 0.5)
        s.sendall(b"x" * REST)
        reply = s.recv(1000)
    assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    assert reply.endswith(str(FIRST + REST).encode()), reply[-200:]


def test_a_body_that_stops_coming_is_still_cut_off(port: int) -> None:
    """The same route, and a client that goes silent: the limits still hold after the pause."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(HEAD + b"x" * FIRST)
        started = time.monotonic()
        try:
            reply = s.recv(1000)  # never sends the rest
        except ConnectionResetError:
            reply = b""
        waited = time.monotonic() - started
    assert reply == b"", reply[:200]  # closed, not answered
    assert waited < PAUSE + 6 * TIMEOUT, waited
