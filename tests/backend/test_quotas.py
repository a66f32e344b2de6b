"""Quotas per owner and throttles per address: each a setting, each a clear 429."""

import io
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi import HTTPException, Request
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, read_socket, wait_for
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import OWNER_COOKIE, owner_identity
from torchcanvas.api.app import create_app
from torchcanvas.api.deps import client_address
from torchcanvas.api.quotas import check_queue_share, upload_bytes
from torchcanvas.config import ServerConfig
from torchcanvas.design.schema import Design
from torchcanvas.runs.disk_watch import DiskWatch, quota_stop_message
from torchcanvas.sizes import size_text
from torchcanvas.store.db import Database
from torchcanvas.store.disk_use import DiskUse, FolderSizes, folder_bytes
from torchcanvas.store.owners import digest
from torchcanvas.store.queued_from import QueuedFrom
from torchcanvas.store.runs import RunStore
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.settings import TrainingSettings

TOKEN = "a-long-enough-login-token"
LONG = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1000}}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> ServerConfig:
    return ServerConfig(
        pin_cores=False,
        data_dir=tmp_path_factory.mktemp("quotas"),
        workers=1,
        worker_threads=1,
        max_active_runs=2,
        max_upload_bytes_per_owner=60_000,
    )


@pytest.fixture(scope="module")
def client(settings: ServerConfig) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def _stranger(client: TestClient) -> TestClient:
    other = TestClient(client.app)
    other.get("/api/health")
    return other


def test_active_runs_per_owner_have_a_quota(client: TestClient) -> None:
    first = [client.post("/api/runs", json=LONG).json()["id"] for _ in range(2)]
    refused = client.post("/api/runs", json=LONG)
    assert refused.status_code == 429
    assert "TORCHCANVAS_MAX_ACTIVE_RUNS=2" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 0
    # Another owner is not held back by this one's runs.
    stranger = _stranger(client)
    theirs = stranger.post("/api/runs", json=LONG)
    assert theirs.status_code == 201
    # An ended run frees its place: once it has ended (a running run stops before its next step).
    assert client.post(f"/api/runs/{first[0]}/cancel").status_code == 200
    wait_for(client, first[0], ENDED)
    again = client.post("/api/runs", json=LONG)
    assert again.status_code == 201
    for run_id in (first[1], again.json()["id"]):
        client.post(f"/api/runs/{run_id}/cancel")
    stranger.post(f"/api/runs/{theirs.json()['id']}/cancel")


def test_runs_list_pages_the_callers_runs_only(client: TestClient) -> None:
    mine: list[dict[str, Any]] = client.get("/api/runs").json()
    assert len(mine) == 3  # the stranger's run is not among them
    page = client.get("/api/runs", params={"limit": 2}).json()
    rest = client.get("/api/runs", params={"limit": 2, "offset": 2}).json()
    assert [r["id"] for r in page + rest] == [r["id"] for r in mine]
    created = [r["created_at"] for r in mine]
    assert created == sorted(created, reverse=True)
    assert client.get("/api/runs", params={"limit": 0}).status_code == 422


def test_upload_bytes_per_owner_have_a_quota(client: TestClient, settings: ServerConfig) -> None:
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    replies = []
    for _ in range(12):
        replies.append(client.post("/api/datasets", files=files, data={"target": "species"}))
        if replies[-1].status_code != 201:
            break
    assert replies[0].status_code == 201
    assert replies[-1].status_code == 429, replies[-1].text
    assert "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER" in replies[-1].json()["detail"]
    assert "retry-after" not in replies[-1].headers  # waiting frees nothing: deleting does
    mine = [d["id"] for d in client.get("/api/datasets").json()]
    assert 0 < upload_bytes(settings.data_dir, mine) <= settings.max_upload_bytes_per_owner
    # Deleting an upload makes room again.
    first = replies[0].json()["id"]
    assert client.delete(f"/api/datasets/{first}").status_code == 204
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    assert client.post("/api/datasets", files=files, data={"target": "species"}).status_code == 201


