"""A person's runs go to another browser with a code made in the first: once, for ten minutes."""

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, LONG, wait_for
from tests.backend.test_datasets_upload import upload
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import LOGIN_COOKIE, OWNER_COOKIE
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.db import Database
from torchcanvas.store.transfers import TRANSFER_SECONDS, TransferStore

TOKEN = "a-long-enough-login-token"
SHORT = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
WRONG = (
    "That code is wrong, used or expired (a code works once, for 10 minutes): make a new one in "
    "the browser that has your runs, and type it here."
)


def _server(data_dir: Path, **settings: object) -> TestClient:
    config = ServerConfig(
        pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, **settings
    )
    return TestClient(create_app(config))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _server(tmp_path_factory.mktemp("transfers"), max_wrong_logins=3) as client:
        yield client


def _run(client: TestClient) -> str:
    created = client.post("/api/runs", json=SHORT)
    assert created.status_code == 201, created.text
    run_id: str = created.json()["id"]
    wait_for(client, run_id, ENDED)
    return run_id


def _ids(client: TestClient, what: str) -> set[str]:
    return {item["id"] for item in client.get(f"/api/{what}").json()}


def test_a_code_brings_the_runs_and_uploads_to_another_browser(home: TestClient) -> None:
    other = TestClient(home.app)
    mine, theirs = _run(home), _run(other)
    my_upload = upload(home, "mine.csv", blobs_csv(seed=1), target="species")["id"]
    their_upload = upload(other, "theirs.csv", blobs_csv(seed=2), target="species")["id"]

    made = home.post("/api/transfers")
    assert made.status_code == 201, made.text
    code = made.json()["code"]
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
    typed = code.lower().replace("-", " ")  # as a person might type it
    claimed = other.post("/api/transfers/claim", json={"code": typed})
    assert claimed.status_code == 200, claimed.text
    assert claimed.json() == {"runs": 2}
    assert other.cookies[OWNER_COOKIE] == home.cookies[OWNER_COOKIE]
    # Both browsers see every run and upload: nothing the claiming browser had is left behind.
    for client in (home, other):
        assert _ids(client, "runs") == {mine, theirs}
        assert _ids(client, "datasets") >= {my_upload, their_upload}
        assert client.get(f"/api/runs/{theirs}").status_code == 200
    # A code works once.
    again = TestClient(home.app).post("/api/transfers/claim", json={"code": code})
    assert (again.status_code, again.json()["detail"]) == (404, WRONG)


def test_wrong_codes_are_refused_then_throttled(tmp_path: Path) -> None:
    with _server(tmp_path, max_wrong_logins=3) as stranger:
        _try_wrong_codes(stranger)


def test_one_browser_s_wrong_codes_leave_others_at_its_address_their_tries(tmp_path: Path) -> None:
    """A class shares one address (a school's network): one student's typos locked every other
    student out for a minute. The address as a whole may send ten browsers' worth, which still
    bounds a script that takes a new identity for each try."""
    with _server(tmp_path, max_wrong_logins=3) as first:
        _try_wrong_codes(first)
        classmate = TestClient(first.app)  # another browser, the same address
        typo = classmate.post("/api/transfers/claim", json={"code": "AAAAA-BBBBC"})
        assert (typo.status_code, typo.json()["detail"]) == (404, WRONG)
        for _ in range(26):  # 30 wrong in all from the address, each from a new identity
            script = TestClient(first.app).post(
                "/api/transfers/claim", json={"code": "ZZZZZ-ZZZZZ"}
            )
            assert script.status_code == 404, script.text
        refused = TestClient(first.app).post("/api/transfers/claim", json={"code": "ZZZZZ-ZZZZZ"})
        assert refused.status_code == 429, refused.text
        assert refused.json()["detail"].startswith(
            "Too many wrong transfer codes from this address (30 in the last minute, 10 times "
            "TORCHCANVAS_MAX_WRONG_LOGINS, from all its browsers): wait "
        )
        assert classmate.post("/api/transfers/claim", json={"code": "A"}).status_code == 429


def _try_wrong_codes(stranger: TestClient) -> None:
    for _ in range(3):
        wrong = stranger.post("/api/transfers/claim", json={"code": "AAAAA-BBBBB"})
        assert (wrong.status_code, wrong.json()["detail"]) == (404, WRONG)
    throttled = stranger.post("/api/transfers/claim", json={"code": "AAAAA-BBBBB"})
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith(
        "Too many wrong transfer codes from this browser (3 in the last minute, "
        "TORCHCANVAS_MAX_WRONG_LOGINS=3): wait "
    )
    assert throttled.json()["detail"].endswith("then type the code again.")
    assert int(throttled.headers["retry-after"]) > 0
    assert _ids(stranger, "runs") == set()


def test_a_code_expires_and_a_new_one_ends_the_old(tmp_path: Path) -> None:
    codes = TransferStore(Database(tmp_path / "db.sqlite"))
    owner = "o" * 43
    code, expires_at = codes.make(owner, now=1000.0)
    assert expires_at == 1000.0 + TRANSFER_SECONDS
    assert codes.redeem(code, now=expires_at) is None  # expired, and forgotten
    first, _ = codes.make(owner, now=2000.0)
    second, _ = codes.make(owner, now=2001.0)
    assert codes.redeem(first, now=2002.0) is None
    assert codes.redeem(second, now=2002.0) == owner
    assert codes.redeem(second, now=2002.0) is None


