"""Connections a hostile script holds open: idle, half-sent, stalled, flooding, or huge headers."""

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG, issued_cookie
from tests.serve import serve
from torchcanvas.api.access import OWNER_COOKIE

TIMEOUT = 1.0  # the server's TORCHCANVAS_CLIENT_TIMEOUT here
MAX_IDLE = 50
MIN_RATE = 100  # bytes a second, TORCHCANVAS_MIN_BODY_RATE
MAX_VIEWERS, MAX_VIEWERS_PER_CLIENT = 4, 3
BODIES_IN_FLIGHT = 24 * 2**20  # TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT
# How long /api/health may take after a flood: milliseconds when healthy, a few seconds on a
# loaded CI machine, and 17 s when a flood of tiny chunks held the server's loop.
HEALTH_WITHIN = 8.0


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("connections")


@pytest.fixture(scope="module")
def url(data: Path) -> Iterator[str]:
    env = {
        "TORCHCANVAS_CLIENT_TIMEOUT": str(TIMEOUT),
        "TORCHCANVAS_MAX_IDLE_CONNECTIONS": str(MAX_IDLE),
        "TORCHCANVAS_MIN_BODY_RATE": str(MIN_RATE),
        "TORCHCANVAS_MAX_VIEWERS": str(MAX_VIEWERS),
        "TORCHCANVAS_MAX_VIEWERS_PER_CLIENT": str(MAX_VIEWERS_PER_CLIENT),
        "TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT": str(BODIES_IN_FLIGHT),
    }
    with serve(data, **env) as url:
        yield url


@pytest.fixture(scope="module")
def server_pid(url: str, data: Path) -> int:
    log = (data / "server.log").read_text()  # uvicorn's "Started server process [pid]"
    return int(log.split("Started server process [")[1].split("]")[0])


def _with_cookie(head: bytes, url: str) -> bytes:
    """A request's head with an owner cookie the server issued: a browser of its own."""
    cookie = f"Cookie: {OWNER_COOKIE}={issued_cookie(url)}\r\n\r\n".encode()
    return head.removesuffix(b"\r\n") + cookie


def _open(url: str, first: bytes = b"") -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    s = socket.create_connection((host, int(port)), timeout=10)
    if first:
        s.sendall(first)
    return s


def _closed_after(s: socket.socket, limit: float) -> float | None:
    """Seconds until the server closed the socket without answering, or None if it did not."""
    start = time.monotonic()
    s.settimeout(limit)
    try:
        data = s.recv(1024)
    except TimeoutError:
        return None
    except ConnectionResetError:
        data = b""
    assert data == b"", data[:200]  # closed, not answered
    return time.monotonic() - start


@pytest.mark.parametrize(
    "first",
    [
        b"",  # connects and says nothing
        b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n",  # headers stop halfway
        b"POST /api/designs/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",  # the body stalls
    ],
    ids=["idle", "half-sent headers", "stalled body"],
)
def test_a_silent_connection_is_closed_after_the_timeout(url: str, first: bytes) -> None:
    with _open(url, first) as s:
        waited = _closed_after(s, 10 * TIMEOUT)
    assert waited is not None, "the server kept a silent connection open"
    assert waited < 4 * TIMEOUT


VALIDATE_HEAD = (
    b"POST /api/designs/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
)


def test_a_slow_client_that_keeps_sending_its_body_is_not_cut_off(url: str) -> None:
    body = b'{"design": {"input_shape": [2], "layers": []}}' + b" " * 600  # JSON allows the pad
    with _open(url, VALIDATE_HEAD % len(body)) as s:
        piece = int(MIN_RATE * 1.5 * TIMEOUT / 2)  # half a timeout's worth, at 1.5× the minimum
        for i in range(0, len(body), piece):  # about 3 s in all, three times the timeout
            s.sendall(body[i : i + piece])
            time.sleep(TIMEOUT / 2)
        assert s.recv(100).startswith(b"HTTP/1.1 200")


