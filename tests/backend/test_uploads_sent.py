"""An upload that names itself by a token (Upload-Token): its sender, whose reply was lost, asks
what became of it, as the server reads it (`reading`) and after (`stored`, or `none` for one cut
short, refused, or another browser's). A real server over sockets, for the upload still coming."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from tests.backend.live_server import LiveServer, live_server
from tests.backend.upload_files import blobs_csv

TOKEN = "upload-token-0123456789"
RULE = (
    "An upload token must be 16 to 100 letters, digits, - or _, a new random one for each upload."
)


def form(csv: bytes) -> bytes:
    return (
        b'--b\r\nContent-Disposition: form-data; name="target"\r\n\r\nspecies\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="blobs.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + csv + b"\r\n--b--\r\n"
    )


def test_a_token_says_which_upload_was_kept_and_only_to_its_owner(data_dir: Path) -> None:
    with open_client(data_dir) as mine:
        files = {"file": ("blobs.csv", blobs_csv())}
        headers = {"Upload-Token": TOKEN}
        stored = mine.post(
            "/api/datasets", files=files, data={"target": "species"}, headers=headers
        )
        assert stored.status_code == 201, stored.text
        sent = mine.get(f"/api/uploads-sent/{TOKEN}").json()
        assert (sent["state"], sent["dataset"]["id"]) == ("stored", stored.json()["id"])
        assert mine.get("/api/uploads-sent/another-token-0123456").json() == {
            "state": "none",
            "dataset": None,
        }
        other = TestClient(mine.app)  # another browser, with a cookie of its own
        assert other.get(f"/api/uploads-sent/{TOKEN}").json()["state"] == "none"
        # Sent again with the token (a retry that did not ask first), it is refused, not kept
        # twice, and the token still names the first; another browser's token is its own.
        again = mine.post("/api/datasets", files=files, data={"target": "species"}, headers=headers)
        assert again.status_code == 409, again.text
        assert again.json()["detail"] == (
            f"This Upload-Token already names another upload of yours ({stored.json()['id']}, "
            "being read or kept): GET /api/uploads-sent/{token} says what became of it. Send a "
            "new random token with each upload."
        )
        assert [d["id"] for d in mine.get("/api/datasets").json()] == [stored.json()["id"]]
        assert mine.get(f"/api/uploads-sent/{TOKEN}").json()["dataset"]["id"] == stored.json()["id"]
        theirs = TestClient(mine.app)
        theirs_stored = theirs.post(
            "/api/datasets", files=files, data={"target": "species"}, headers=headers
        )
        assert theirs_stored.status_code == 201, theirs_stored.text
        # Deleted, it is none again, and the token may name a new upload.
        assert mine.delete(f"/api/datasets/{stored.json()['id']}").status_code == 204
        assert mine.get(f"/api/uploads-sent/{TOKEN}").json()["state"] == "none"
        anew = mine.post("/api/datasets", files=files, data={"target": "species"}, headers=headers)
        assert anew.status_code == 201, anew.text
        for bad in ("short", "has space in it 0123456", "x" * 101):
            asked = mine.get(f"/api/uploads-sent/{bad}")
            assert (asked.status_code, asked.json()["detail"]) == (422, RULE), bad
        refused = mine.post(
            "/api/datasets", files=files, data={"target": "species"}, headers={"Upload-Token": "no"}
        )
        assert (refused.status_code, refused.json()["detail"]) == (422, RULE)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(tmp_path) as live:
        yield live


def sending(server: LiveServer, token: str, body: bytes) -> socket.socket:
    """A connection that sent an upload's headers and all but the last kilobyte of its body."""
    port = int(server.url.rsplit(":", 1)[1])
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(
        f"POST /api/datasets HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {server.cookie}\r\n"
        f"Upload-Token: {token}\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n".encode()
        + body[:-1024]
    )
    return connection


def state_becomes(server: LiveServer, token: str, state: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while (sent := server.request("GET", f"/api/uploads-sent/{token}")[1])["state"] != state:
        assert time.monotonic() < deadline, f"{sent}, not {state}"
        time.sleep(0.05)
    return sent


def test_an_upload_is_reading_until_stored_and_none_once_cut_short(server: LiveServer) -> None:
    body = form(blobs_csv(rows=4000))
    with sending(server, "upload-being-read-0001", body) as connection:
        state_becomes(server, "upload-being-read-0001", "reading")
        connection.sendall(body[-1024:])
        reply = connection.makefile("rb").read()
    assert b" 201 " in reply.split(b"\r\n", 1)[0], reply[:300]
    sent = state_becomes(server, "upload-being-read-0001", "stored")
    assert sent["dataset"]["id"].encode() in reply  # type: ignore[index]
    with sending(server, "upload-cut-short-0002", body):
        state_becomes(server, "upload-cut-short-0002", "reading")
    state_becomes(server, "upload-cut-short-0002", "none")  # the server kept nothing of it
