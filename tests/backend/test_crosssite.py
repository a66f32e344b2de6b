"""Cross-site requests against a real server: foreign origins get 403 and change nothing."""

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.upload_files import blobs_csv
from tests.serve import serve

ALLOWED = "https://app.example.org"
RUN = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crosssite")


@pytest.fixture(scope="module")
def url(data: Path) -> Iterator[str]:
    with serve(data, TORCHCANVAS_ALLOWED_ORIGINS=ALLOWED) as url:
        yield url


@pytest.fixture(scope="module")
def owner(url: str) -> Iterator[httpx.Client]:
    """A client with an owner cookie, as a browser that has used the app has."""
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.get("/api/health").status_code == 200
        assert "torchcanvas_owner" in client.cookies
        yield client


@pytest.fixture(scope="module")
def run_id(owner: httpx.Client) -> str:
    reply = owner.post("/api/runs", json=RUN)
    assert reply.status_code == 201, reply.text
    run: str = reply.json()["id"]
    return run


def own(url: str) -> str:
    return url  # http://127.0.0.1:<port>, as a page of the server sends it


def other_port(url: str) -> str:
    host, _, port = url.rpartition(":")
    return f"{host}:{int(port) + 1}"


FOREIGN = ["https://evil.example", "null", "http://localhost", "file://"]


def refused(reply: httpx.Response, origin: str) -> None:
    assert reply.status_code == 403, reply.text
    detail = reply.json()["detail"]
    assert f"origin `{origin}`" in detail
    assert "TORCHCANVAS_ALLOWED_ORIGINS" in detail


@pytest.mark.parametrize("origin", [*FOREIGN, "other-port"])
def test_a_foreign_origin_cannot_start_a_run(url: str, owner: httpx.Client, origin: str) -> None:
    origin = other_port(url) if origin == "other-port" else origin
    before = owner.get("/api/runs").json()
    reply = owner.post("/api/runs", json=RUN, headers={"Origin": origin})
    refused(reply, origin.rstrip("/").lower())
    assert owner.get("/api/runs").json() == before


def test_body_less_actions_from_a_foreign_origin_change_nothing(
    owner: httpx.Client, run_id: str
) -> None:
    for action in ("cancel", "pause", "resume", "step", "continue"):
        reply = owner.post(f"/api/runs/{run_id}/{action}", headers={"Origin": "null"})
        refused(reply, "null")
    assert owner.delete(f"/api/runs/{run_id}", headers={"Origin": "null"}).status_code == 403
    assert owner.get(f"/api/runs/{run_id}").status_code == 200


def test_a_foreign_form_upload_is_refused_and_stores_nothing(owner: httpx.Client) -> None:
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    reply = owner.post(
        "/api/datasets",
        files=files,
        data={"target": "species"},
        headers={"Origin": "https://evil.example"},
    )
    refused(reply, "https://evil.example")
    assert owner.get("/api/datasets").json() == []


def test_fetch_metadata_without_origin_is_checked(owner: httpx.Client) -> None:
    for site in ("cross-site", "same-site"):
        reply = owner.post("/api/runs", json=RUN, headers={"Sec-Fetch-Site": site})
        assert reply.status_code == 403, reply.text
        assert reply.json()["detail"].startswith(
            f"Refused a request from a {site} page (the browser's Sec-Fetch-Site): TorchCanvas "
        )  # not "the origin `cross-site`", which is no origin
    reply = owner.post(
        "/api/designs/validate", json={"design": DIGITS_CNN}, headers={"Sec-Fetch-Site": "none"}
    )
    assert reply.status_code == 200


def test_own_and_allowed_origins_and_scripts_may_act(url: str, owner: httpx.Client) -> None:
    body = {"design": DIGITS_CNN}
    for headers in (
        {"Origin": own(url)},
        {"Origin": own(url) + "/", "Sec-Fetch-Site": "same-origin"},
        {"Origin": ALLOWED, "Sec-Fetch-Site": "cross-site"},
        {},  # curl and scripts send no Origin
    ):
        reply = owner.post("/api/designs/validate", json=body, headers=headers)
        assert reply.status_code == 200, (headers, reply.text)
    upload = owner.post(
        "/api/datasets",
        files={"file": ("blobs.csv", blobs_csv(), "text/csv")},
        data={"target": "species"},
        headers={"Origin": own(url)},
    )
    assert upload.status_code == 201, upload.text


TWO_ORIGINS = (
    "Refused a request with 2 Origin headers: a browser sends one, so the page it came from "
    "cannot be told. Send a single Origin header, or none from a script."
)


def test_a_second_origin_header_is_refused_not_ignored(url: str, owner: httpx.Client) -> None:
    """Only the first Origin was checked: the server's own, then a foreign one, passed."""
    for origins in ([own(url), "http://evil.example"], [own(url), own(url)]):
        headers = [("Origin", origin) for origin in origins]
        reply = owner.post("/api/designs/validate", json={"design": DIGITS_CNN}, headers=headers)
        assert reply.status_code == 403, reply.text
        assert reply.json()["detail"] == TWO_ORIGINS


