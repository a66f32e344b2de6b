"""POST /api/runs with an Idempotency-Key: sent again (a reply lost on a flaky link, Train
pressed again, a script's retry), it answers with the run the first request made, and makes no
second one; the key is the caller's own, tied to its request, and a refused request frees it."""

import sqlite3
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG
from torchcanvas.api.routes.runs import record
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.request_keys import KEEP_SECONDS, MAKING_SECONDS, SWEEP, RequestKeys

BODY: dict[str, Any] = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}


def _post(client: TestClient, key: str, body: dict[str, Any] = BODY) -> Any:
    return client.post("/api/runs", json=body, headers={"Idempotency-Key": key})


def _run_ids(client: TestClient) -> list[str]:
    return [run["id"] for run in client.get("/api/runs").json()]


def _stop(client: TestClient, *run_ids: str) -> None:
    for run_id in run_ids:
        assert client.post(f"/api/runs/{run_id}/cancel").status_code in (200, 409)


def test_a_request_sent_again_with_its_key_gets_the_same_run(client: TestClient) -> None:
    before = _run_ids(client)
    first = _post(client, "train-press-0001")
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = _post(client, "train-press-0001")
    assert again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    made = [run_id for run_id in _run_ids(client) if run_id not in before]
    assert made == [first.json()["id"]]
    # Another design under the same key is a mistake, said; a new key makes a new run.
    other = {**BODY, "training": {**BODY["training"], "lr": 0.05}}
    misused = _post(client, "train-press-0001", other)
    assert (misused.status_code, misused.json()["detail"]) == (
        409,
        "This Idempotency-Key was sent before with another design or settings: send a new key "
        "for a new run.",
    )
    fresh = _post(client, "train-press-0002", other)
    assert fresh.status_code == 201 and fresh.json()["id"] != first.json()["id"]
    # Without a key, each request is a run of its own, as ever.
    plain = [client.post("/api/runs", json=BODY).json()["id"] for _ in range(2)]
    assert len(set(plain)) == 2
    _stop(client, first.json()["id"], fresh.json()["id"], *plain)


def test_a_request_sent_again_is_answered_though_a_new_run_would_be_refused(
    client: TestClient,
) -> None:
    """A retry whose first request made its run gets its reply while the disk is nearly full (it
    was told 507, as a new run is) and while every CPU slot is taken (it waited for one)."""
    first = _post(client, "train-press-0101")
    assert first.status_code == 201, first.text
    settings = client.app.state.services.settings  # type: ignore[attr-defined]
    keep_free, settings.min_free_bytes = settings.min_free_bytes, 2**62
    try:
        again = _post(client, "train-press-0101")
        assert again.status_code == 201, again.text
        assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
        assert _post(client, "train-press-0102").status_code == 507  # a new run still is not
    finally:
        settings.min_free_bytes = keep_free
    gate = client.app.state.cpu_gate  # type: ignore[attr-defined]
    taken, gate.free = gate.free, 0  # every slot held, by nobody: a new run waits, then 503
    try:
        again = _post(client, "train-press-0101")
        assert again.status_code == 201 and again.json() == first.json(), again.text
    finally:
        gate.free = taken
    _stop(client, first.json()["id"])


def test_a_key_is_the_callers_own_and_a_refusal_frees_it(client: TestClient) -> None:
    mine = _post(client, "shared-key-0001")
    assert mine.status_code == 201, mine.text
    stranger = TestClient(client.app)  # its own cookie jar: another owner
    theirs = _post(stranger, "shared-key-0001")
    assert theirs.status_code == 201 and theirs.json()["id"] != mine.json()["id"]
    assert "idempotent-replayed" not in theirs.headers
    # Refused (no such dataset), the request made nothing: its key makes the fixed one's run.
    wrong = {**BODY, "training": {**BODY["training"], "dataset": "no-such-set"}}
    refused = _post(client, "fixed-later-01", wrong)
    assert refused.status_code == 422, refused.text
    fixed = _post(client, "fixed-later-01")
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers
    _stop(client, mine.json()["id"], fixed.json()["id"])
    _stop(stranger, theirs.json()["id"])


def test_a_malformed_key_says_what_a_key_is(client: TestClient) -> None:
    for key in ["short", "has space in it", "x" * 101, "y" * 5000, "dotted.key.0001"]:
        reply = client.post("/api/runs", json=BODY, headers={"Idempotency-Key": key})
        assert reply.status_code == 422, (key, reply.text)
        assert reply.json()["detail"] == (
            "The Idempotency-Key header must be 8 to 100 letters, digits, - or _: a new random "
            "one for each new run, the same one for a request sent again."
        )


