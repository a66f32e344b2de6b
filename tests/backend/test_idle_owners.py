"""TORCHCANVAS_KEEP_IDLE_DAYS: the runs and uploads of a browser not seen for that long are
deleted, files and all, as its own Delete would; a browser that keeps coming back keeps its own,
a run not yet ended is kept until it ends, and data from before visits were recorded gets the
whole time from the first look. Unset, nothing is deleted."""

import time
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, LONG, start_run, wait_for
from tests.backend.test_classes import hand_in, new_class
from tests.backend.test_run_search import _record
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import LOGIN_COOKIE, OWNER_COOKIE, owner_identity
from torchcanvas.api.app import create_app
from torchcanvas.api.services import Services
from torchcanvas.config import ServerConfig
from torchcanvas.runs.idle_owners import DAY, forget_idle_owners
from torchcanvas.store.owner_visits import OwnerVisits
from torchcanvas.store.owners import digest

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


def test_turned_on_later_it_deletes_nothing_before_its_time(tmp_path: Path) -> None:
    """A server that ran with the setting unset kept every visit: turned on, it counts the
    time from then, not from each browser's last visit long ago."""
    with _client(tmp_path, None) as client:
        services: Services = client.app.state.services  # type: ignore[attr-defined]
        old = _record(client, name="long idle")
        services.run_service.store.mark_ended(old, "succeeded", None)
        service, visits, now = services.run_service, services.visits, time.time()
        visits.seen(owner_identity(client.cookies[OWNER_COOKIE]), now - 1000 * DAY)
        visits.keeping(now)  # as a start with TORCHCANVAS_KEEP_IDLE_DAYS set does
        assert forget_idle_owners(service, visits, 100.0, now + 99) == (0, 0)
        visits.keeping(now + 50)  # a later start: the first one's time stands
        assert forget_idle_owners(service, visits, 100.0, now + 101) == (1, 0)


def test_a_run_in_an_open_class_and_data_a_transfer_moved_are_kept(tmp_path: Path) -> None:
    """A run handed in to a class is the teacher's to read until the class ends; a browser's
    runs a transfer code moved to another browser are that one's, and it is not idle."""
    with _client(tmp_path, None) as teacher:
        services: Services = teacher.app.state.services  # type: ignore[attr-defined]
        student = TestClient(teacher.app)
        homework = start_run(student, epochs=1)
        wait_for(student, homework, {"succeeded"})
        code = new_class(teacher)
        assert hand_in(student, homework, code).status_code == 201
        loose = _record(student, name="not handed in")
        services.run_service.store.mark_ended(loose, "succeeded", None)
        mover = TestClient(teacher.app)
        moved = _record(mover, name="moved")
        services.run_service.store.mark_ended(moved, "succeeded", None)
        service, now = services.run_service, time.time()

        class TransferredAsListed(OwnerVisits):
            """The mover claims a transfer code into the teacher's browser as the idle owners
            are listed."""

            def unseen_since(self, cutoff: float, now: float) -> list[str]:
                found = super().unseen_since(cutoff, now)
                mover_id = owner_identity(mover.cookies[OWNER_COOKIE])
                service.join_owners(mover_id, owner_identity(teacher.cookies[OWNER_COOKIE]))
                return found

        visits = TransferredAsListed(services.db)
        for browser, seen_at in (
            (student, 0.0),
            (mover, 0.0),
            (teacher, now),
        ):  # the teacher is back
            visits.seen(owner_identity(browser.cookies[OWNER_COOKIE]), seen_at)
        student_hash = digest(owner_identity(student.cookies[OWNER_COOKIE]))
        assert forget_idle_owners(service, visits, 100.0, now) == (1, 0)
        assert service.store.get(loose) is None  # the student's run not handed in went
        assert service.store.get(homework) is not None
        assert service.store.get(moved) is not None  # the teacher's now
        assert student_hash in [
            r["owner_hash"] for r in services.db.execute("SELECT owner_hash FROM owner_visits")
        ]  # it still has a run: remembered, to be looked at again

        assert teacher.delete(f"/api/classes/{code}").status_code == 204  # the class ends
        assert forget_idle_owners(service, OwnerVisits(services.db), 100.0, now) == (1, 0)
        assert service.store.get(homework) is None
        assert not (tmp_path / "runs" / homework).exists()


