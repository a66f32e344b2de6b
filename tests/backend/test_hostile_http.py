"""What a hostile or careless client sends a real server: races, huge bodies, lying lengths."""

import io
import json
import socket
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2 as httpx
import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.upload_files import png_header
from tests.serve import serve


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def url(data: Path) -> Iterator[str]:
    with serve(data) as url:
        yield url


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=120) as client:
        client.get("/api/health")
        yield client


@pytest.fixture(scope="module")
def trained(client: httpx.Client) -> str:
    training = {**DIGITS_TRAINING, "epochs": 1}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    deadline = time.monotonic() + 120
    while client.get(f"/api/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed"
        time.sleep(0.2)
    return run_id


def test_concurrent_first_bundle_downloads_all_get_the_same_whole_zip(
    client: httpx.Client, trained: str, data: Path
) -> None:
    cookies = dict(client.cookies)

    def download(_: int) -> httpx.Response:
        """One client's download, which does what a 503 (or the client's own 429) asks: on a
        busy machine a first export outlasts the others' second in the CPU queue, and they are
        told to try again."""
        with httpx.Client(base_url=str(client.base_url), cookies=cookies, timeout=120) as c:
            for _ in range(60):
                reply = c.get(f"/api/runs/{trained}/files/bundle.zip")
                if reply.status_code not in (429, 503):
                    return reply
                said = reply.json()["detail"]
                assert said.startswith(("The server is busy", "Too many requests")), reply.text
                time.sleep(float(reply.headers["Retry-After"]))
            return reply

    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(download, range(8)))
    assert [r.status_code for r in replies] == [200] * 8, [r.text[:200] for r in replies]
    assert len({r.content for r in replies}) == 1
    with zipfile.ZipFile(io.BytesIO(replies[0].content)) as archive:
        assert archive.testzip() is None
        assert "weights.safetensors" in archive.namelist()
    assert not list(data.rglob("*.partial"))  # each build's temporary file is gone


def _raw(url: str, request: bytes) -> bytes:
    """Sends bytes as they are and returns the reply's status line and headers."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(request)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    return reply


def _all(url: str, request: bytes) -> bytes:
    """Sends bytes as they are and returns everything the server sends until it closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(request)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return reply