def test_the_upload_quota_counts_what_an_upload_becomes_once_stored(tmp_path: Path) -> None:
    x = np.random.default_rng(0).integers(0, 100, (2500, 64)).astype(np.int8)
    out = io.BytesIO()
    np.savez(out, x=x, y=(np.arange(2500) % 2).astype(np.int8))  # 163 KB; stored: 660,000 bytes
    settings = ServerConfig(
        pin_cores=False, data_dir=tmp_path, workers=1, max_upload_bytes_per_owner=200_000
    )
    with TestClient(create_app(settings)) as small:
        small.get("/api/health")  # the cookie the server gives: the quota is this owner's
        refused = small.post("/api/datasets", files={"file": ("a.npz", out.getvalue())})
    assert (refused.status_code, refused.json()["detail"]) == (
        429,
        "Your uploads take 0 bytes, and this one would take 645 KiB more once stored: more than "
        "your quota of 195 KiB (TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER): delete uploads you no longer "
        "need, then upload again.",
    )
    assert not any((tmp_path / "datasets").iterdir())


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[TestClient]:
    """A server that needs a login token, its own: a test that was throttled leaves it behind."""
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path,
        workers=1,
        worker_threads=1,
        login_token=TOKEN,
        max_wrong_logins=3,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_wrong_logins_per_address_are_throttled(locked: TestClient) -> None:
    assert locked.post("/api/login", json={"token": TOKEN}).status_code == 204
    for _ in range(3):
        assert locked.post("/api/login", json={"token": "wrong-token"}).status_code == 401
    throttled = locked.post("/api/login", json={"token": "wrong-token"})
    assert throttled.status_code == 429
    assert "TORCHCANVAS_MAX_WRONG_LOGINS=3" in throttled.json()["detail"]
    assert 1 <= int(throttled.headers["retry-after"]) <= 61
    # While throttled, even the right token waits: guessing gains nothing.
    assert locked.post("/api/login", json={"token": TOKEN}).status_code == 429


def test_one_browsers_wrong_logins_leave_its_classmates_on_the_address_alone(
    locked: TestClient,
) -> None:
    """A class behind one school address: a student's typos throttled the address, and every
    classmate's right token got 429 for a minute. A browser is throttled on its own; its address
    only at ten browsers' worth, which still stops a script taking a new identity per guess."""
    for _ in range(3):
        assert locked.post("/api/login", json={"token": "wrong-token"}).status_code == 401
    assert locked.post("/api/login", json={"token": TOKEN}).status_code == 429
    classmate = TestClient(locked.app)
    assert classmate.post("/api/login", json={"token": TOKEN}).status_code == 204
    # A pasted token with a space or a line end after it is the token.
    late = TestClient(locked.app)
    assert late.post("/api/login", json={"token": f" {TOKEN}\n"}).status_code == 204

    answers = [
        TestClient(locked.app).post("/api/login", json={"token": "wrong-token"}) for _ in range(30)
    ]
    codes = [answer.status_code for answer in answers]
    assert codes == [401] * 27 + [429] * 3  # 3 already wrong, then 27 more: the address's 30
    detail = answers[-1].json()["detail"]
    assert "from this address" in detail and "10 times TORCHCANVAS_MAX_WRONG_LOGINS" in detail
    assert TestClient(locked.app).post("/api/login", json={"token": TOKEN}).status_code == 429


def test_people_logged_in_share_an_address_without_sharing_its_queue_share(
    locked: TestClient,
) -> None:
    """A class behind one school address, logged in with the server's token: the first few
    students' runs filled the address's half of the queue, and the rest got 429 with no run at
    all. Logged in, each student is a person the server's owner let in, counted on their own."""
    assert locked.post("/api/login", json={"token": TOKEN}).status_code == 204
    with _queue_held(locked, 2) as started:  # the address's share: one run waiting
        for _ in range(2):
            student = TestClient(locked.app)
            assert student.post("/api/login", json={"token": TOKEN}).status_code == 204
            queued = student.post("/api/runs", json=LONG)
            assert queued.status_code == 201, queued.text
            started.append((student, queued.json()["id"]))
        # The queue itself stays bounded: its two places are taken.
        late = TestClient(locked.app)
        assert late.post("/api/login", json={"token": TOKEN}).status_code == 204
        assert late.post("/api/runs", json=LONG).status_code == 503


def test_quota_replies_are_in_the_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    reply = schema["paths"]["/api/runs"]["post"]["responses"]["429"]
    assert "Retry-After" in reply["headers"]


