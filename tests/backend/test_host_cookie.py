"""Over https the owner cookie is `__Host-torchcanvas_owner` (Secure, Path=/, no Domain), which no
page of a sibling subdomain can set; a browser from before, with only the plain cookie, keeps its
runs and is moved to the `__Host-` one. Over plain http nothing changes."""

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, wait_for
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import HOST_OWNER_COOKIE, OWNER_COOKIE
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.owners import new_owner_id

SHORT = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
HTTPS = {"X-Forwarded-Proto": "https"}  # what the proxy in front says


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server behind a proxy it trusts (TORCHCANVAS_TRUST_PROXY), which says the scheme."""
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path_factory.mktemp("host_cookie"),
        workers=1,
        worker_threads=1,
        trust_proxy=True,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _ask(
    app: TestClient,
    method: str,
    path: str,
    cookies: dict[str, str],
    https: bool = True,
    **kw: object,
) -> Response:
    """One request with exactly these cookies, as a browser sends them (no jar in between)."""
    headers = {**(HTTPS if https else {}), **({"Cookie": _cookie(cookies)} if cookies else {})}
    return TestClient(app.app).request(method, path, headers=headers, **kw)  # type: ignore[arg-type]


def _set(reply: Response) -> dict[str, str]:
    """The cookies a reply sets, name: the whole Set-Cookie header."""
    headers = reply.headers.get_list("set-cookie")
    return {header.split("=")[0]: header for header in headers}


def _value(header: str) -> str:
    return header.split(";")[0].partition("=")[2]


def _runs(app: TestClient, cookies: dict[str, str], https: bool = True) -> list[str]:
    return [run["id"] for run in _ask(app, "GET", "/api/runs", cookies, https).json()]


def test_over_https_the_owner_cookie_is_a_host_cookie(app: TestClient) -> None:
    given = _set(_ask(app, "GET", "/api/health", {}))
    assert list(given) == [HOST_OWNER_COOKIE]
    flags = [flag.strip() for flag in given[HOST_OWNER_COOKIE].split(";")[1:]]
    assert "Secure" in flags and "Path=/" in flags and "HttpOnly" in flags
    assert not any(flag.lower().startswith("domain") for flag in flags)
    cookie = {HOST_OWNER_COOKIE: _value(given[HOST_OWNER_COOKIE])}
    created = _ask(app, "POST", "/api/runs", cookie, json=SHORT)
    assert created.status_code == 201, created.text
    assert _set(created) == {}  # sent back: nothing new
    assert _runs(app, cookie) == [created.json()["id"]]
    # A plain cookie planted beside it (a sibling subdomain can set one) changes nothing.
    planted = _ask(app, "GET", "/api/health", {}, https=False)
    other = {OWNER_COOKIE: _value(_set(planted)[OWNER_COOKIE])}
    assert _runs(app, {**other, **cookie}) == [created.json()["id"]]
    assert _set(_ask(app, "GET", "/api/runs", {**other, **cookie})) == {}
    wait_for(TestClient(app.app, headers={**HTTPS, "Cookie": _cookie(cookie)}), _id(created), ENDED)


def _upgraded_now(app: TestClient) -> None:
    """The server starts giving `__Host-` cookies now: what ran before ran as an older server."""
    app.app.state.services.host_cookie_since = time.time()  # type: ignore[attr-defined]


def test_a_browser_from_before_keeps_its_runs_and_is_moved_to_the_host_cookie(
    app: TestClient,
) -> None:
    """Its plain cookie, given over http (or before https had its own name), still names it."""
    first = _ask(app, "POST", "/api/runs", {}, https=False, json=SHORT)
    plain = _set(first)[OWNER_COOKIE]
    assert "Secure" not in plain and "__Host-" not in plain  # over http, as it always was
    old = {OWNER_COOKIE: _value(plain)}
    wait_for(TestClient(app.app, cookies=old), _id(first), ENDED)
    # An unsigned cookie from before signatures, with a run of its own.
    before = new_owner_id()
    unsigned = _ask(app, "POST", "/api/runs", {OWNER_COOKIE: before}, https=False, json=SHORT)
    wait_for(TestClient(app.app, cookies={OWNER_COOKIE: before}), _id(unsigned), ENDED)
    _upgraded_now(app)
    moved = _ask(app, "GET", "/api/runs", old)
    assert [run["id"] for run in moved.json()] == [_id(first)]
    given = _set(moved)
    assert _value(given[HOST_OWNER_COOKIE]) == old[OWNER_COOKIE]  # the same identity, signed
    assert "Secure" in given[HOST_OWNER_COOKIE]
    assert "Max-Age=0" in given[OWNER_COOKIE]  # the plain one is forgotten
    new = {HOST_OWNER_COOKIE: _value(given[HOST_OWNER_COOKIE])}
    assert _runs(app, new) == [_id(first)]
    assert _set(_ask(app, "GET", "/api/runs", new)) == {}
    # The unsigned one moves too, signed.
    signed = _set(_ask(app, "GET", "/api/runs", {OWNER_COOKIE: before}))[HOST_OWNER_COOKIE]
    assert _value(signed).partition(".")[0] == before


def test_a_plain_cookie_planted_on_a_new_browser_is_not_taken(app: TestClient) -> None:
    """A page of a sibling subdomain sets its own identity, in the plain name, on a browser that
    has no `__Host-` cookie yet (a new visitor): whatever that browser then made would be the
    attacker's. A plain cookie counts only for an identity with runs from before `__Host-`
    cookies began; any other is a new browser's."""
    _upgraded_now(app)
    attacker = _value(_set(_ask(app, "GET", "/api/health", {}, https=False))[OWNER_COOKIE])
    made = _ask(app, "POST", "/api/runs", {OWNER_COOKIE: attacker}, https=False, json=SHORT)
    assert made.status_code == 201, made.text  # runs of its own, made after the change
    wait_for(TestClient(app.app, cookies={OWNER_COOKIE: attacker}), _id(made), ENDED)
    victim = _ask(
        app,
        "POST",
        "/api/datasets",
        {OWNER_COOKIE: attacker},
        files={"file": ("blobs.csv", blobs_csv(), "text/csv")},
        data={"target": "species"},
    )
    assert victim.status_code == 201, victim.text
    given = _value(_set(victim)[HOST_OWNER_COOKIE])
    assert given.partition(".")[0] != attacker.partition(".")[0]  # a new browser's identity
    theirs = _ask(app, "GET", "/api/datasets", {OWNER_COOKIE: attacker}, https=False).json()
    assert victim.json()["id"] not in [d["id"] for d in theirs]
    mine = _ask(app, "GET", "/api/datasets", {HOST_OWNER_COOKIE: given}).json()
    assert victim.json()["id"] in [d["id"] for d in mine]