def test_a_browser_with_nothing_to_bring_makes_no_code(home: TestClient) -> None:
    empty = TestClient(home.app)
    refused = empty.post("/api/transfers")
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"].startswith("This browser has no runs or uploads yet")
    upload(empty, "only.csv", blobs_csv(seed=3), target="species")
    assert empty.post("/api/transfers").status_code == 201  # an upload is worth bringing


def test_the_database_never_holds_the_identity_or_the_code(tmp_path: Path) -> None:
    with _server(tmp_path) as client:
        _run(client)
        code = client.post("/api/transfers").json()["code"]
        owner = client.cookies[OWNER_COOKIE]
    with sqlite3.connect(tmp_path / "torchcanvas.db") as db:
        rows = db.execute("SELECT * FROM owner_transfers").fetchall()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    assert owner not in stored and code.replace("-", "") not in stored


def test_the_login_goes_with_the_identity(tmp_path: Path) -> None:
    with _server(tmp_path, login_token=TOKEN) as first:
        assert first.post("/api/login", json={"token": TOKEN}).status_code == 204
        _run(first)
        code = first.post("/api/transfers").json()["code"]
        second = TestClient(first.app)
        assert second.post("/api/login", json={"token": TOKEN}).status_code == 204
        assert second.post("/api/transfers/claim", json={"code": code}).status_code == 200
        assert LOGIN_COOKIE in second.cookies
        assert second.get("/api/session").json() == {
            "login_required": True,
            "logged_in": True,
            "keep_idle_days": None,
        }
        # Without the login, a code still moves the identity, but not the login with it.
        code = first.post("/api/transfers").json()["code"]
        third = TestClient(first.app)  # a first request, with no cookie yet: it gets this one
        assert third.post("/api/transfers/claim", json={"code": code}).status_code == 200
        assert third.cookies[OWNER_COOKIE] == first.cookies[OWNER_COOKIE]
        assert third.get("/api/session").json()["logged_in"] is False


def test_wrong_codes_sent_at_once_are_throttled_too(tmp_path: Path) -> None:
    # The claim route runs in a thread pool: sent together, every try used to pass the check
    # before the first wrong one was counted. From one browser, and from a script with a new
    # identity for each (bounded by its address's ten browsers' worth).
    with _server(tmp_path, max_wrong_logins=3) as stranger:
        stranger.get("/api/runs")  # its identity's cookie, sent with every try
        assert _at_once(24, lambda: stranger) == [404] * 3 + [429] * 21
    with _server(tmp_path / "again", max_wrong_logins=3) as server:
        assert _at_once(40, lambda: TestClient(server.app)) == [404] * 30 + [429] * 10


def _at_once(tries: int, browser: Callable[[], TestClient]) -> list[int]:
    """The statuses of `tries` wrong codes sent together, each from `browser()`, in order."""
    clients = [browser() for _ in range(tries)]
    barrier = threading.Barrier(tries)

    def claim(client: TestClient) -> int:
        barrier.wait()
        return client.post("/api/transfers/claim", json={"code": "AAAAA-BBBBB"}).status_code

    with ThreadPoolExecutor(max_workers=tries) as pool:
        return sorted(pool.map(claim, clients))


def test_queued_runs_take_their_turns_as_the_new_owners(home: TestClient) -> None:
    """Runs queued in the claiming browser wait as the claimed identity's, not as a second
    person's: after the code, one person has one turn."""
    long = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
    alice, alices_other, carol = (TestClient(home.app) for _ in range(3))
    for browser in (alice, alices_other, carol):  # each browser's cookie, before it trains
        browser.get("/api/health")
    started = [(alice, alice.post("/api/runs", json=long).json()["id"])]
    wait_for(alice, started[0][1], {"running"})  # the only worker: Alice has had a turn
    for client in (alice, alices_other, carol):
        started.append((client, client.post("/api/runs", json=long).json()["id"]))

    def order() -> list[str]:
        """The queued runs in the order they start, each asked of its own browser."""
        places = {r: c.get(f"/api/runs/{r}").json()["queue_position"] for c, r in started[1:]}
        return sorted(places, key=lambda run_id: places[run_id])

    try:
        mine, other, carols = (run_id for _, run_id in started[1:])
        # Two identities, two turns: Alice's first trains, so those with none go before her.
        assert order() == [other, carols, mine]
        code = alice.post("/api/transfers").json()["code"]
        claimed = alices_other.post("/api/transfers/claim", json={"code": code})
        assert claimed.status_code == 200, claimed.text
        assert order() == [carols, mine, other]  # Alice's runs: one turn, after Carol's
    finally:
        for client, run_id in started:
            client.post(f"/api/runs/{run_id}/cancel")
        for client, run_id in started:
            wait_for(client, run_id, ENDED)