def test_reads_from_anywhere_still_answer(owner: httpx.Client, run_id: str) -> None:
    reply = owner.get(f"/api/runs/{run_id}", headers={"Origin": "https://evil.example"})
    assert reply.status_code == 200  # no CORS headers: the foreign page cannot read it


def _socket_url(url: str, run_id: str) -> str:
    return url.replace("http://", "ws://") + f"/api/runs/{run_id}/events"


def _cookie(owner: httpx.Client) -> dict[str, str]:
    return {"Cookie": f"torchcanvas_owner={owner.cookies['torchcanvas_owner']}"}


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "other-port"])
def test_the_websocket_refuses_a_foreign_origin(
    url: str, owner: httpx.Client, run_id: str, origin: str, data: Path
) -> None:
    origin = other_port(url) if origin == "other-port" else origin
    with pytest.raises(InvalidStatus) as refusal:
        connect(
            _socket_url(url, run_id),
            origin=origin,  # type: ignore[arg-type]
            additional_headers=_cookie(owner),
        )
    response = refusal.value.response
    assert response.status_code == 403
    assert "TORCHCANVAS_ALLOWED_ORIGINS" in json.loads(response.body)["detail"]
    # A refusal is the handshake's end, not the server's error: each one logged an ERROR, and
    # any page could fill the log with them.
    assert "without completing handshake" not in (data / "server.log").read_text()


def test_the_websocket_refuses_a_second_origin_header(
    url: str, owner: httpx.Client, run_id: str
) -> None:
    """The websockets library refuses the handshake (400) before the origin check would (403)."""
    origins = [("Origin", own(url)), ("Origin", "http://evil.example")]
    with pytest.raises(InvalidStatus) as refusal:
        connect(_socket_url(url, run_id), additional_headers=[*_cookie(owner).items(), *origins])
    assert refusal.value.response.status_code == 400


@pytest.mark.parametrize("origin", ["own", None])
def test_the_websocket_serves_its_own_pages_and_scripts(
    url: str, owner: httpx.Client, run_id: str, origin: str | None
) -> None:
    with connect(
        _socket_url(url, run_id),
        origin=own(url) if origin else None,  # type: ignore[arg-type]
        additional_headers=_cookie(owner),
    ) as socket:
        first: dict[str, Any] = json.loads(socket.recv(timeout=60))
    assert first["seq"] == 1


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/runs/nope", "/openapi.json"])
def test_every_reply_carries_the_security_headers(owner: httpx.Client, path: str) -> None:
    headers = owner.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_a_refusal_carries_them_too(owner: httpx.Client) -> None:
    reply = owner.post("/api/runs", json=RUN, headers={"Origin": "null"})
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


def test_the_owner_cookie_is_secure_only_over_https(url: str) -> None:
    forwarded = {"X-Forwarded-Proto": "https"}
    plain = httpx.get(f"{url}/api/health").headers["set-cookie"]
    assert "Secure" not in plain
    # Without TORCHCANVAS_TRUST_PROXY, a client cannot claim https for itself.
    claimed = httpx.get(f"{url}/api/health", headers=forwarded).headers["set-cookie"]
    assert "Secure" not in claimed


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("proxied"), TORCHCANVAS_TRUST_PROXY="1") as url:
        yield url


def test_behind_a_trusted_proxy_https_makes_the_cookie_secure(proxied: str) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "canvas.example.org"}
    cookie = httpx.get(f"{proxied}/api/health", headers=forwarded).headers["set-cookie"]
    assert "; Secure" in cookie
    assert "HttpOnly" in cookie
    # The proxy's public origin is the server's own origin.
    reply = httpx.post(
        f"{proxied}/api/designs/validate",
        json={"design": DIGITS_CNN},
        headers={**forwarded, "Origin": "https://canvas.example.org"},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    reply = httpx.post(
        f"{proxied}/api/designs/validate",
        json={"design": DIGITS_CNN},
        headers={**forwarded, "Origin": "http://canvas.example.org"},
    )
    assert reply.status_code == 403


def test_origins_compare_without_default_ports() -> None:
    from torchcanvas.api.crosssite import foreign_origin

    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "http",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000")],
    }
    assert foreign_origin(scope, set()) is None
    scope["headers"] = [(b"host", b"127.0.0.1:80"), (b"origin", b"http://127.0.0.1")]
    assert foreign_origin(scope, set()) is None
    scope["headers"] = [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8001")]
    assert foreign_origin(scope, set()) == "http://127.0.0.1:8001"


def test_the_api_docs_page_allows_only_its_own_inline_script(owner: httpx.Client) -> None:
    import base64
    import hashlib
    import re

    page = owner.get("/docs")
    csp = page.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", page.text, flags=re.DOTALL)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/runs"), ("POST", "/api/datasets"), ("GET", "/api/runs")],
)
def test_a_host_this_server_does_not_answer_to_is_refused(
    url: str, owner: httpx.Client, method: str, path: str
) -> None:
    """DNS rebinding: evil.example resolves to this server, and its page's origin matches Host."""
    port = url.rpartition(":")[2]
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    files = {"file": ("blobs.csv", blobs_csv())} if path == "/api/datasets" else None
    body = RUN if path == "/api/runs" else None
    reply = owner.request(method, path, json=body, files=files, headers=rebound)
    assert reply.status_code == 400, reply.text
    assert reply.json()["detail"] == (
        "This server does not answer to the host `evil.example`, which protects it from DNS "
        "rebinding: open it by its IP address or localhost, or, to reach it by this name, add "
        "the name to TORCHCANVAS_ALLOWED_HOSTS (comma-separated) where the server runs."
    )
    assert reply.headers["x-frame-options"] == "DENY"


