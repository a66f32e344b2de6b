"""TORCHCANVAS_KEEP_IDLE_DAYS: the runs and uploads of a browser not seen for that long are
deleted, files and all, as its own Delete would; a browser that keeps coming back keeps its own,
a run not yet ended is kept until it ends, and data from before visits were recorded gets the
whole time from the first look. Unset, nothing is deleted."""

import time
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, LONG, start_run, wait_for
from tests.backend.test_run_search import _record
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.app import create_app
from torchcanvas.api.services import Services
from torchcanvas.config import ServerConfig
from torchcanvas.runs.idle_owners import DAY, forget_idle_owners

KEEP_SECONDS = 3.0


def _client(data_dir: Path, keep_days: float | None) -> TestClient:
    settings = ServerConfig(
        pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, keep_idle_days=keep_days
    )
    return TestClient(create_app(settings))


def _upload(client: TestClient) -> str:
    reply = client.post(
        "/api/datasets", files={"file": ("blobs.csv", blobs_csv())}, data={"target": "species"}
    )
    assert reply.status_code == 201, reply.text
    upload_id: str = reply.json()["id"]
    return upload_id


def _until(done: object, seconds: float, keep_seen: TestClient) -> None:
    """Waits for `done()` while `keep_seen` comes back every half second."""
    deadline = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not done in time"
        assert keep_seen.get("/api/runs").status_code == 200
        time.sleep(0.5)


def test_an_idle_browsers_runs_and_uploads_go_and_a_returning_ones_stay(tmp_path: Path) -> None:
    with _client(tmp_path, KEEP_SECONDS / DAY) as idle:
        assert idle.get("/api/session").json()["keep_idle_days"] == KEEP_SECONDS / DAY
        idle_upload = _upload(idle)
        idle_run = start_run(idle, epochs=1)
        wait_for(idle, idle_run, ENDED)
        back = TestClient(idle.app)
        back_upload = _upload(back)
        back_run = start_run(back, epochs=1)
        wait_for(back, back_run, ENDED)
        training = TestClient(idle.app)
        long_run = start_run(training, **LONG)  # not yet ended: kept while it trains
        wait_for(training, long_run, {"running"})
        runs, datasets = tmp_path / "runs", tmp_path / "datasets"
        assert (runs / idle_run).is_dir() and (datasets / idle_upload).is_dir()

        # Only `back` comes back: the idle browser's run and upload go, files and all.
        _until(lambda: not (runs / idle_run).exists(), 20, back)
        _until(lambda: not (datasets / idle_upload).exists(), 5, back)
        assert (runs / back_run).is_dir() and (datasets / back_upload).is_dir()
        assert [r["id"] for r in back.get("/api/runs").json()] == [back_run]
        assert [d["id"] for d in back.get("/api/datasets").json()] == [back_upload]
        services: Services = idle.app.state.services  # type: ignore[attr-defined]
        assert services.run_service.store.get(long_run).status == "running"

        # Stopped, the long run is its owner's last visit: it goes once idle as long again.
        assert training.post(f"/api/runs/{long_run}/cancel").status_code == 200
        wait_for(training, long_run, ENDED)
        _until(lambda: not (runs / long_run).exists(), 20, back)
        assert idle.get("/api/runs").json() == [] and idle.get("/api/datasets").json() == []
        assert (runs / back_run).is_dir()


def test_data_from_before_visits_were_recorded_gets_the_whole_time(tmp_path: Path) -> None:
    with _client(tmp_path, None) as client:  # unset: no watch deletes anything
        services: Services = client.app.state.services  # type: ignore[attr-defined]
        assert services.idle_watch is None
        assert client.get("/api/session").json()["keep_idle_days"] is None
        old = _record(client, name="from before")
        services.db.execute("DELETE FROM owner_visits")  # as a server before visits kept them
        service, visits, now = services.run_service, services.visits, time.time()
        assert forget_idle_owners(service, visits, 100.0, now) == (0, 0)  # seen as of now
        assert forget_idle_owners(service, visits, 100.0, now + 99) == (0, 0)
        assert service.store.get(old).status == "queued"
        # A queued run (recorded, never queued in truth) is not ended: kept.
        assert forget_idle_owners(service, visits, 100.0, now + 101) == (0, 0)
        service.store.mark_ended(old, "cancelled", None)
        assert forget_idle_owners(service, visits, 100.0, now + 101) == (1, 0)
        assert client.get("/api/runs").json() == []
