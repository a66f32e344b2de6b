"""The queue is worked out once for all the runs a request shows, and kept for the polls of the
next second until it changes (runs/queue_view.py): a list of many queued runs reads each run's
pace once, where it read every unfinished run again for each queued run."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, LongRuns, start_run, wait_for
from torchcanvas.store.db import Database

QUEUED = 12  # queued runs of one owner, with one run holding the worker


def _count_statements(monkeypatch: pytest.MonkeyPatch, db: Database) -> list[str]:
    """The SQL of every statement the database runs from now on (each still runs)."""
    statements: list[str] = []
    execute = db.execute

    def counted(sql: str, params: tuple[Any, ...] = ()) -> Any:
        statements.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(db, "execute", counted)
    return statements


def _run_reads(statements: list[str]) -> int:
    """Reads of one whole run (its design parsed after): store/runs.py's get."""
    return sum("FROM runs WHERE id = ?" in sql for sql in statements)


def _paces_reads(statements: list[str]) -> int:
    """Reads of every unfinished run's pace (store/run_paces.py): the queue worked out."""
    return sum("json_extract(training, '$.epochs')" in sql for sql in statements)


def test_a_list_of_queued_runs_works_the_queue_out_once(
    client: TestClient, long_runs: LongRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = long_runs(client)
    wait_for(client, ahead, {"running"})
    # Paused, it holds the worker and sends no events: no reads of the recorder's meanwhile.
    assert client.post(f"/api/runs/{ahead}/pause").status_code == 200
    wait_for(client, ahead, {"paused"})
    queued = [long_runs(client) for _ in range(QUEUED)]
    statements = _count_statements(monkeypatch, client.app.state.services.db)  # type: ignore[attr-defined]

    runs = {run["id"]: run for run in client.get("/api/runs").json()}
    assert [runs[run_id]["queue_position"] for run_id in queued] == list(range(1, QUEUED + 1))
    # The first waits for the paused run's pause to end; each later one for more, where known
    # (the runs ahead untimed unless the paused run ended an epoch first).
    waits = [runs[run_id]["queue_wait_seconds"] for run_id in queued]
    assert waits[0] > 0
    known = [wait for wait in waits if wait is not None]
    assert known == sorted(known), waits
    # Per queued run, it read all 13 unfinished runs: 12 x 13 whole runs.
    assert _run_reads(statements) == 0, statements
    assert _paces_reads(statements) == 1, statements
    assert len(statements) < 2 * QUEUED + 10, statements  # (its owner's paused runs: one each)

    # The polls of the next second find it worked out: the list again, a queued run's page.
    statements.clear()
    again = client.get("/api/runs").json()
    one = client.get(f"/api/runs/{queued[-1]}").json()
    assert _paces_reads(statements) == 0, statements
    assert _run_reads(statements) == 1  # the one asked for, as any run's page reads it
    assert one["queue_position"] == QUEUED
    assert [run["queue_position"] for run in again] == [
        runs[run["id"]]["queue_position"] for run in again
    ]

    # A change to the queue is seen at once: worked out again, not kept for the second.
    assert client.post(f"/api/runs/{queued[0]}/cancel").status_code == 200
    wait_for(client, queued[0], {"cancelled"})
    statements.clear()
    one = client.get(f"/api/runs/{queued[-1]}").json()
    assert one["queue_position"] == QUEUED - 1
    assert _paces_reads(statements) == 1, statements


def test_a_deleted_run_leaves_no_epoch_end_behind(client: TestClient) -> None:
    # A run whose end a full disk kept from its record ends without the recorder's forget
    # (what its worker sends after is dropped): its delete forgets its last epoch's end.
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, ENDED)
    epoch_ends = client.app.state.services.run_service.recorder.epoch_ends  # type: ignore[attr-defined]
    epoch_ends.ended(run_id)  # as such a run's last epoch left it
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert epoch_ends.of([run_id]) == {}
