"""Rows of the database damaged while the server was stopped (a disk fault, an edit by hand): the
server still starts, lists and serves the rest, and says what is damaged and what to do."""

import logging
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    open_client,
    read_socket,
    start_run,
    wait_for,
)
from torchcanvas.api.access import owner_identity
from torchcanvas.design.schema import Design
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import RunStore
from torchcanvas.training.settings import TrainingSettings

OWNER = "torchcanvas_owner"


def _damage(data_dir: Path, sql: str, params: tuple[object, ...] = ()) -> None:
    """Runs `sql` on the stopped server's database, as a disk fault or a hand edit would."""
    db = sqlite3.connect(data_dir / "torchcanvas.db")
    try:
        assert db.execute(sql, params).rowcount == 1, sql
        db.commit()
    finally:
        db.close()


def _restarted(data_dir: Path, cookie: str) -> TestClient:
    second = open_client(data_dir)
    second.cookies.set(OWNER, cookie)
    return second


def test_a_damaged_run_is_left_out_said_and_deletable(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_client(tmp_path) as first:
        damaged = start_run(first, epochs=1)
        wait_for(first, damaged, {"succeeded"})
        link = first.post(f"/api/runs/{damaged}/shares", json={}).json()["url"]
        fine = start_run(first, epochs=1)
        wait_for(first, fine, {"succeeded"})
        begun = start_run(first, epochs=500, batch_size=8)  # holds the only worker
        waiting = start_run(first, epochs=1)  # queued behind it as the server stops
        wait_for(first, begun, {"running"})
        assert first.get(f"/api/runs/{waiting}").json()["status"] == "queued"
        cookie = first.cookies[OWNER]
    _damage(tmp_path, "UPDATE runs SET metrics = 'nope' WHERE id = ?", (damaged,))
    _damage(tmp_path, """UPDATE runs SET training = '{"dataset": 5' WHERE id = ?""", (waiting,))
    caplog.set_level(logging.ERROR)
    with _restarted(tmp_path, cookie) as second:  # it starts: the waiting run is not requeued
        listed = [run["id"] for run in second.get("/api/runs").json()]
        assert listed == [begun, fine]
        # A page is as long as asked: one short would read as the last.
        page = second.get("/api/runs", params={"limit": 1}).json()
        assert [run["id"] for run in page] == [begun]
        # Left out there, they are named apart: their files count to their owner's disk.
        named = second.get("/api/damaged-runs").json()
        assert [run["id"] for run in named] == [waiting, damaged], named
        assert "metrics" in named[1]["message"] and "delete it" in named[1]["message"]
        assert TestClient(second.app).get("/api/damaged-runs").json() == []  # theirs alone
        assert second.get(f"/api/runs/{fine}").json()["status"] == "succeeded"
        reply = second.get(f"/api/runs/{damaged}")
        assert reply.status_code == 409, reply.text
        detail = reply.json()["detail"]
        assert (
            f"The record of run {damaged} in the database is damaged" in detail
            and "metrics" in detail
        )
        assert "delete it" in detail
        assert second.get(f"/api/runs/{damaged}/events").status_code == 409
        socket = second.websocket_connect(f"/api/runs/{damaged}/events")
        with pytest.raises(WebSocketDisconnect) as closed, socket as ws:
            ws.receive_json()
        assert closed.value.code == 4409 and "damaged" in closed.value.reason
        # To anyone else it is as missing as any run not theirs.
        stranger = TestClient(second.app)
        assert stranger.get(f"/api/runs/{damaged}").status_code == 404
        assert stranger.delete(f"/api/runs/{damaged}").status_code == 403
        # ... and to a stranger starting from its weights (the check read its record first).
        training = {**DIGITS_TRAINING, "epochs": 1, "init_from": damaged}
        reply = stranger.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        assert reply.status_code == 422, reply.text
        assert "not found among your runs" in reply.text and "damaged" not in reply.text
        # A visitor of its share link is told, without the run's id, to ask for a new link.
        token = link.rsplit("/", 1)[1]
        reply = stranger.get(f"/api/shared/{token}")
        assert reply.status_code == 409 and "ask its owner" in reply.json()["detail"]
        assert damaged not in reply.text
        socket = stranger.websocket_connect(f"/api/shared/{token}/events")
        with pytest.raises(WebSocketDisconnect) as closed, socket as ws:
            ws.receive_json()
        assert closed.value.code == 4409 and "damaged" in closed.value.reason
        # The waiting run never trains again: it failed as the server started, and says why.
        reply = second.get(f"/api/runs/{waiting}")
        assert reply.status_code == 409 and "training" in reply.json()["detail"]
        assert second.get("/api/runs").status_code == 200
        for run_id in (damaged, waiting):
            assert second.delete(f"/api/runs/{run_id}").status_code == 204
            assert second.get(f"/api/runs/{run_id}").status_code == 410
        assert [run["id"] for run in second.get("/api/runs").json()] == [begun, fine]
        assert second.get("/api/damaged-runs").json() == []
    said = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    assert any(damaged in line and "metrics" in line for line in said), said
    assert any(waiting in line and "training" in line for line in said), said


def _written_runs(data_dir: Path, cookie: str, count: int) -> list[str]:
    """`count` ended runs of the browser with `cookie`, written straight to the database."""
    db = Database(data_dir / "torchcanvas.db")
    store, owners = RunStore(db), OwnerStore(db)
    run_ids = [f"written{n}" for n in range(count)]
    for run_id in run_ids:
        store.create(run_id, Design.model_validate(DIGITS_CNN), TrainingSettings(**DIGITS_TRAINING))
        owners.record(run_id, owner_identity(cookie))
        store.mark_ended(run_id, "cancelled", None)
    db.close()
    return run_ids


def test_a_run_whose_json_no_longer_reads_as_a_run_is_named_and_its_page_filled(
    tmp_path: Path,
) -> None:
    """JSON the database reads, yet not a run (a hand edit, a newer version's record): found only
    as the run is read, it is named apart, and the page after it is still as long as asked."""
    with open_client(tmp_path) as first:
        cookie = first.get("/api/runs").cookies[OWNER]
    _written_runs(tmp_path, cookie, 5)
    with _restarted(tmp_path, cookie) as second:
        newest = [run["id"] for run in second.get("/api/runs").json()]
    assert len(newest) == 5, newest
    damaged = newest[1]
    _damage(tmp_path, """UPDATE runs SET metrics = '{"epoch": "many"}' WHERE id = ?""", (damaged,))
    with _restarted(tmp_path, cookie) as second:
        page = second.get("/api/runs", params={"limit": 2}).json()
        assert [run["id"] for run in page] == [newest[0], newest[2]]  # one short read as the last
        after = second.get("/api/runs", params={"limit": 2, "before": newest[2]}).json()
        assert [run["id"] for run in after] == newest[3:]
        named = second.get("/api/damaged-runs").json()
        assert [run["id"] for run in named] == [damaged], named
        assert "metrics" in named[0]["message"] and "delete it" in named[0]["message"]
        assert second.delete(f"/api/runs/{damaged}").status_code == 204
        assert second.get("/api/damaged-runs").json() == []


def test_a_damaged_event_is_said_in_its_place_and_the_rest_still_come(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_client(tmp_path) as first:
        run_id = start_run(first, epochs=2)
        wait_for(first, run_id, {"succeeded"})
        events = first.get(f"/api/runs/{run_id}/events").json()
        link = first.post(f"/api/runs/{run_id}/shares", json={}).json()["url"]
        cookie = first.cookies[OWNER]
    assert len(events) >= 6, events
    broken, shapeless = 3, len(events) - 2
    damage = "UPDATE events SET body = ? WHERE run_id = ? AND seq = ?"
    _damage(tmp_path, damage, ("{broken", run_id, broken))
    _damage(tmp_path, damage, (f'{{"seq": {shapeless}, "type": "progress"}}', run_id, shapeless))
    caplog.set_level(logging.ERROR)
    token = link.rsplit("/", 1)[1]
    with _restarted(tmp_path, cookie) as second:
        reply = second.get(f"/api/runs/{run_id}/events?after=0")
        assert reply.status_code == 200, reply.text
        replayed = reply.json()
        assert [e["seq"] for e in replayed] == [e["seq"] for e in events]  # in order, no gap
        for seq in (broken, shapeless):
            placeholder = replayed[seq - 1]
            assert placeholder["type"] == "damaged", placeholder
            assert placeholder["message"].startswith(f"Event {seq} is damaged in the database")
        assert [e for e in replayed if e["type"] != "damaged"] == [
            e for e in events if e["seq"] not in (broken, shapeless)
        ]
        # A client going on "after N" gets the placeholder, then what follows it.
        after = second.get(f"/api/runs/{run_id}/events?after={broken - 1}&limit=2").json()
        assert [e["seq"] for e in after] == [broken, broken + 1]
        # The websocket replays the same, then closes after the run's end: no reconnecting. It
        # sends the stored text as it is (not parsed for each viewer): JSON of its seq and a
        # type that is not of the schema comes as stored.
        socket = read_socket(second, run_id)
        assert socket[: shapeless - 1] == replayed[: shapeless - 1]
        assert socket[shapeless:] == replayed[shapeless:]
        assert second.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"
        # A share link's page reads them alike.
        shared = second.get(f"/api/shared/{token}/events")
        assert shared.status_code == 200 and shared.json() == replayed
        # ... and never learns the run's id from them (a review: the placeholder named it).
        visitor = TestClient(second.app)
        assert run_id not in visitor.get(f"/api/shared/{token}/events").text
        with visitor.websocket_connect(f"/api/shared/{token}/events") as socket:
            texts = [socket.receive_text() for _ in replayed]
        assert not [text for text in texts if run_id in text], texts
        second.get(f"/api/runs/{run_id}/events")  # read again: said once in the log
    said = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    for seq in (broken, shapeless):
        lines = [line for line in said if f"Run {run_id}: Event {seq} is damaged" in line]
        assert len(lines) == 1, said


def test_a_damaged_share_link_is_left_out_and_says_so_to_its_visitors(tmp_path: Path) -> None:
    with open_client(tmp_path) as first:
        run_id = start_run(first, epochs=1)
        wait_for(first, run_id, {"succeeded"})
        kept = first.post(f"/api/runs/{run_id}/shares", json={}).json()
        damaged = first.post(f"/api/runs/{run_id}/shares", json={}).json()
        cookie = first.cookies[OWNER]
    _damage(
        tmp_path,
        "UPDATE shares SET expires_at = 'soon', revoked_at = 'x' WHERE id = ?",
        (damaged["id"],),
    )
    with _restarted(tmp_path, cookie) as second:
        reply = second.get(f"/api/runs/{run_id}/shares")
        assert reply.status_code == 200, reply.text
        assert [share["id"] for share in reply.json()] == [kept["id"]]
        visitor = TestClient(second.app)
        token = damaged["url"].rsplit("/", 1)[1]
        reply = visitor.get(f"/api/shared/{token}")
        assert reply.status_code == 410, reply.text
        assert "damaged" in reply.json()["detail"] and run_id not in reply.json()["detail"]
        page = visitor.get(f"/s/{token}")
        assert page.status_code == 410 and "damaged" in page.text
        events = f"/api/shared/{token}/events"
        with pytest.raises(WebSocketDisconnect) as closed, visitor.websocket_connect(events) as ws:
            ws.receive_json()
        assert closed.value.code == 4410
        assert visitor.get(f"/api/shared/{kept['url'].rsplit('/', 1)[1]}").status_code == 200
        # Its owner can still revoke it (and the rest).
        for share in (damaged, kept):
            assert second.delete(f"/api/runs/{run_id}/shares/{share['id']}").status_code == 204
        listed = second.get(f"/api/runs/{run_id}/shares").json()
        assert [(s["id"], s["revoked_at"] is not None) for s in listed] == [(kept["id"], True)]
        assert time.time() - listed[0]["revoked_at"] < 60


def test_a_run_whose_record_is_damaged_as_it_trains_ends_failed(tmp_path: Path) -> None:
    """Its next event finds its record unreadable: it stops, failed, and its owner can delete it."""
    with open_client(tmp_path) as client:
        run_id = start_run(client, epochs=500, batch_size=8)
        wait_for(client, run_id, {"running"})
        _damage(tmp_path, "UPDATE runs SET design = '{' WHERE id = ?", (run_id,))
        deadline = time.monotonic() + 60
        while _status(tmp_path, run_id) != "failed":
            assert time.monotonic() < deadline, "the damaged run went on training"
            time.sleep(0.1)
        reply = client.get(f"/api/runs/{run_id}")
        assert reply.status_code == 409 and "design" in reply.json()["detail"]
        assert client.delete(f"/api/runs/{run_id}").status_code == 204


def test_a_file_sent_back_for_a_run_whose_record_is_damaged_ends_it(tmp_path: Path) -> None:
    """A Ray worker's file comes to the recorder on its relay's thread: a damaged record ended
    the thread there (a review), with no end recorded and the slot let go under a live actor."""
    with open_client(tmp_path) as client:
        run_id = start_run(client, epochs=500, batch_size=8)
        wait_for(client, run_id, {"running"})
        _damage(tmp_path, "UPDATE runs SET metrics = 'nope' WHERE id = ?", (run_id,))
        recorder = client.app.state.services.run_service.recorder  # type: ignore[attr-defined]
        recorder.store_file(run_id, "results.json", b"{}")  # as the relay hands it over
        assert _status(tmp_path, run_id) == "failed"
        assert not (tmp_path / "runs" / run_id / "results.json").exists()
        assert client.delete(f"/api/runs/{run_id}").status_code == 204


def test_a_queued_run_whose_record_is_damaged_is_stopped_as_it_is_deleted(tmp_path: Path) -> None:
    """Stop reads its record, so Delete stops it: taken out of the queue, then deleted."""
    with open_client(tmp_path) as client:
        running = start_run(client, epochs=500, batch_size=8)
        queued = start_run(client, epochs=1)  # behind it, on the only worker
        wait_for(client, running, {"running"})
        _damage(tmp_path, "UPDATE runs SET training = '{' WHERE id = ?", (queued,))
        assert client.post(f"/api/runs/{queued}/cancel").status_code == 409
        reply = client.delete(f"/api/runs/{queued}")
        assert reply.status_code == 204, reply.text
        assert client.get(f"/api/runs/{queued}").status_code == 410
        assert client.post(f"/api/runs/{running}/cancel").status_code == 200
        assert wait_for(client, running, {"cancelled"})["status"] == "cancelled"
        # The worker is free again: the next run trains.
        assert wait_for(client, start_run(client, epochs=1), {"succeeded", "failed"})["status"] == (
            "succeeded"
        )


def _status(data_dir: Path, run_id: str) -> str:
    db = sqlite3.connect(data_dir / "torchcanvas.db")
    try:
        return str(db.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()[0])
    finally:
        db.close()