def test_head_sends_headers_only_and_the_connection_goes_on(
    url: str, client: httpx.Client, trained: str
) -> None:
    """curl -I: the reply to HEAD is its GET's headers and no body, so the next reply on the same
    connection starts right after them; a stranger's HEAD gets the GET's 404."""
    owner = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    weights = f"/api/runs/{trained}/weights.safetensors"
    size = len(client.get(weights).content)
    requests = (
        f"HEAD {weights} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {owner}\r\n\r\n"
        f"HEAD {weights} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    sent = _all(url, requests.encode())
    replies = sent.split(b"HTTP/1.1 ")[1:]
    assert [reply[:3] for reply in replies] == [b"200", b"404", b"200"], sent[:600]
    assert f"content-length: {size}\r\n".encode() in replies[0].lower()
    assert replies[0].endswith(b"\r\n\r\n") and replies[1].endswith(b"\r\n\r\n"), sent[:600]
    # The GET after them gets its whole body (its free bytes change from one reply to the next).
    head, body = replies[2].split(b"\r\n\r\n", 1)
    assert f"content-length: {len(body)}\r\n".encode() in head.lower(), replies[2][-200:]
    assert json.loads(body).keys() == client.get("/api/health").json().keys()


def _to_url(
    url: str, target: str, host: str = "127.0.0.1", more: str = ""
) -> tuple[int, dict[str, Any]]:
    """GET sent to a whole URL, as a client that speaks to a proxy sends it: status and JSON body."""
    request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{more}Connection: close\r\n\r\n"
    head, _, body = _all(url, request.encode()).partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


def test_a_request_to_a_whole_url_is_answered_as_its_path_on_its_host(
    url: str, client: httpx.Client, trained: str
) -> None:
    """HTTP/1.1 asks a server to take the absolute form (RFC 9112, 3.2.2): it was a bare 404."""
    port = url.rpartition(":")[2]
    status, body = _to_url(url, f"http://127.0.0.1:{port}/api/health")
    assert status == 200 and body["status"] == "ok", body
    # Its query, a user name left out of the host, the scheme in capitals; the owner's cookie.
    owner = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    target = f"HTTP://me:secret@localhost:{port}/api/runs?status=succeeded"
    status, runs = _to_url(url, target, more=f"Cookie: {owner}\r\n")
    assert status == 200 and trained in [run["id"] for run in runs], runs
    # The URL's host is the one checked, not the Host header (DNS rebinding).
    status, body = _to_url(url, "http://evil.example/api/health", host=f"127.0.0.1:{port}")
    assert status == 400, body
    assert body["detail"].startswith("This server does not answer to the host `evil.example`")
    status, body = _to_url(url, "http:///api/health")
    assert (status, body["detail"]) == (
        400,
        "The request's target `http:///api/health` is a URL without a host: send the path alone "
        "(`GET /api/health`), or the whole URL with this server's host in it.",
    )
    # A path no route has: the app's own 404, which says where the pages are.
    status, body = _to_url(url, f"http://127.0.0.1:{port}/no/such")
    assert status == 404 and body["detail"].startswith("There is no page or file at /no/such")


def _sent_in_part(url: str, head: str, body: bytes) -> None:
    """Sends a request's headers and part of its body, then closes the connection."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(head.encode() + body)
        time.sleep(0.2)  # read by the server before the close, as a slow client's would be


def test_a_client_that_leaves_mid_body_ends_quietly_leaving_nothing(
    url: str, client: httpx.Client, trained: str, data: Path
) -> None:
    """A closed tab during an upload, a picture or a JSON body: one line in the server's log each,
    no traceback, and nothing of the upload on disk."""
    log = data / "server.log"
    seen = len(log.read_bytes())
    kept = sorted(p.relative_to(data) for p in (data / "datasets").rglob("*"))
    owner = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    part = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
        + b"1,2,3\n" * 200_000
    )
    left = {  # each body's first part, and the Content-Type it claims
        "/api/designs/validate": (b'{"design": ' + b" " * 50_000, "application/json"),
        "/api/datasets": (part, "multipart/form-data; boundary=XyZ"),
        f"/api/runs/{trained}/predict-image": (part, "image/png"),
    }
    streamed = list(left)[1:]  # the JSON body is FastAPI's to read: it leaves no line
    for path, (body, kind) in left.items():
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {owner}\r\n"
            f"Content-Type: {kind}\r\nContent-Length: {len(body) + 10_000}\r\n\r\n"
        )
        _sent_in_part(url, head, body)
    deadline = time.monotonic() + 30
    while (text := log.read_bytes()[seen:].decode()).count("the client left") < len(streamed):
        assert time.monotonic() < deadline, text[-3000:]
        time.sleep(0.1)
    assert client.get("/api/health").status_code == 200
    lines = log.read_bytes()[seen:].decode().splitlines()
    assert [line for line in lines if "/api/health" not in line] == [
        f"INFO:     POST {path}: the client left before sending its whole body; nothing of it "
        "was kept."
        for path in streamed
    ]
    assert sorted(p.relative_to(data) for p in (data / "datasets").rglob("*")) == kept


def test_a_declared_huge_json_body_is_refused_unread(url: str) -> None:
    head = (
        "POST /api/designs/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nContent-Length: 500000000\r\n\r\n"
    )
    reply = _raw(url, head.encode() + b'{"design": ')  # the rest is never sent
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def test_a_streamed_json_body_past_the_limit_is_refused(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"design": {"name": "'
        for _ in range(64):  # 4 MiB, without a Content-Length
            yield b"a" * 65536
        yield b'"}}'

    reply = client.post(
        "/api/designs/validate", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 413
    assert "TORCHCANVAS_MAX_JSON_BYTES" in reply.json()["detail"]
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize("owner", ["runs/0123abcd", "shared/some-token"])
@pytest.mark.parametrize("route", ["predict", "grad-cam"])
def test_a_sample_past_the_limit_is_told_how_to_send_samples(
    client: httpx.Client, owner: str, route: str
) -> None:
    """Its 413 spoke of designs and settings, and sent datasets to POST /api/datasets."""
    path = f"/api/{owner}/{route}"
    reply = client.post(path, json={"input": [0.5] * 400_000})  # 2 MB, past the 1 MiB default
    assert reply.status_code == 413
    many = path.rsplit("/", 1)[0] + "/classify-many"
    assert reply.json()["detail"] == (
        "The request body is larger than the limit of 1,048,576 bytes: a model's input is one "
        "sample, and small (a 28×28 picture is 784 numbers), so send one sample at a time (a "
        f"picture may go as its file to POST {path}-image). Many samples go at once, as a CSV or "
        f"a ZIP of pictures, to POST {many}. The server's TORCHCANVAS_MAX_JSON_BYTES sets the "
        "limit."
    )


def test_a_body_under_the_limit_is_read(client: httpx.Client) -> None:
    padded = {"design": {**DIGITS_CNN, "name": "x" * 100}}
    reply = client.post("/api/designs/validate", json=padded)
    assert reply.status_code == 200, reply.text


def test_a_picture_pil_would_only_warn_of_gets_our_413_and_no_warning(
    client: httpx.Client, trained: str, data: Path
) -> None:
    """A few bytes that promise 100 M pixels, where PIL warns and decodes: the real server (no
    pytest filters that make warnings errors) refuses them with our message, and logs nothing."""
    reply = client.post(
        f"/api/runs/{trained}/predict-image",
        content=png_header(10000, 10000),
        headers={"Content-Type": "image/png"},
    )
    assert reply.status_code == 413, reply.text
    assert reply.json()["detail"] == (
        "The picture has more pixels than the limit of 16,777,216: shrink it to at most 4096×4096."
    )
    assert "DecompressionBomb" not in (data / "server.log").read_text()


def _big_csv(rows: int) -> bytes:
    """Numbers in 10 columns and a class target: about 70 bytes a row."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(rows, 10)).round(4)
    body = "\n".join(",".join(map(str, row)) + f",{i % 4}" for i, row in enumerate(x))
    return ("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,y\n" + body + "\n").encode()


def test_health_answers_while_an_upload_is_parsed(url: str, client: httpx.Client) -> None:
    data = _big_csv(300_000)  # about 20 MB
    cookies = dict(client.cookies)
    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(
            lambda: httpx.post(
                f"{url}/api/datasets",
                files={"file": ("big.csv", data, "text/csv")},
                data={"target": "y"},
                cookies=cookies,
                timeout=300,
            )
        )
        answers = []
        while not upload.done():
            answers.append(httpx.get(f"{url}/api/health", timeout=30).status_code)
        reply = upload.result()
    assert reply.status_code == 201, reply.text
    assert reply.json()["train_size"] + reply.json()["val_size"] == 300_000
    assert answers and set(answers) == {200}


@pytest.mark.parametrize(
    ("query", "code", "reason"),
    [
        (
            "",
            4404,
            "Run {run} is not among this browser's runs: open it in the browser that started "
            "it, or ask for a share link.",
        ),
        ("?after=-1", 4422, "after: -1 is under the least allowed, 0: the seq of "),
        ("?batch=zz", 4422, "batch: Input should be a valid boolean, unable to interpret input"),
        (
            "?after=0&aftr=3",
            4422,
            "aftr: not a query parameter of the websocket /api/runs/{{run_id}}/events, which "
            "takes after, batch and heartbeat.",
        ),
        ("?after=0&after=5", 4422, "after: sent 2 times; send it once."),
    ],
    ids=["stranger's run", "negative after", "bad batch", "misspelt parameter", "after twice"],
)
def test_a_refused_websocket_says_why_in_its_close(
    url: str, client: httpx.Client, trained: str, query: str, code: int, reason: str
) -> None:
    """Refused before it was accepted, a websocket reached the browser as a bare 403."""
    ws_url = url.replace("http://", "ws://") + f"/api/runs/{trained}/events{query}"
    owner = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    headers = {} if code == 4404 else {"Cookie": owner}  # 4404: a stranger, without the cookie
    with (
        connect(ws_url, additional_headers=headers, origin=url) as ws,
        pytest.raises(ConnectionClosed) as closed,
    ):
        ws.recv(timeout=30)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == code
    assert closed.value.rcvd.reason.startswith(reason.format(run=trained))


def test_an_unknown_run_s_websocket_closes_with_4404(url: str) -> None:
    ws_url = url.replace("http://", "ws://") + "/api/runs/0123456789abcdef/events"
    with connect(ws_url, origin=url) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404