def test_over_plain_http_the_cookie_keeps_its_name(app: TestClient) -> None:
    for https in ({"X-Forwarded-Proto": "http"}, {}):
        reply = TestClient(app.app).get("/api/health", headers=https)
        given = _set(reply)
        assert list(given) == [OWNER_COOKIE], given
        assert "Secure" not in given[OWNER_COOKIE]
        # A __Host- cookie is no cookie over http (no browser sends one there).
        runs = TestClient(app.app).get(
            "/api/runs",
            headers={**https, "Cookie": f"{HOST_OWNER_COOKIE}={_value(given[OWNER_COOKIE])}"},
        )
        assert runs.json() == [] and OWNER_COOKIE in _set(runs)


def test_a_transfer_code_claimed_over_https_gives_the_host_cookie(app: TestClient) -> None:
    home = {HOST_OWNER_COOKIE: _value(_set(_ask(app, "GET", "/api/health", {}))[HOST_OWNER_COOKIE])}
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    data = {"target": "species"}
    assert _ask(app, "POST", "/api/datasets", home, files=files, data=data).status_code == 201
    code = _ask(app, "POST", "/api/transfers", home).json()["code"]
    claimed = _ask(app, "POST", "/api/transfers/claim", {}, json={"code": code})
    assert claimed.status_code == 200, claimed.text
    given = claimed.headers.get_list("set-cookie")
    assert [c.split("=")[0] for c in given] == [HOST_OWNER_COOKIE], given
    assert _value(given[0]) == home[HOST_OWNER_COOKIE]


def _cookie(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _id(reply: Response) -> str:
    run_id: str = reply.json()["id"]
    return run_id