def test_a_request_without_a_host_header_is_told_to_send_one(url: str) -> None:
    """HTTP/1.0 may leave Host out: it was told the server does not answer to the host ``."""
    port = int(url.rpartition(":")[2])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET /api/health HTTP/1.0\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert json.loads(body)["detail"] == (
        "The request has no Host header: send one naming this server (its IP address or "
        "localhost, or a name in TORCHCANVAS_ALLOWED_HOSTS), as HTTP/1.1 asks."
    )


def test_the_schema_says_any_operation_may_refuse_a_foreign_host(url: str) -> None:
    schema = httpx.get(f"{url}/openapi.json").json()
    said = {
        (method, path): op["responses"].get("400", {}).get("description", "")
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }
    assert said and all("TORCHCANVAS_ALLOWED_HOSTS" in text for text in said.values()), said


def test_the_websocket_refuses_a_rebound_host(url: str, run_id: str) -> None:
    port = url.rpartition(":")[2]
    ws_url = f"ws://evil.example:{port}/api/runs/{run_id}/events"
    sock = socket.create_connection(("127.0.0.1", int(port)))  # evil.example, rebound
    with pytest.raises(InvalidStatus) as refusal:
        connect(ws_url, sock=sock, origin=f"http://evil.example:{port}")
    assert refusal.value.response.status_code == 400
    assert b"DNS rebinding" in refusal.value.response.body


@pytest.mark.parametrize(
    "host", ["localhost", "app.localhost", "127.0.0.1", "[::1]", "app.example.org"]
)
def test_addresses_localhost_and_allowed_origins_hosts_are_answered(url: str, host: str) -> None:
    port = url.rpartition(":")[2]
    reply = httpx.get(f"{url}/api/health", headers={"Host": f"{host}:{port}"})
    assert reply.status_code == 200, reply.text


def test_allowed_hosts_and_a_trusted_proxy_add_names(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from torchcanvas.api.hosts import answers_to, known_hosts
    from torchcanvas.config import ServerConfig

    settings = ServerConfig(
        allowed_hosts="canvas.lan, Other.Example:8000", allowed_origins="https://app.example.org"
    )
    known = known_hosts(settings)
    for host in ["canvas.lan:8000", "other.example", "app.example.org", "10.0.0.7:8000"]:
        assert answers_to(host, known), host
    assert not answers_to("evil.example:8000", known)
    assert not answers_to("", known)


def test_a_share_links_token_stays_out_of_the_servers_log(
    url: str, data: Path, owner: httpx.Client, run_id: str
) -> None:
    """Its token is a bearer link to the model: uvicorn logged every path whole, to docker logs
    and whatever collects them. A line keeps its last four characters, as the owner's list
    names the link."""
    deadline = time.monotonic() + 120
    while owner.get(f"/api/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed"
        time.sleep(0.2)
    share = owner.post(f"/api/runs/{run_id}/shares", json={})
    assert share.status_code == 201, share.text
    token = share.json()["url"].rsplit("/", 1)[1]
    with httpx.Client(base_url=url, timeout=60) as visitor:  # no cookie: anyone with the link
        assert visitor.get(f"/s/{token}").status_code == 200
        events = visitor.get(f"/api/shared/{token}/events", params={"after": "0"})
        assert events.status_code == 200, events.text
    ws_url = url.replace("http", "ws", 1) + f"/api/shared/{token}/events"
    with connect(ws_url, origin=Origin(url)) as socket:
        assert json.loads(socket.recv(timeout=30))
    log = (data / "server.log").read_text()
    assert token not in log
    for path in (f"/s/...{token[-4:]}", f"/api/shared/...{token[-4:]}/events?after=0"):
        assert f"{path} HTTP/1.1" in log, log[-3000:]
    assert f'"WebSocket /api/shared/...{token[-4:]}/events' in log, log[-3000:]
