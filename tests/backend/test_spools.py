"""Uploads on their way to the data disk, over real sockets to a real server: pictures and sets
sent to a model share one budget of bytes, of which one client address holds at most its share,
refused past either with a clear 503, or 429 past its share (a body past its route's own limit, a dataset upload's too,
with that route's 413), and a request's bytes come back however it ends."""

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

BUDGET = 5 * 2**20  # TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT: four of the pictures below fit
SHARE = 0.5  # TORCHCANVAS_MAX_SPOOL_SHARE_PER_CLIENT: two of them from one address
BUSY = (
    "The server is receiving 5 MiB of uploads at once, as much as it keeps on its disk "
    "(TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT): send this again in a moment."
)
CLIENT_BUSY = (
    "Your address is already sending 2.5 MiB of uploads at once, as much as one address may "
    "(TORCHCANVAS_MAX_SPOOL_SHARE_PER_CLIENT): send this again once they are answered."
)
PICTURE_TOO_LARGE = "The picture is larger than the limit of 10 MiB: shrink it, or save it as JPEG."
SET_TOO_LARGE = "The files are larger together than the limit of"
DATASET_TOO_LARGE = "The file is larger than the upload limit of"
# Client addresses: Linux routes all of 127.0.0.0/8 to the loopback, so a socket can come from any.
FIRST, SECOND, THIRD = "127.0.0.1", "127.0.0.2", "127.0.0.3"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = {"max_spool_bytes_in_flight": BUDGET, "max_spool_share_per_client": SHARE}
    with live_server(tmp_path_factory.mktemp("spools"), **settings) as live:
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


def started(
    server: LiveServer, request: tuple[bytes, bytes], sent: float = 0.5, client: str = FIRST
) -> socket.socket:
    """A connection from `client` that sent the request's headers and part of its body, then waits."""
    host, port = server.url.removeprefix("http://").split(":")
    s = socket.create_connection((host, int(port)), timeout=30, source_address=(client, 0))
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


def refused(server: LiveServer, request: tuple[bytes, bytes], client: str) -> bytes:
    """The reply to a request of which only the headers were sent: a refusal, by them alone."""
    with started(server, request, sent=0, client=client) as s:
        return reply_of(s)


def hold_shares(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> list[tuple[socket.socket, bytes]]:
    """A picture and a set from each of two addresses, half sent: each address holds its share,
    and the budget has no room for a third picture."""
    slow, held = [], 0
    for client in (FIRST, SECOND):
        for request in (
            picture_request(server, run_id, picture),
            set_request(server, run_id, picture),
        ):
            slow.append((stack.enter_context(started(server, request, client=client)), request[1]))
            held += len(request[1])
            until_in_flight(server, held)
    return slow


def answered(slow: list[tuple[socket.socket, bytes]]) -> None:
    """The held uploads finish sending, and each gets its answer."""
    for s, body in slow:
        s.sendall(body[len(body) // 2 :])
        reply = reply_of(s)
        assert reply.startswith(b"HTTP/1.1 200"), reply[:300]


def test_one_address_holds_at_most_its_share_while_others_still_upload(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> None:
    first = stack.enter_context(started(server, picture_request(server, run_id, picture)))
    until_in_flight(server, len(picture))
    second = stack.enter_context(started(server, set_request(server, run_id, picture)))
    mine = len(picture) + len(set_request(server, run_id, picture)[1])
    until_in_flight(server, mine)
    # A third from the same address would pass its share: refused at once, by its headers, before
    # any of it is stored, on either route.
    for request in (picture_request(server, run_id, picture), set_request(server, run_id, picture)):
        reply = refused(server, request, FIRST)
        assert reply.startswith(b"HTTP/1.1 429"), reply[:300]  # its own doing: a 4xx
        assert b"retry-after: 5" in reply.lower()
        assert CLIENT_BUSY.encode() in reply
    assert in_flight(server) == mine
    # Another address still uploads while the first holds its share.
    other = picture_request(server, run_id, picture)
    third = stack.enter_context(started(server, other, client=SECOND))
    until_in_flight(server, mine + len(picture))
    answered(
        [(first, picture), (second, set_request(server, run_id, picture)[1]), (third, picture)]
    )
    until_in_flight(server, 0)


def test_past_the_budget_every_address_is_refused_until_uploads_end(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> None:
    slow = hold_shares(server, run_id, picture, stack)
    held = in_flight(server)
    # A third address has its whole share, but the budget has no room: refused, saying so.
    for request in (picture_request(server, run_id, picture), set_request(server, run_id, picture)):
        reply = refused(server, request, THIRD)
        assert reply.startswith(b"HTTP/1.1 503"), reply[:300]
        assert b"retry-after: 5" in reply.lower()
        assert BUSY.encode() in reply
    assert in_flight(server) == held
    answered(slow)
    until_in_flight(server, 0)


def test_a_body_past_its_route_limit_gets_413_however_full_the_budget_is(
    server: LiveServer, run_id: str, picture: bytes, stack: ExitStack
) -> None:
    slow = hold_shares(server, run_id, picture, stack)
    held = in_flight(server)
    path = f"/api/runs/{run_id}"
    huge_picture = head(server, f"{path}/predict-image", "image/png", 10 * 2**20 + 1), b""
    huge_set = head(server, f"{path}/classify-many", "multipart/form-data; boundary=b", 2**40), b""
    huge_dataset = head(server, "/api/datasets", "multipart/form-data; boundary=b", 2**40), b""
    # From an address whose share is full, and from one that finds the budget full: the route's
    # own limit answers, and says how to send less; waiting would not help.
    for client in (FIRST, THIRD):
        reply = refused(server, huge_picture, client)
        assert reply.startswith(b"HTTP/1.1 413"), reply[:300]
        assert PICTURE_TOO_LARGE.encode() in reply
        reply = refused(server, huge_set, client)
        assert reply.startswith(b"HTTP/1.1 413"), reply[:300]
        assert SET_TOO_LARGE.encode() in reply
        reply = refused(server, huge_dataset, client)
        assert reply.startswith(b"HTTP/1.1 413"), reply[:300]
        assert DATASET_TOO_LARGE.encode() in reply
    assert in_flight(server) == held
    answered(slow)
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