def test_a_body_trickled_below_the_minimum_rate_is_cut_off(url: str) -> None:
    """A byte or two well within each timeout, but far below the rate: closed, not held."""
    with _open(url, VALIDATE_HEAD % 10_000 + b'{"design": ') as s:
        start = time.monotonic()
        try:
            while time.monotonic() - start < 20 * TIMEOUT:
                s.sendall(b" ")
                time.sleep(TIMEOUT / 4)
        except (BrokenPipeError, ConnectionResetError):
            pass
        held = time.monotonic() - start
        assert _closed_after(s, 2 * TIMEOUT) is not None, "the trickling client was never closed"
    # TIMEOUT, and a second more for each MIN_RATE bytes (the headers count): about 2.7 s
    assert held < 6 * TIMEOUT, held


def test_a_flood_of_idle_connections_leaves_health_answering(url: str) -> None:
    sockets = [_open(url) for _ in range(300)]
    try:
        start = time.monotonic()
        assert httpx.get(f"{url}/api/health", timeout=HEALTH_WITHIN).status_code == 200
        assert time.monotonic() - start < HEALTH_WITHIN
        closed = 0
        for s in sockets[: 300 - MAX_IDLE - 10]:  # the oldest: closed as new ones came
            s.setblocking(False)
            try:
                closed += s.recv(1) == b""
            except BlockingIOError:
                pass
            except ConnectionResetError:
                closed += 1
        assert closed == 300 - MAX_IDLE - 10, f"only {closed} of the oldest idle sockets closed"
    finally:
        for s in sockets:
            s.close()


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _send_headers(url: str, megabytes: int) -> bytes:
    """A request whose headers go on for `megabytes` MB; the reply's first bytes."""
    pad = b"X-Pad: " + b"a" * 1000 + b"\r\n"
    with _open(url, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n") as s:
        try:
            for _ in range(megabytes * 10):
                s.sendall(pad * 100)
        except (BrokenPipeError, ConnectionResetError):
            pass
        s.settimeout(10)
        return s.recv(4096)


def test_headers_too_large_get_431_and_are_not_kept(url: str, server_pid: int) -> None:
    before = _rss_mb(server_pid)
    replies = [_send_headers(url, 30) for _ in range(3)]  # httptools kept all 90 MB
    assert all(r.startswith(b"HTTP/1.1 431") for r in replies), replies[0][:200]
    assert _rss_mb(server_pid) - before < 30


def test_431_says_what_to_do(url: str) -> None:
    big = "a" * 2**20  # more than one read: a whole 70 KB read at once passes, bounded
    reply = httpx.get(f"{url}/api/health", headers={"X-Pad": big}, timeout=10)
    assert reply.status_code == 431
    assert reply.text == (
        "The request's headers are over 64 KiB, more than this server reads: send fewer or "
        "shorter headers (cookies included)."
    )


@pytest.mark.parametrize("size", [64 * 2**10 + 1, 200 * 2**10], ids=["64 KiB + 1", "200 KiB"])
def test_headers_over_the_limit_that_come_in_one_read_get_431(url: str, size: int) -> None:
    """The whole head in one send: h11 bounds only a head still incomplete (the README says 431)."""
    start = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
    head = start + b"a" * (size - len(start) - 4) + b"\r\n\r\n"
    assert len(head) == size
    with _open(url) as s:
        s.sendall(head)
        s.settimeout(10)
        reply = b""
        while not reply.endswith(b")."):  # the reply whole, head then body
            reply += s.recv(4096) or b")."
    assert reply.startswith(b"HTTP/1.1 431 "), reply[:200]
    assert reply.endswith(b"send fewer or shorter headers (cookies included).")


URI_TOO_LONG = (
    "The request's address (its path and query) is too long: with the headers, it is over "
    "64 KiB, more than this server reads. Send the data in a request body, or shorten the query."
)


@pytest.mark.parametrize("pieces", [1, 20], ids=["one read", "many reads"])
def test_an_address_over_the_limit_gets_414_not_431(url: str, pieces: int) -> None:
    """h11 counts the request line in its bound on headers: a long query is no header's fault."""
    query = b"a" * (70_000 if pieces == 1 else 2**20)  # whole in one read, or still incomplete
    head = b"GET /api/runs?q=" + query + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with _open(url) as s:
        step = -(-len(head) // pieces)
        try:
            for i in range(0, len(head), step):
                s.sendall(head[i : i + step])
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the rest came
        s.settimeout(10)
        reply = b""
        while not reply.endswith(b"query."):  # the reply whole, head then body
            reply += s.recv(4096) or b"query."
    assert reply.startswith(b"HTTP/1.1 414 "), reply[:200]
    assert reply.split(b"\r\n\r\n", 1)[1].decode() == URI_TOO_LONG


def test_headers_at_the_limit_pass(url: str) -> None:
    start = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
    head = start + b"a" * (64 * 2**10 - len(start) - 4) + b"\r\n\r\n"
    with _open(url) as s:
        s.sendall(head)
        s.settimeout(10)
        assert s.recv(4096).startswith(b"HTTP/1.1 200 ")


@contextmanager
def _long_run(url: str) -> Iterator[tuple[httpx.Client, str, str]]:
    """A client, the id of a long run it started, and its cookie; the run is cancelled after."""
    with httpx.Client(base_url=url, timeout=30) as client:
        training = {**DIGITS_TRAINING, **LONG}
        created = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        assert created.status_code == 201, created.text
        run_id = created.json()["id"]
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        try:
            yield client, run_id, cookie
        finally:
            client.post(f"/api/runs/{run_id}/cancel")


def _viewer(url: str, run_id: str, cookie: str, source: str = "127.0.0.1") -> ClientConnection:
    """A websocket following the run, connected from the loopback address `source`."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10, source_address=(source, 0))
    ws_url = url.replace("http://", "ws://") + f"/api/runs/{run_id}/events"
    return connect(ws_url, sock=sock, additional_headers={"Cookie": cookie}, origin=Origin(url))


def _refusal(ws: ClientConnection) -> tuple[int, str] | None:
    """The close code and reason if the server closed the socket at once; None if it streams."""
    try:
        ws.recv(timeout=30)
    except ConnectionClosed as closed:
        assert closed.rcvd is not None
        return closed.rcvd.code, closed.rcvd.reason
    return None


def test_keep_alive_and_websockets_outlive_the_timeout(url: str) -> None:
    with _long_run(url) as (client, run_id, cookie), _viewer(url, run_id, cookie) as ws:
        assert client.get("/api/health").status_code == 200
        ws.recv(timeout=30)
        time.sleep(3 * TIMEOUT)
        assert ws.recv(timeout=30)  # still streaming


def test_a_viewer_that_sends_a_large_message_is_closed(url: str) -> None:
    """Viewers have nothing to say: a 64 KiB message ends the socket (1009), where 16 MiB
    messages were taken, 32 of them buffered per socket."""
    with _long_run(url) as (client, run_id, cookie):
        with _viewer(url, run_id, cookie) as ws:
            ws.recv(timeout=30)
            ws.send("x" * 2**16)
            deadline = time.monotonic() + 15
            with pytest.raises(ConnectionClosed) as closed:
                while time.monotonic() < deadline:
                    ws.recv(timeout=15)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        assert client.get("/api/health").status_code == 200


def test_viewers_are_bounded_in_all_and_per_address(url: str) -> None:
    with _long_run(url) as (_, run_id, cookie), ExitStack() as stack:
        open_: list[ClientConnection] = []
        for _ in range(MAX_VIEWERS_PER_CLIENT):
            open_.append(stack.enter_context(_viewer(url, run_id, cookie)))
            assert _refusal(open_[-1]) is None
        with _viewer(url, run_id, cookie) as extra:
            code, reason = _refusal(extra) or (0, "")
        assert code == 1013
        assert reason == (
            "Too many run pages are open from your address (at most 3, "
            "TORCHCANVAS_MAX_VIEWERS_PER_CLIENT): close some."
        )
        for source in ("127.0.0.2", "127.0.0.3")[: MAX_VIEWERS - MAX_VIEWERS_PER_CLIENT]:
            open_.append(stack.enter_context(_viewer(url, run_id, cookie, source)))
            assert _refusal(open_[-1]) is None
        with _viewer(url, run_id, cookie, "127.0.0.4") as extra:
            code, reason = _refusal(extra) or (0, "")
        assert (code, reason) == (
            1013,
            "Too many run pages are open on this server (at most 4, "
            "TORCHCANVAS_MAX_VIEWERS): try again later.",
        )
        open_.pop(0).close()  # a seat comes free when a viewer leaves
        deadline = time.monotonic() + 10
        while True:
            with _viewer(url, run_id, cookie) as again:
                if _refusal(again) is None:
                    break
            assert time.monotonic() < deadline, "a viewer that left kept its seat"
            time.sleep(0.2)


def _resident(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_pictures_on_their_way_wait_on_disk_not_in_memory(url: str, server_pid: int) -> None:
    """Slow senders of pictures to a model (anyone with a share link may send them): each held
    its picture in the server's memory while it came, 10 MB a connection."""
    senders, sent = 16, 8 * 2**20
    with _long_run(url) as (_, run_id, cookie), ExitStack() as stack:
        head = (
            f"POST /api/runs/{run_id}/predict-image HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Cookie: {cookie}\r\nContent-Type: image/png\r\nContent-Length: {sent + 2**20}\r\n\r\n"
        ).encode()
        before = _resident(server_pid)
        held = [stack.enter_context(_open(url, head)) for _ in range(senders)]
        part = sent // 32
        for _ in range(32):  # most of the picture, in turns: none waits a TIMEOUT for its turn
            for s in held:
                s.sendall(b"\0" * part)
        grown = 0
        for _ in range(10):  # then a byte now and then, while the server takes what was sent
            for s in held:
                s.sendall(b"\0")
            grown = max(grown, _resident(server_pid) - before)
            time.sleep(TIMEOUT / 4)
    # 1 MiB a sender at most in memory (the rest on disk): 16 MiB, not 128.
    assert grown < senders * sent / 3, f"the server grew by {grown / 2**20:.0f} MiB"


def test_bodies_held_at_once_are_bounded_in_all(url: str) -> None:
    """Each body may be 1 MiB, and a script may open thousands of connections that each send
    most of one: the server held them all. Past the budget a body gets 503, and what the
    others held is given back once they go."""
    part = 900_000  # of a 1,000,000-byte body: each connection holds 0.86 MiB
    connections = 40  # 34 MiB if all were held
    with ExitStack() as stack:
        held = [
            stack.enter_context(_open(url, VALIDATE_HEAD % 1_000_000)) for _ in range(connections)
        ]
        for s in held:
            s.sendall(b'{"design": ' + b" " * (part - 11))
        replies = []
        for s in held:
            s.settimeout(0.5)
            try:
                replies.append(s.recv(4096))
            except TimeoutError:
                replies.append(b"")  # held, waiting for the rest of its body
    busy = [reply for reply in replies if reply.startswith(b"HTTP/1.1 503")]
    assert busy, "every body was held"
    assert len(replies) - len(busy) <= BODIES_IN_FLIGHT // part
    assert b"retry-after: 5" in busy[0].lower()
    assert (
        b"The server is receiving 24 MiB of requests at once, as much as it holds "
        b"(TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT): send this again in a moment." in busy[0]
    )
    # The held bodies' bytes come back: as many again fit, one after another and at once.
    body = b'{"design": {"input_shape": [2], "layers": []}}' + b" " * (part - 50)
    with httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(3):
            reply = client.post(
                "/api/designs/validate",
                content=body,
                headers={"Content-Type": "application/json"},
            )
            assert reply.status_code == 200, reply.text
        with ExitStack() as stack:
            # Twenty browsers, each its own cookie: one client's requests hold at most an
            # eighth of the CPU queue (api/backpressure.py), which this is not about.
            again = [
                stack.enter_context(_open(url, _with_cookie(VALIDATE_HEAD % len(body), url)))
                for _ in range(20)
            ]
            for s in again:
                s.sendall(body)
            assert all(s.recv(100).startswith(b"HTTP/1.1 200") for s in again)


CHUNKED_HEAD = (
    b"POST /api/designs/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
)


def test_a_body_of_tiny_chunks_is_refused_at_the_first_chunks(url: str) -> None:
    """h11 parses each chunk alone: 2 MB sent a byte a chunk cost 12 s of the server's CPU and
    held /api/health up for 17 s. Past 1,024 chunks, they must average 512 bytes."""
    with _open(url, CHUNKED_HEAD) as s:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused before the end
            s.sendall(b"1\r\n \r\n" * 200_000)  # 1.4 MB on the wire, 200,000 chunks
        s.settimeout(10)
        reply = b""
        while part := s.recv(4096):  # until the server closes
            reply += part
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
    assert reply.endswith(
        b"The request body came in 1,025 chunks of 1.0 bytes on average, smaller than this "
        b"server reads (past 1,024 chunks, at least 512 bytes each on average): send the body "
        b"with a Content-Length, or stream it in larger chunks."
    )
    assert httpx.get(f"{url}/api/health", timeout=HEALTH_WITHIN).status_code == 200


@pytest.mark.parametrize(
    ("chunks", "size"), [(1000, 1), (2000, 512)], ids=["few tiny chunks", "many 512-byte chunks"]
)
def test_a_streamed_body_of_few_or_large_enough_chunks_is_read(
    url: str, chunks: int, size: int
) -> None:
    design = b'{"design": {"input_shape": [2], "layers": []}}'
    body = design + b" " * (chunks * size - len(design))
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    reply = httpx.post(
        f"{url}/api/designs/validate",
        content=iter(parts),  # one chunk each
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text


ESTABLISHED = 1  # a TCP state in /proc/net/tcp


def tcp_state(local_port: int, remote_port: int) -> int | None:
    """The state of this machine's IPv4 TCP socket from one port to another, if there is one."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        if (
            int(local.split(":")[1], 16) == local_port
            and int(remote.split(":")[1], 16) == remote_port
        ):
            return int(state, 16)
    return None


def test_a_client_that_reads_none_of_a_reply_is_dropped(url: str) -> None:
    """A script asks for long replies (the 270 KB schema, 40 times in a row) through a 4 KB
    window and reads none of them: once it has taken nothing for the timeout, the server lets
    go of the connection (what the kernel holds, it bounds) instead of holding a reply, its
    task and its buffer for as long as the script likes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window
        s.connect((host, int(port)))
        s.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 40)
        mine = s.getsockname()[1]
        deadline = time.monotonic() + 60
        while tcp_state(int(port), mine) == ESTABLISHED:  # the server's end, still its own
            assert time.monotonic() < deadline, "the server still holds the reply"
            time.sleep(0.1)
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/openapi.json").status_code == 200  # a reader gets it whole


@pytest.mark.parametrize(
    ("head", "cause"),
    [
        (b"GET /api/health HTTP/1.1\r\n\r\n", "Missing mandatory Host: header"),
        (b"GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "Found multiple Host: headers"),
        (b"POST /api/runs HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"),
        (b"GET /\xff" + b"x" * 5000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", "illegal request line"),
    ],
    ids=["no-host", "two-hosts", "negative-length", "odd-byte"],
)
def test_a_request_that_is_not_http_is_told_what_is_wrong(
    url: str, head: bytes, cause: str
) -> None:
    """uvicorn answered each "Invalid HTTP request received.", which said nothing of what; the
    bytes h11 quotes of a bad request line are left out of the answer (an audit)."""
    with _open(url) as s:
        s.sendall(head)
        s.settimeout(10)
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:200]
    assert reply.split(b"\r\n\r\n", 1)[1].decode() == (
        f"The request is not valid HTTP/1.1 ({cause}): send it with an HTTP client, such as a "
        "browser, curl or Python's requests."
    )


def test_refused_requests_lingering_count_among_the_idle(url: str) -> None:
    """A refused request's socket lingers to drop what else comes; past the cap on idle sockets
    the oldest close: twenty bytes each held one for the timeout outside the cap (a review)."""
    count = MAX_IDLE + 20
    sockets = [_open(url, b"GET / HTTP/1.1\r\n\r\n") for _ in range(count)]
    try:
        for s in sockets:  # each answered, then half-closed: its reply whole, then EOF
            s.settimeout(10)
            reply = b""
            while chunk := s.recv(4096):
                reply += chunk
            assert reply.startswith(b"HTTP/1.1 400 "), reply[:100]
        assert _closed_whole(sockets) >= count - MAX_IDLE  # the oldest, as the others came
        # And the rest once the timeout is up: the linger's deadline was cancelled as the
        # refusal returned, and a refused socket stayed open for as long as its client kept it.
        time.sleep(TIMEOUT + 1)
        assert _closed_whole(sockets) == count
    finally:
        for s in sockets:
            s.close()


def _closed_whole(sockets: list[socket.socket]) -> int:
    """How many the server has closed whole, not half (after its reply): a byte sent to a closed
    one brings a reset, and the next send fails; lingering, the server drops what comes."""
    for s in sockets:
        with contextlib.suppress(OSError):
            s.sendall(b"x")
    time.sleep(0.5)
    closed = 0
    for s in sockets:
        try:
            s.sendall(b"x")
        except OSError:  # EPIPE or ECONNRESET
            closed += 1
    return closed