def test_a_browser_with_nothing_kept_leaves_no_visit_behind(tmp_path: Path) -> None:
    """A script that collects cookies and comes back with each (or a browser that only looks)
    has nothing to keep: its visits are no rows, however many; one with a run has its row."""
    with _client(tmp_path, None) as first:
        services: Services = first.app.state.services  # type: ignore[attr-defined]
        browsers = [TestClient(first.app) for _ in range(5)]
        for browser in [first, *browsers]:
            assert browser.get("/api/health").status_code == 200  # a cookie given
            services.visits.noted(owner_identity(browser.cookies[OWNER_COOKIE]), 0.0)  # now due
            assert browser.get("/api/health").status_code == 200  # back: its visit is due
        assert services.db.execute("SELECT COUNT(*) AS n FROM owner_visits")[0]["n"] == 0
        _record(first, name="kept")
        services.visits.noted(owner_identity(first.cookies[OWNER_COOKIE]), 0.0)
        assert first.get("/api/health").status_code == 200
        rows = services.db.execute("SELECT owner_hash FROM owner_visits")
        assert [row["owner_hash"] for row in rows] == [
            digest(owner_identity(first.cookies[OWNER_COOKIE]))
        ]


def test_a_browser_in_use_has_its_cookies_year_start_again(tmp_path: Path) -> None:
    """The owner cookie is kept a year: given once, a browser used every day lost its runs a
    year after its first visit. Now, as its visit is written (hourly; here a tenth of the 40
    seconds kept: enough that two requests in a row on a busy machine are not that far apart),
    the same cookie comes again with a new year; not on every request."""
    keep = 40.0
    with _client(tmp_path, keep / DAY) as client:
        page = client.get("/")  # index.html: a page a shared cache could keep
        given = page.headers["set-cookie"]
        assert given.startswith(f"{OWNER_COOKIE}=") and "Max-Age=31536000" in given
        assert "private" in page.headers["cache-control"]  # this browser's alone
        assert "set-cookie" not in client.get("/api/health").headers  # just given
        time.sleep(keep / 10 + 0.2)
        page = client.get("/")
        again = page.headers["set-cookie"]
        assert again.split(";")[0] == given.split(";")[0] and "Max-Age=31536000" in again
        assert "private" in page.headers["cache-control"]
        assert "set-cookie" not in client.get("/api/health").headers


def test_a_login_in_use_has_its_year_start_again_but_a_logout_stays_out(tmp_path: Path) -> None:
    """The login cookie (TORCHCANVAS_TOKEN) comes again with its owner cookie, so that a browser
    logged in every day is not asked for the token a year on; a logout's own cookie, which
    forgets the login, is not overruled."""
    keep, token = 40.0, "a-login-token-of-the-class"
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path,
        workers=1,
        worker_threads=1,
        keep_idle_days=keep / DAY,
        login_token=token,
    )
    with TestClient(create_app(settings)) as client:
        client.get("/api/health")  # the owner cookie first
        assert client.post("/api/login", json={"token": token}).status_code == 204
        login = client.cookies[LOGIN_COOKIE]
        time.sleep(keep / 10 + 0.2)
        renewed = client.get("/").headers.get_list("set-cookie")
        assert any(c.startswith(f"{LOGIN_COOKIE}={login};") for c in renewed), renewed
        assert client.get("/api/session").json()["logged_in"] is True
        time.sleep(keep / 10 + 0.2)
        out = client.post("/api/logout").headers.get_list("set-cookie")
        said = [c for c in out if c.startswith(f"{LOGIN_COOKIE}=")]
        assert len(said) == 1 and "Max-Age=0" in said[0], out
        assert client.get("/api/session").json()["logged_in"] is False