def test_continuing_a_run_counts_against_the_quota(client: TestClient) -> None:
    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    ended = client.post("/api/runs", json=short).json()["id"]
    wait_for(client, ended, ENDED)
    first = [client.post("/api/runs", json=LONG).json()["id"] for _ in range(2)]
    try:
        refused = client.post(f"/api/runs/{ended}/continue", json={"epochs": 1})
        assert refused.status_code == 429, refused.text
        assert "TORCHCANVAS_MAX_ACTIVE_RUNS=2" in refused.json()["detail"]
        assert client.get(f"/api/runs/{ended}").json()["status"] in ENDED
    finally:
        for run_id in first:
            client.post(f"/api/runs/{run_id}/cancel")
    for run_id in first:
        wait_for(client, run_id, ENDED)
    services = client.app.state.services  # type: ignore[attr-defined]
    services.settings.min_free_bytes = 2**62
    try:
        full = client.post(f"/api/runs/{ended}/continue", json={"epochs": 1})
        assert full.status_code == 507, full.text
    finally:
        services.settings.min_free_bytes = 0
    assert client.post(f"/api/runs/{ended}/continue", json={"epochs": 1}).status_code == 200
    client.post(f"/api/runs/{ended}/cancel")


def test_continuing_a_run_needs_the_login(locked: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    run_id = locked.post("/api/runs", json=body, headers=bearer).json()["id"]
    wait_for(locked, run_id, ENDED)
    owner_only = TestClient(
        locked.app, cookies={"torchcanvas_owner": locked.cookies["torchcanvas_owner"]}
    )
    refused = owner_only.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert refused.status_code == 401, refused.text
    assert "POST it to /api/login" in refused.json()["detail"]
    allowed = owner_only.post(f"/api/runs/{run_id}/continue", json={"epochs": 1}, headers=bearer)
    assert allowed.status_code == 200, allowed.text
    owner_only.post(f"/api/runs/{run_id}/cancel")


def _logged(data_dir: Path, run_ids: list[str]) -> int:
    """What these runs' events take in the database, read with SQL."""
    with sqlite3.connect(data_dir / "torchcanvas.db") as db:
        marks = ",".join("?" * len(run_ids))
        query = f"SELECT COALESCE(SUM(LENGTH(body)), 0) FROM events WHERE run_id IN ({marks})"
        return int(db.execute(query, run_ids).fetchone()[0])


def test_the_disk_an_owners_runs_take_has_a_quota(client: TestClient) -> None:
    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    ended = client.post("/api/runs", json=short).json()["id"]
    wait_for(client, ended, ENDED)
    services = client.app.state.services  # type: ignore[attr-defined]
    runs = services.settings.data_dir / "runs"
    assert folder_bytes(runs / ended) > 10_000  # its weights, at least
    mine = [r["id"] for r in client.get("/api/runs").json()]
    files = sum(folder_bytes(runs / run_id) for run_id in mine)
    logs = _logged(services.settings.data_dir, mine)
    assert logs > 1000  # a run's events: its epochs, frames and end
    used = files + logs
    ended_bytes = folder_bytes(runs / ended) + _logged(services.settings.data_dir, [ended])
    # Past the limit only with the logs counted, and under it once `ended` is deleted.
    services.settings.max_run_bytes_per_owner = max(files, used - ended_bytes) + 1
    try:
        refused = client.post("/api/runs", json=short)
        assert refused.status_code == 429, refused.text
        detail = refused.json()["detail"]
        assert "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER" in detail
        assert f"Your runs take {size_text(used)} of this server's disk" in detail, detail
        assert "delete runs you no longer need" in detail
        assert "retry-after" not in refused.headers
        again = client.post(f"/api/runs/{ended}/continue", json={"epochs": 1})
        assert again.status_code == 429, again.text
        # Another owner is not held back by this one's runs.
        theirs = _stranger(client).post("/api/runs", json=short)
        assert theirs.status_code == 201, theirs.text
        # Deleting a run makes room again.
        assert client.delete(f"/api/runs/{ended}").status_code == 204
        allowed = client.post("/api/runs", json=short)
        assert allowed.status_code == 201, allowed.text
        wait_for(client, allowed.json()["id"], ENDED)
    finally:
        services.settings.max_run_bytes_per_owner = 2**40


@contextmanager
def _queue_held(client: TestClient, places: int) -> Iterator[list[tuple[TestClient, str]]]:
    """A queue of `places`, its one worker busy with a long run; every run appended to the list
    it gives, with the client that owns it, is stopped after."""
    for run in client.get("/api/runs").json():
        wait_for(client, run["id"], ENDED)  # what the tests above cancelled
    settings = client.app.state.services.settings  # type: ignore[attr-defined]
    settings.max_queued_runs = places
    started: list[tuple[TestClient, str]] = []
    try:
        running = client.post("/api/runs", json=LONG).json()["id"]
        started.append((client, running))
        wait_for(client, running, {"running"})
        yield started
    finally:
        settings.max_queued_runs = 100
        for owner, run_id in started:
            owner.post(f"/api/runs/{run_id}/cancel")
        for owner, run_id in started:
            wait_for(owner, run_id, ENDED)


def test_the_queue_of_all_owners_is_bounded(client: TestClient) -> None:
    """An owner identity costs nothing (drop the cookie, get a new one), so the per-owner quota
    alone lets one client queue runs without end, ahead of everyone else's."""
    with _queue_held(client, 1) as started:
        first = _stranger(client)
        started.append((first, first.post("/api/runs", json=LONG).json()["id"]))
        cookieless = TestClient(client.app)  # a new owner, with none of its 2 active runs used
        refused = cookieless.post("/api/runs", json=LONG)
        assert refused.status_code == 503, refused.text
        assert refused.json()["detail"] == (
            "The training queue is full: 1 run is waiting for a worker, the most this server "
            "allows (TORCHCANVAS_MAX_QUEUED_RUNS=1). Try again in a few minutes; whoever runs "
            "the server can raise that limit or add workers."
        )
        assert int(refused.headers["retry-after"]) > 0
        assert cookieless.get("/api/runs").json() == []  # nothing was queued


def test_one_address_fills_at_most_half_the_queue(client: TestClient) -> None:
    """One script, a new cookie for each owner's quota of runs, filled the whole queue: everyone
    else then got the 503 of a full queue (a hostile review queued 101 runs in 0.7 s)."""
    with _queue_held(client, 4) as started:
        for _ in range(2):  # two new identities from one address, each well inside its quota
            mine = _stranger(client)
            started.append((mine, mine.post("/api/runs", json=LONG).json()["id"]))
        refused = _stranger(client).post("/api/runs", json=LONG)
        assert refused.status_code == 429, refused.text
        assert refused.json()["detail"] == (
            "2 runs from this address (every browser on its network) wait for a worker, its "
            "share of the queue (half of TORCHCANVAS_MAX_QUEUED_RUNS): wait for some to start, "
            "or stop yours. Whoever runs this server can set TORCHCANVAS_TOKEN: people who log "
            "in with it (a class on one school network) are not counted by their address."
        )
        assert int(refused.headers["retry-after"]) > 0
        # Someone at another address still gets a place; and a run stopped frees one.
        elsewhere = TestClient(client.app, client=("203.0.113.7", 50000))
        theirs = elsewhere.post("/api/runs", json=LONG)
        assert theirs.status_code == 201, theirs.text
        started.append((elsewhere, theirs.json()["id"]))
        owner, waiting = started[1]
        owner.post(f"/api/runs/{waiting}/cancel")
        wait_for(owner, waiting, ENDED)
        latest = _stranger(client)
        again = latest.post("/api/runs", json=LONG)
        assert again.status_code == 201, again.text
        started.append((latest, again.json()["id"]))


def test_an_address_share_of_the_queue_holds_across_a_restart(tmp_path: Path) -> None:
    """Runs still queued when the server stops wait for its next start: the share of the queue
    their address took was kept in memory, and a restart gave that address a whole new share."""
    path = tmp_path / "torchcanvas.db"
    design, training = Design.model_validate(DIGITS_CNN), TrainingSettings(**DIGITS_TRAINING)
    before = Database(path)
    for run_id in ("a", "b", "c"):
        RunStore(before).create(run_id, design, training)
        QueuedFrom(before).add("198.51.100.4", run_id)
    RunStore(before).mark_started("c", "cpu")  # a worker took it: it no longer waits
    before.close()

    after = Database(path)  # the next start, on the same data folder
    with pytest.raises(HTTPException) as refused:
        check_queue_share(QueuedFrom(after), "198.51.100.4", 2)
    assert refused.value.status_code == 429
    assert str(refused.value.detail).startswith(
        "2 runs from this address (every browser on its network) wait"
    )
    check_queue_share(QueuedFrom(after), "203.0.113.7", 2)  # another address has its share
    RunStore(after).mark_ended("b", "cancelled", None)
    check_queue_share(QueuedFrom(after), "198.51.100.4", 2)  # one waits now: room for another
    # Only addresses whose runs still wait are kept.
    assert [row["run_id"] for row in after.execute("SELECT run_id FROM queued_from")] == ["a"]
    # A run that ends while no one queues more: its address goes when the server next starts.
    RunStore(after).mark_ended("a", "cancelled", None)
    after.close()
    config = ServerConfig(pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1)
    with TestClient(create_app(config)) as started:
        db = started.app.state.services.db  # type: ignore[attr-defined]
        assert db.execute("SELECT run_id FROM queued_from") == []


def test_an_ipv6_client_counts_by_its_block() -> None:
    """One IPv6 connection is given a /64: by address, a script took a new one for each owner's
    quota of runs, and each was a new share of the queue."""

    def seen_as(host: str) -> str:
        return client_address(Request({"type": "http", "client": (host, 50000), "headers": []}))

    assert seen_as("2001:db8:5:7::1") == seen_as("2001:db8:5:7:ffff::9") == "2001:db8:5:7::/64"
    assert seen_as("2001:db8:5:8::1") != seen_as("2001:db8:5:7::1")
    assert seen_as("203.0.113.7") == "203.0.113.7"
    assert seen_as("::ffff:203.0.113.7") == "::ffff:203.0.113.7"  # an IPv4 client, as IPv6
    assert seen_as("testclient") == "testclient"


def test_a_database_from_before_counts_its_runs_logs_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE runs (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at REAL NOT NULL, "
        "started_at REAL, finished_at REAL, design TEXT NOT NULL, training TEXT NOT NULL, "
        "metrics TEXT NOT NULL, error TEXT, device TEXT)"
    )
    old.execute("CREATE TABLE events (run_id TEXT, seq INTEGER, body TEXT)")
    for run_id, bodies in (("a", ["x" * 10, "y" * 32]), ("b", [])):
        old.execute(
            "INSERT INTO runs (id, status, created_at, design, training, metrics) "
            "VALUES (?, 'succeeded', 1, '{}', '{}', '{}')",
            (run_id,),
        )
        for seq, body in enumerate(bodies, 1):
            old.execute("INSERT INTO events VALUES (?, ?, ?)", (run_id, seq, body))
    old.commit()
    old.close()
    db = Database(path)
    counted = {row["id"]: row["event_bytes"] for row in db.execute("SELECT * FROM runs")}
    assert counted == {"a": 42, "b": 0}
    db.close()


def test_a_run_that_fills_the_quota_as_it_trains_stops_where_it_stands(
    client: TestClient,
) -> None:
    """The quota is checked as a run is queued, but its events and checkpoints grow as it
    trains (runs/disk_watch.py): past the quota it stops, keeping what it reached."""
    service = client.app.state.services.run_service  # type: ignore[attr-defined]
    watch = service.disk_watch
    client.get("/api/health")  # its owner cookie, if it is the module's first test
    run_id = client.post("/api/runs", json=LONG).json()["id"]
    deadline = time.monotonic() + 60
    log = f"/api/runs/{run_id}/events"
    # Once it has trained a step: a run stopped before its first keeps no weights (finish.py).
    while not any(e["type"] == "progress" for e in client.get(log).json()):
        assert time.monotonic() < deadline, "the run never sent a frame"
        time.sleep(0.02)
    assert watch.check() == []  # under the quota: it trains on
    used = watch.use.of_owner(digest(owner_identity(client.cookies[OWNER_COOKIE])))
    full = DiskWatch(watch.use, watch.stops, watch.stop_run, limit=used)  # the server's, smaller
    assert full.check() == [run_id]
    step = wait_for(client, run_id, {"cancelled"})["metrics"]["step"]
    end = read_socket(client, run_id)[-1]
    assert end["message"].startswith(f"Stopped at step {step}. Your runs take "), end
    assert end["message"].endswith(
        f"as much as it keeps for one person ({size_text(used)}, "
        "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER), so this run stopped where it stood, keeping what "
        "it reached: delete runs you no longer need from the runs page (download what you want "
        "to keep first), then press Continue to go on from where it stopped."
    )
    folder = service.folder(run_id)
    assert read_position(folder.path).step == step  # Continue goes on from that very step
    assert folder.has_weights()


def test_a_quota_stop_that_came_as_its_run_ended_is_forgotten_when_it_starts_again(
    client: TestClient,
) -> None:
    """The watch can choose a run just as it ends: its worker, yet to say it is done, takes the
    stop, but the end has been stored without it. Continued later, the run's own Stop is not
    the quota's."""
    service = client.app.state.services.run_service  # type: ignore[attr-defined]
    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    run_id = client.post("/api/runs", json=short).json()["id"]
    wait_for(client, run_id, {"succeeded"})
    # What such a late look leaves:
    service.disk_watch.stops.stopping(run_id, quota_stop_message(10**9, 10**9))
    assert client.post(f"/api/runs/{run_id}/continue", json={"epochs": 500}).status_code == 200
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    message = read_socket(client, run_id)[-1]["message"]
    assert "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER" not in message, message


def _settle(folders: list[Path]) -> None:
    """Dates the folders (and their exports) an hour back, as if their files were written then:
    the stamps a look can trust at once, without waiting out the file system's clock."""
    an_hour_ago = time.time() - 3600
    for folder in folders:
        for path in (folder, folder / "exports"):
            if path.is_dir():
                os.utime(path, (an_hour_ago, an_hour_ago))


def _grow_in_place(path: Path, size: int) -> None:
    """Appends to a file where it is: its folder's stamp does not move, so only a look that reads
    the folder's files again sees it."""
    with path.open("ab") as out:
        out.write(bytes(size))


def test_the_watch_reads_only_active_runs_again_and_its_totals_are_a_full_scan(
    client: TestClient,
) -> None:
    """The oracle is a full scan of the disk (every file of the owner's run folders, and their
    events in the database) after a run ends, is exported and continued, one pauses and is
    deleted, and a dataset is uploaded."""
    services = client.app.state.services  # type: ignore[attr-defined]
    runs = services.settings.data_dir / "runs"
    person = _stranger(client)
    owner = digest(owner_identity(person.cookies[OWNER_COOKIE]))
    use = DiskUse(services.db, runs)  # the watch's own class, with a memory of its own

    def full_scan() -> int:
        mine = [r["id"] for r in person.get("/api/runs").json()]
        return sum(folder_bytes(runs / run_id) for run_id in mine) + _logged(
            services.settings.data_dir, mine
        )

    def look() -> int:
        return use.of_owners([owner])[owner]

    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    kept = person.post("/api/runs", json=short).json()["id"]
    wait_for(person, kept, ENDED)
    assert look() == full_scan()
    assert person.get(f"/api/runs/{kept}/files/model.pt").status_code == 200  # a new export
    assert look() == full_scan()
    csv = {"file": ("blobs.csv", blobs_csv(60))}
    upload = person.post("/api/datasets", files=csv, data={"target": "species"})
    assert upload.status_code == 201, upload.text
    assert person.post(f"/api/runs/{kept}/continue", json={"epochs": 1}).status_code == 200
    wait_for(person, kept, ENDED)
    assert look() == full_scan()

    # An ended run's folder is remembered: a byte added without moving its stamp goes unread.
    _settle([runs / kept])
    before = look()
    _grow_in_place(runs / kept / "design.json", 1000)
    assert look() == before == full_scan() - 1000
    # A paused run's folder is read again at every look: it can still grow.
    paused = person.post("/api/runs", json=LONG).json()["id"]
    try:
        wait_for(person, paused, {"running"})
        assert person.post(f"/api/runs/{paused}/pause").status_code == 200
        wait_for(person, paused, {"paused"})
        _settle([runs / paused])
        look()
        _grow_in_place(runs / paused / "design.json", 1000)
        assert look() == full_scan() - 1000  # the ended run still remembered, the paused read
    finally:
        person.post(f"/api/runs/{paused}/cancel")
        wait_for(person, paused, ENDED)
    assert person.delete(f"/api/runs/{paused}").status_code == 204
    assert look() == full_scan() - 1000 and use.folders.remembered() == {kept}


def test_a_run_start_remembers_ended_runs_folders_for_the_next(client: TestClient) -> None:
    """The quota a run start checks reads each ended run's folder once: the next start finds it
    remembered (a byte added in place without moving its stamp goes unread), not every folder
    walked again at each start."""
    services = client.app.state.services  # type: ignore[attr-defined]
    runs = services.settings.data_dir / "runs"
    person = _stranger(client)
    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    ended = person.post("/api/runs", json=short).json()["id"]
    wait_for(person, ended, ENDED)
    _settle([runs / ended])
    second = person.post("/api/runs", json=short)  # its quota reads the ended run's folder
    assert second.status_code == 201, second.text
    assert ended in services.run_disk.folders.remembered()
    _grow_in_place(runs / ended / "design.json", 1000)
    status = person.get(f"/api/runs/{ended}").json()["status"]
    # What the start read is what the next start counts: the folder is not walked again.
    assert services.run_disk.folders.size(ended, status) == folder_bytes(runs / ended) - 1000
    wait_for(person, second.json()["id"], ENDED)


def test_wrong_bearer_tokens_are_throttled_with_wrong_logins(locked: TestClient) -> None:
    # A bearer token is a guess at the login token too: /api/session answered logged_in for the
    # right one, 500 guesses a second, where /api/login stopped at 10 a minute.
    right = {"authorization": f"Bearer {TOKEN}"}
    wrong = {"authorization": "Bearer wrong-token"}
    assert locked.get("/api/session", headers=right).json()["logged_in"] is True
    assert locked.get("/api/session", headers=wrong).json()["logged_in"] is False
    assert locked.post("/api/runs", headers=wrong, json=LONG).status_code == 401
    assert locked.post("/api/login", json={"token": "wrong-token"}).status_code == 401
    for guess in [wrong, right]:  # while throttled, even the right token waits
        throttled = locked.get("/api/session", headers=guess)
        assert throttled.status_code == 429, throttled.text
        assert "TORCHCANVAS_MAX_WRONG_LOGINS=3" in throttled.json()["detail"]
    assert locked.post("/api/runs", headers=right, json=LONG).status_code == 429
    # Without a bearer, the page still reads whether a login is needed.
    assert locked.get("/api/session").json() == {
        "login_required": True,
        "logged_in": False,
        "keep_idle_days": None,
    }


def test_remembered_folder_sizes_are_bounded_and_the_oldest_look_is_forgotten(
    tmp_path: Path,
) -> None:
    """A server's memory of folder sizes holds at most `most` runs: the one looked at longest
    ago is forgotten (and read again from its files when next asked), never a wrong size."""
    sizes = FolderSizes(tmp_path, most=2)
    for run_id, size in (("a", 10), ("b", 20), ("c", 30)):
        (tmp_path / run_id).mkdir()
        (tmp_path / run_id / "model.pt").write_bytes(bytes(size))
    _settle([tmp_path / name for name in "abc"])
    assert sizes.size("a", "completed") == 10 and sizes.size("b", "completed") == 20
    assert sizes.size("a", "completed") == 10  # a looked at again: b is now the oldest look
    assert sizes.size("c", "completed") == 30
    assert sizes.remembered() == {"a", "c"}
    _grow_in_place(tmp_path / "b" / "model.pt", 5)
    assert sizes.size("b", "completed") == 25  # forgotten, so read from its files
    assert sizes.remembered() == {"c", "b"}


def test_the_disk_watch_remembers_every_watched_run_however_many(client: TestClient) -> None:
    """The watch looks at all its owners' runs in one order each time: a bound below their
    number would forget each before its next look and read every folder again (a review)."""
    watch = client.app.state.services.run_service.disk_watch  # type: ignore[attr-defined]
    assert watch.use.folders.most is None
