"""Uploads on their way to the data disk, over real sockets to a real server: pictures and sets
sent to a model share one budget of bytes, refused past it with a clear 503, and a request's
bytes come back however it ends."""

import io
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack

import numpy as np
import pytest
from PIL import Image

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.live_server import LiveServer, live_server

BUDGET = 3 * 2**20  # TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT: two of the pictures below fit
BUSY = (
    "The server is receiving 3 MiB of uploads at once, as much as it keeps on its disk "
    "(TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT): send this again in a moment."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("spools"), max_spool_bytes_in_flight=BUDGET) as live:
        yield live


@pytest.fixture(scope="module")
def run_id(server: LiveServer) -> str:
    training = {**DIGITS_TRAINING, "epochs": 1, "batch_size": 256}
    status, reply = server.request(
        "POST", "/api/runs", {"design": DIGITS_CNN, "training": training}
    )
    assert status == 201, reply
    assert server.wait_for(reply["id"], {"succeeded", "failed"})["status"] == "succeeded"
    return str(reply["id"])


@pytest.fixture(scope="module")
def picture() -> bytes:
    """A noisy photo of about 1.1 MiB: PNG cannot make it smaller."""
    pixels = np.random.default_rng(0).integers(0, 256, (620, 620, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG", compress_level=0)
    return out.getvalue()


def in_flight(server: LiveServer) -> int:
    count: int = server.app.state.spool_budget.in_flight
    return count


def until_in_flight(server: LiveServer, expected: int) -> None:
    deadline = time.monotonic() + 30
    while in_flight(server) != expected:
        assert time.monotonic() < deadline, f"{in_flight(server)} bytes in flight, not {expected}"
        time.sleep(0.02)


def head(server: LiveServer, path: str, kind: str, length: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {server.cookie}\r\n"
        f"Content-Type: {kind}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()


def picture_request(server: LiveServer, run_id: str, picture: bytes) -> tuple[bytes, bytes]:
    path = f"/api/runs/{run_id}/predict-image"
    return head(server, path, "image/png", len(picture)), picture


def set_request(server: LiveServer, run_id: str, picture: bytes) -> tuple[bytes, bytes]:
    """Classify many with the picture as a set of one, as multipart/form-data."""
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="7.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + picture + b"\r\n--b--\r\n"
    )
    path = f"/api/runs/{run_id}/classify-many"
    return head(server, path, "multipart/form-data; boundary=b", len(body)), body


def started(server: LiveServer, request: tuple[bytes, bytes], sent: float = 0.5) -> socket.socket:
    """A connection that sent the request's headers and part of its body, then waits."""
    host, port = server.url.removeprefix("http://").split(":")
    s = socket.create_connection((host, int(port)), timeout=30)
    first, body = request
    s.sendall(first + body[: int(len(body) * sent)])
    return s


def reply_of(s: socket.socket) -> bytes:
    parts = []
    while chunk := s.recv(65536):
        parts.append(chunk)
    return b"".join(parts)


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    """Closes the test's sockets whatever happens, so the server stops at once after."""
    with ExitStack() as sockets:
        yield sockets


def test_uploads_past_the_budget_are_refused_while_those_under_it_are_answered(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> None:
    slow_picture = picture_request(server, run_id, picture)
    slow_set = set_request(server, run_id, picture)
    first = stack.enter_context(started(server, slow_picture))
    until_in_flight(server, len(slow_picture[1]))
    second = stack.enter_context(started(server, slow_set))  # another route, the same budget
    held = len(slow_picture[1]) + len(slow_set[1])
    until_in_flight(server, held)
    # A third would pass the budget: refused at once, by its headers, before any of it is stored.
    for refused in (picture_request(server, run_id, picture), set_request(server, run_id, picture)):
        reply = reply_of(stack.enter_context(started(server, refused, sent=0)))
        assert reply.startswith(b"HTTP/1.1 503"), reply[:300]
        assert b"retry-after: 5" in reply.lower()
        assert BUSY.encode() in reply
    assert in_flight(server) == held
    # The two under it finish sending and get their answers.
    for s, (_, body) in ((first, slow_picture), (second, slow_set)):
        s.sendall(body[len(body) // 2 :])
        reply = reply_of(s)
        assert reply.startswith(b"HTTP/1.1 200"), reply[:300]
    until_in_flight(server, 0)


def test_a_client_gone_mid_upload_gives_its_bytes_back(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> None:
    for request in (picture_request(server, run_id, picture), set_request(server, run_id, picture)):
        s = stack.enter_context(started(server, request))
        until_in_flight(server, len(request[1]))
        s.close()  # the tab closed mid-upload
        until_in_flight(server, 0)
    # Refused and failed requests give theirs back too: a body that is not a picture.
    status, _ = server.request("POST", f"/api/runs/{run_id}/predict-image", {"not": "a picture"})
    assert status == 415
    assert in_flight(server) == 0
