"""A run's training time leaves out the time it waited, was paused or stood stopped, and a
continued run adds on; the runs page shows it as the run's duration."""

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.design.schema import Design
from torchcanvas.store.db import Database
from torchcanvas.store.runs import RunStore
from torchcanvas.training.settings import TrainingSettings


def _store(tmp_path: Path) -> RunStore:
    store = RunStore(Database(tmp_path / "torchcanvas.db"))
    design = Design.model_validate(DIGITS_CNN)
    store.create("r1", design, TrainingSettings.model_validate(DIGITS_TRAINING))
    return store


def _time(store: RunStore) -> tuple[float | None, float | None]:
    run = store.get("r1")
    assert run is not None
    return run.training_seconds, run.training_since


def test_paused_and_stopped_time_is_not_training(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert _time(store) == (0, None)  # queued: nothing yet
    store.set_status("r1", "running", now=90)  # a dataset's download does not count
    store.mark_started("r1", "cpu", now=100)
    assert _time(store) == (0, 100)
    store.set_status("r1", "paused", now=110)
    assert _time(store) == (10, None)
    store.set_status("r1", "running", now=200)  # resumed 90 s later
    store.mark_ended("r1", "cancelled", None, now=205)  # Stop
    assert _time(store) == (15, None)

    store.reopen("r1", TrainingSettings.model_validate(DIGITS_TRAINING))  # Continue, an hour on
    assert _time(store) == (15, None)
    store.mark_started("r1", "cpu", now=3800)
    store.mark_ended("r1", "succeeded", None, now=3802)
    assert _time(store) == (17, None)
    run = store.get("r1")
    assert run is not None and (run.started_at, run.finished_at) == (100, 3802)


def test_a_run_from_before_it_was_counted_keeps_none(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.db.execute("UPDATE runs SET training_seconds = NULL")  # as the added column leaves it
    store.mark_started("r1", "cpu", now=100)
    store.set_status("r1", "paused", now=110)
    store.mark_ended("r1", "cancelled", None, now=120)
    assert _time(store) == (None, None)  # the runs page falls back to its start and end


def test_a_trained_run_lists_its_training_time(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    listed = {run["id"]: run for run in client.get("/api/runs").json()}[run_id]
    assert listed["training_since"] is None
    assert 0 < listed["training_seconds"] <= listed["finished_at"] - listed["started_at"]


def test_a_run_a_dead_server_left_trained_until_its_last_checkpoint(tmp_path: Path) -> None:
    """A server killed mid-run is down until it starts again: that time is not training."""
    began = time.time() - 3600  # the server died an hour ago, 5 s into the run
    store = _store(tmp_path)
    store.mark_started("r1", "cpu", now=began)
    checkpoint = tmp_path / "runs" / "r1" / "checkpoint-1.safetensors"
    checkpoint.parent.mkdir(parents=True)
    checkpoint.write_bytes(b"")
    os.utime(checkpoint, (began + 5, began + 5))
    store.db.close()
    settings = ServerConfig(pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1)
    with TestClient(create_app(settings)):
        pass  # it starts, and fails what the dead one left
    store = RunStore(Database(tmp_path / "torchcanvas.db"))
    run = store.get("r1")
    assert run is not None and run.status == "failed"
    assert _time(store) == (5, None)
    store.db.close()