def test_requests_at_once_with_one_key_make_one_run(client: TestClient) -> None:
    before = _run_ids(client)
    replies: list[Any] = []
    start = threading.Barrier(4)

    def send() -> None:
        start.wait()
        replies.append(_post(client, "all-at-once-01"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made = [run_id for run_id in _run_ids(client) if run_id not in before]
    assert len(made) == 1, made
    for reply in replies:  # the run's reply, or told to ask again while it is being made
        assert reply.status_code in (201, 409), reply.text
        if reply.status_code == 201:
            assert reply.json()["id"] == made[0]
        else:
            assert "still making its run" in reply.json()["detail"]
    _stop(client, made[0])


def test_keys_are_kept_a_day_and_a_claim_that_never_said_its_reply_lapses(tmp_path: Any) -> None:
    keys = RequestKeys(Database(tmp_path / "db.sqlite"))
    assert keys.claim("owner", "key-00001", "hash", now=1000.0).state == "new"
    keys.keep("owner", "key-00001", '{"id": "r1"}', "r1")
    kept = keys.claim("owner", "key-00001", "hash", now=1000.0 + KEEP_SECONDS - 1)
    assert (kept.state, kept.reply) == ("made", '{"id": "r1"}')
    assert keys.claim("owner", "key-00001", "hash", now=1001.0 + KEEP_SECONDS).state == "new"
    # Its server killed as it made the run: the key may make one again, minutes later.
    assert keys.claim("owner", "key-00002", "hash", now=1000.0).state == "new"
    assert keys.claim("owner", "key-00002", "hash", now=1000.0 + MAKING_SECONDS - 1).state == (
        "making"
    )
    assert keys.claim("owner", "key-00002", "hash", now=1001.0 + MAKING_SECONDS).state == "new"


def test_a_run_made_is_its_keys_reply_even_where_its_request_then_failed(
    client: TestClient, monkeypatch: Any
) -> None:
    """Past the run's making, what its reply says is worked out (warnings): a failure there
    answers 500, yet the run is queued; sent again, the key gets that run, not a second one.
    And the key is kept under its owner's hash, as every owner is stored, not the identity."""
    owner = TestClient(client.app, raise_server_exceptions=False)
    before = _run_ids(owner)

    def broken(*_: Any) -> Any:
        raise RuntimeError("a failure after the run was made")

    monkeypatch.setattr(record, "run_warnings", broken)
    failed = _post(owner, "made-then-failed")
    assert failed.status_code == 500, failed.text
    monkeypatch.undo()
    made = [run_id for run_id in _run_ids(owner) if run_id not in before]
    assert len(made) == 1, made
    again = _post(owner, "made-then-failed")
    assert again.status_code == 201 and again.json()["id"] == made[0], again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert [run_id for run_id in _run_ids(owner) if run_id not in before] == made
    db = client.app.state.services.db  # type: ignore[attr-defined]
    (row,) = db.execute("SELECT owner_hash FROM run_requests WHERE key = 'made-then-failed'")
    assert row["owner_hash"] == OwnerStore(db).owner_hash(made[0])
    _stop(owner, made[0])


def test_a_deleted_runs_key_makes_a_new_run(client: TestClient) -> None:
    """Train pressed again with the key of a run since deleted (its reply had been lost) makes a
    run, not the answer of one that is gone; the key's row goes with the run."""
    first = _post(client, "deleted-run-key1")
    assert first.status_code == 201, first.text
    run_id = first.json()["id"]
    _stop(client, run_id)
    deadline = time.monotonic() + 30
    while (reply := client.delete(f"/api/runs/{run_id}")).status_code == 409:  # stopping
        assert time.monotonic() < deadline, reply.text
        time.sleep(0.05)
    assert reply.status_code == 204, reply.text
    db = client.app.state.services.db  # type: ignore[attr-defined]
    assert db.execute("SELECT 1 FROM run_requests WHERE key = 'deleted-run-key1'") == []
    again = _post(client, "deleted-run-key1")
    assert again.status_code == 201, again.text
    assert again.json()["id"] != run_id and "idempotent-replayed" not in again.headers
    _stop(client, again.json()["id"])


def test_the_sweep_of_old_keys_reads_only_them(tmp_path: Any) -> None:
    """Each keyed request sweeps the keys past their time: by the index on it, not by reading
    every key (a review: a day of made-and-deleted runs' keys took a refused request 0.4 s, in
    the lock every request waits on)."""
    db = Database(tmp_path / "db.sqlite")
    plan = db.execute(f"EXPLAIN QUERY PLAN {SWEEP}", (0.0, 0.0))
    said = " ".join(row["detail"] for row in plan)
    assert "run_requests_by_time" in said and "SCAN run_requests" not in said, said


def test_a_key_table_from_before_gets_its_runs(tmp_path: Any) -> None:
    """A data folder from the version before keys knew their run: each key's run is read from its
        reply as the database opens, so that deleting the run frees the key (a reply that is no JSON,
    or none, leaves it unknown)."""
    path = tmp_path / "db.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE run_requests (owner_hash TEXT NOT NULL, key TEXT NOT NULL, "
        "body_hash TEXT NOT NULL, reply TEXT, created_at REAL NOT NULL, "
        "PRIMARY KEY (owner_hash, key))"
    )
    for key, reply in [("key-00001", '{"id": "r9"}'), ("key-00002", "not JSON"), ("key-3", None)]:
        old.execute("INSERT INTO run_requests VALUES ('o', ?, 'h', ?, 1.0)", (key, reply))
    old.commit()
    old.close()
    db = Database(path)
    rows = db.execute("SELECT key, run_id FROM run_requests ORDER BY key")
    assert [(row["key"], row["run_id"]) for row in rows] == [
        ("key-00001", "r9"),
        ("key-00002", None),
        ("key-3", None),
    ]
