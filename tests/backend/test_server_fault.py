"""A bug in a route answers 500 as every other reply is answered: JSON that says what happened,
the app's security headers, and `Connection: close`, so that a client's next request on the same
connection is not lost (served as `python -m torchcanvas` serves: its h11 protocol)."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from tests.backend.live_server import serving
from tests.serve import free_port
from torchcanvas.api.app import create_app
from torchcanvas.api.crosssite import SECURITY_HEADERS
from torchcanvas.api.routes import datasets
from torchcanvas.config import ServerConfig
from torchcanvas.connections import MAX_HEADER_BYTES, guarded_protocol


@contextmanager
def _served(data_dir: Path) -> Iterator[int]:
    settings = ServerConfig(pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1)
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="critical",  # the traceback of the bug the test makes
        http=guarded_protocol(10.0, 100, 500.0),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )
    with serving(config):
        yield port


def _reply(sock: socket.socket) -> tuple[bytes, dict[str, str], bytes]:
    """One HTTP reply read off a socket: its status line, headers and body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection closed before a reply: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    while len(body) < int(headers["content-length"]):
        body += sock.recv(65536)
    return status.encode(), headers, body


def _bug(*args: object) -> None:
    raise RuntimeError("a bug")


def test_a_bug_answers_500_with_the_security_headers_and_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "list_records", _bug)
    with _served(tmp_path) as port, socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(30)
        sock.sendall(b"GET /api/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        status, headers, body = _reply(sock)
        assert status == b"HTTP/1.1 500 Internal Server Error"
        assert headers["content-type"] == "application/json"
        assert body.decode().startswith('{"detail":"Something went wrong on the server: ')
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, name
        assert headers["connection"] == "close"
        assert sock.recv(1) == b""  # closed, as it said: not reset under a next request
        with socket.create_connection(("127.0.0.1", port)) as again:
            again.settimeout(30)
            again.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _reply(again)[0] == b"HTTP/1.1 200 OK"
