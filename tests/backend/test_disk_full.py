"""While the data folder's disk is full, new runs and uploads answer 507 with the reason."""

import errno
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from safetensors.torch import save_file

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    open_client,
    read_socket,
    start_run,
    wait_for,
)
from tests.backend.small_disk import fill, fill_to, small_disk
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.app import create_app
from torchcanvas.api.errors import install_error_handlers
from torchcanvas.config import ServerConfig
from torchcanvas.design.schema import Design
from torchcanvas.runs.protocol import FromWorker, RunEvent
from torchcanvas.runs.worker import RunControl, run_job
from torchcanvas.store.free_space import is_disk_full
from torchcanvas.training.events import EndEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.settings import TrainingSettings

RUN = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server whose disk counts as full: it must keep more free space than any disk has."""
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path_factory.mktemp("full"),
        workers=1,
        worker_threads=1,
        min_free_bytes=2**62,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_new_runs_and_uploads_answer_507_with_the_reason(full: TestClient) -> None:
    # A set for Classify many and a picture to try wait on the data disk as uploads do.
    picture = {"content": b"\x89PNG" + bytes(2**20), "headers": {"Content-Type": "image/png"}}
    a_set = {"files": [("file", ("1.png", picture["content"], "image/png"))]}
    for reply in (
        full.post("/api/runs", json=RUN),
        full.post(
            "/api/datasets",
            files={"file": ("blobs.csv", blobs_csv(), "text/csv")},
            data={"target": "species"},
        ),
        *(full.post(f"/api/{at}/predict-image", **picture) for at in ("runs/r1", "shared/t1")),
        *(full.post(f"/api/{at}/activations-image", **picture) for at in ("runs/r1", "shared/t1")),
        *(full.post(f"/api/{at}/classify-many", **a_set) for at in ("runs/r1", "shared/t1")),
    ):
        assert reply.status_code == 507, reply.text
        assert "disk is full" in reply.json()["detail"]
        assert "free space" in reply.json()["detail"]
        # A disk with gigabytes free is 'full' only by the server's setting: it says so.
        assert f"less than the {2**62 / 2**20:,.0f} MiB it keeps free" in reply.json()["detail"]
        assert "TORCHCANVAS_MIN_FREE_BYTES" in reply.json()["detail"]
    assert full.get("/api/runs").json() == []
    assert full.get("/api/datasets").json() == []


def test_everything_else_keeps_working(full: TestClient) -> None:
    assert full.post("/api/designs/validate", json={"design": DIGITS_CNN}).status_code == 200


def test_health_says_the_disk_is_low(full: TestClient) -> None:
    reply = full.get("/api/health")
    assert reply.status_code == 200  # the server answers, and reads still work
    health = reply.json()
    assert (health["status"], health["disk_low"], health["min_free_bytes"]) == (
        "disk_low",
        True,
        2**62,
    )
    assert 0 < health["free_bytes"] < 2**62
    assert health["executor_problem"] is None  # the fields it had are kept
    assert full.post("/api/designs/validate", json={"design": DIGITS_CNN}).status_code == 200


def test_507_is_in_the_schema(full: TestClient) -> None:
    paths = full.get("/openapi.json").json()["paths"]
    assert "507" in paths["/api/runs"]["post"]["responses"]
    assert "507" in paths["/api/datasets"]["post"]["responses"]
    assert "507" in paths["/api/runs/{run_id}/classify-many"]["post"]["responses"]
    assert "507" in paths["/api/shared/{token}/predict-image"]["post"]["responses"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 507),
        (sqlite3.OperationalError("database or disk is full"), 507),
        (
            OSError(errno.EACCES, "Permission denied", "/data/runs/61a16e371ccc6287/w"),
            503,
        ),  # the disk's fault: test_storage_fault
        (OSError(errno.ENOENT, "No such file or directory"), 500),  # the code's
        (sqlite3.OperationalError("no such column: x"), 500),  # the code's, not the disk's
    ],
)
def test_a_write_that_meets_a_full_disk_answers_507(error: Exception, status: int) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/write")
    def write() -> None:
        raise error

    with TestClient(app, raise_server_exceptions=False) as client:
        reply = client.post("/write")
    assert reply.status_code == status
    if status == 503:  # its file's path is in the log only: a share link's visitor reads this
        assert reply.json()["detail"].startswith(
            "The server could not use its data folder (Permission denied). Try again"
        )
    if status == 507:  # met by any write: an export's too, not only a new run's or upload's
        assert reply.json()["detail"].startswith(
            "The server's disk is full: it cannot store what this request had to write. "
        )


def test_a_run_whose_events_cannot_be_stored_fails_saying_so_and_can_be_deleted(
    tmp_path: Path,
) -> None:
    """A full disk mid-run (ENOSPC on the event log): the run ends failed, never stuck running."""
    with open_client(tmp_path) as client:
        run_id = start_run(client, epochs=500, batch_size=8)
        wait_for(client, run_id, {"running"})
        events = client.app.state.services.run_service.events  # type: ignore[attr-defined]
        stored = events.append

        def full(run: str, event: TrainingEvent) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        events.append = full
        try:
            run = wait_for(client, run_id, {"failed"})
        finally:
            events.append = stored
        assert run["error"] == (
            "The server could not store this run's progress ([Errno 28] No space left on device): "
            "the disk of its data folder is probably full. Free some space, then press Continue to "
            "go on from its last checkpoint."
        )
        cancel = client.post(f"/api/runs/{run_id}/cancel")
        assert (cancel.status_code, cancel.json()["detail"]) == (
            409,
            f"Run {run_id} has already ended (failed).",
        )
        # The worker was stopped: the next run trains at once, and the failed one can be deleted.
        next_run = start_run(client, epochs=1)
        assert wait_for(client, next_run, {"succeeded", "failed"})["status"] == "succeeded"
        assert client.delete(f"/api/runs/{run_id}").status_code == 204


def test_a_run_that_fills_the_disk_ends_once_space_returns(tmp_path: Path) -> None:
    """A real full disk: neither the events nor the run's end can be stored while it lasts. The
    end is kept, and stored once space is freed, so Stop and Delete work without a restart."""
    with small_disk(tmp_path / "disk", 24 * 2**20) as disk:
        settings = ServerConfig(
            pin_cores=False, data_dir=disk / "data", workers=1, worker_threads=1, min_free_bytes=0
        )
        with TestClient(create_app(settings)) as client:
            run_id = start_run(client, epochs=500, batch_size=8)
            wait_for(client, run_id, {"running"})
            filler = fill(disk)
            # Its worker meets the full disk and is stopped: the run reads as ended while its
            # end is only kept (it read as running, and Stop said "already ended (running)").
            run = wait_for(client, run_id, {"failed"}, timeout=15)
            assert "disk" in run["error"]
            listed = {r["id"]: r["status"] for r in client.get("/api/runs").json()}
            assert listed[run_id] == "failed"
            for action in ("cancel", "pause"):
                refused = client.post(f"/api/runs/{run_id}/{action}")
                assert refused.status_code == 409
                assert refused.json()["detail"].startswith(
                    f"Run {run_id} has already ended (failed)"
                )
            # Going on now, its end, stored later, would end the continued run.
            refused = client.post(f"/api/runs/{run_id}/continue")
            assert refused.status_code == 507, refused.text
            assert refused.json()["detail"].startswith("The server's disk is full")
            assert client.get(f"/api/runs/{run_id}").json()["status"] == "failed"
            filler.unlink()
            # Once there is room, its viewers are told it ended, as a run's log always ends.
            deadline = time.monotonic() + 15
            while (last := read_socket(client, run_id)[-1])["type"] != "end":
                assert time.monotonic() < deadline, last
                time.sleep(0.2)
            assert last["status"] == "failed" and "disk" in last["message"]
            assert client.delete(f"/api/runs/{run_id}").status_code == 204


def test_running_runs_stop_when_free_space_falls_below_the_setting(tmp_path: Path) -> None:
    """The disk fills as runs train (a real tmpfs): past TORCHCANVAS_MIN_FREE_BYTES they stop,
    keeping their checkpoint, saying why; Continue goes on once there is room."""
    keep_free = 8 * 2**20
    with small_disk(tmp_path / "disk", 24 * 2**20) as disk:
        settings = ServerConfig(
            pin_cores=False,
            data_dir=disk / "data",
            workers=1,
            worker_threads=1,
            min_free_bytes=keep_free,
        )
        with TestClient(create_app(settings)) as client:
            run_id = start_run(client, epochs=500, batch_size=8)
            wait_for(client, run_id, {"running"})
            # 4 MiB left, under the 8 it keeps, and never full on the way: a run whose progress
            # met a full disk for a moment failed, where it is to be stopped by the watch.
            filler = fill_to(disk, 4 * 2**20)
            run = wait_for(client, run_id, {"cancelled"}, timeout=15)
            end = read_socket(client, run_id)[-1]
            assert end["message"].startswith(f"Stopped at step {run['metrics']['step']}. ")
            assert end["message"].endswith(
                "MiB it keeps free: TORCHCANVAS_MIN_FREE_BYTES), so this run stopped where it "
                "stood, keeping what it reached. Whoever runs the server should free space in its "
                "data folder (delete old runs or uploads); then press Continue to go on from "
                "where it stopped."
            )
            assert "The server's disk is nearly full (" in end["message"]
            assert client.post(f"/api/runs/{run_id}/continue").status_code == 507
            filler.unlink()
            assert client.post(f"/api/runs/{run_id}/continue").status_code == 200
            wait_for(client, run_id, {"running"})
            assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
            wait_for(client, run_id, {"cancelled"})


def test_a_run_that_meets_a_full_disk_as_it_saves_stops_saying_so(tmp_path: Path) -> None:
    """Its weights or checkpoint meet a full disk (a real tmpfs, filled): the run stops, saying
    so in the words of the 507 replies, not with safetensors' error, and Continue is offered."""
    with small_disk(tmp_path / "disk", 4 * 2**20) as disk:
        folder = disk / "run"
        folder.mkdir()
        fill(disk)
        job = TrainingJob(
            run_id="r1",
            design=Design.model_validate(DIGITS_CNN),
            training=TrainingSettings.model_validate({**DIGITS_TRAINING, "epochs": 1}),
            folder=folder,
            data_dir=tmp_path,
        )
        sent: list[FromWorker] = []
        control = RunControl()
        control.begin("r1")
        run_job(job, sent.append, control)
    end = sent[-1]
    assert isinstance(end, RunEvent) and isinstance(end.event, EndEvent)
    assert (end.event.status, end.event.interrupted) == ("cancelled", True)
    assert end.event.message == (
        "The server's disk is full: this run could not save its progress, so it stopped. Whoever "
        "runs the server should free space in its data folder (delete old runs or uploads)."
    )


def test_a_safetensors_write_to_a_full_disk_is_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 2**20) as disk:
        fill(disk)
        with pytest.raises(Exception) as raised:
            save_file({"w": torch.zeros(2**16)}, disk / "weights.safetensors")
    assert type(raised.value).__name__ == "SafetensorError"
    assert is_disk_full(raised.value)
