"""The owner cookie holds the identity and the server's signature of it (api/access.py): a browser
keeps its cookie and its runs, from before signatures too, and only a cookie the server issued
makes a client of its own in the run queue's turns and quotas (the CPU's: test_backpressure.py)."""

from pathlib import Path

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    ENDED,
    LONG,
    open_client,
    start_run,
    wait_for,
)
from torchcanvas.api.access import OWNER_COOKIE, owner_identity
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.owners import new_owner_id

LONG_RUN = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}


def _given(reply: Response) -> str | None:
    """The owner cookie a reply sets, if any."""
    for header in reply.headers.get_list("set-cookie"):
        name, _, value = header.split(";")[0].partition("=")
        if name == OWNER_COOKIE:
            return value
    return None


def _run_ids(client: TestClient) -> list[str]:
    return [run["id"] for run in client.get("/api/runs").json()]


def test_a_browser_keeps_its_cookie_across_reloads_and_a_restart(tmp_path: Path) -> None:
    with open_client(tmp_path) as browser:
        cookie = _given(browser.get("/"))
        assert cookie is not None
        identity, _, signature = cookie.partition(".")
        assert len(identity) == 43 and len(signature) == 22
        for path in ("/", "/api/runs", "/api/health"):  # reloads: nothing new is given
            assert _given(browser.get(path)) is None
        run_id = start_run(browser, epochs=1)
        wait_for(browser, run_id, ENDED)
    with open_client(tmp_path) as browser:  # the server again: its key is kept with the runs
        browser.cookies.set(OWNER_COOKIE, cookie)
        reply = browser.get("/api/runs")
        assert _given(reply) == cookie  # the same, its year begun again: its visit is written
        assert [run["id"] for run in reply.json()] == [run_id]
        assert _given(browser.get("/api/runs")) is None  # once an hour at most


def test_a_cookie_from_before_signatures_keeps_its_runs_and_comes_back_signed(
    tmp_path: Path,
) -> None:
    old = new_owner_id()  # what a server gave before it signed: the identity alone
    with open_client(tmp_path) as browser:
        browser.cookies.set(OWNER_COOKIE, old)
        created = browser.post("/api/runs", json={**LONG_RUN, "training": DIGITS_TRAINING})
        assert created.status_code == 201, created.text
        run_id = created.json()["id"]
        signed = _given(created)
        assert signed is not None and owner_identity(signed) == old and signed != old
        wait_for(browser, run_id, ENDED)
        for cookie in (old, signed, f"{old}.{'A' * 22}"):  # a browser not yet back; a made-up
            visitor = TestClient(browser.app)  # signature is as none: the identity still counts
            visitor.cookies.set(OWNER_COOKIE, cookie)
            reply = visitor.get("/api/runs")
            assert [run["id"] for run in reply.json()] == [run_id]
            assert _given(reply) == (None if cookie == signed else signed)
        assert _run_ids(TestClient(browser.app)) == []  # a stranger's list


def test_runs_queued_with_a_made_up_cookie_each_are_one_client(tmp_path: Path) -> None:
    """A script that made up an owner cookie for each run had each run's quota of active runs
    and a turn for each in the queue, ahead of a classmate who queued after it. Without a cookie
    the server issued, its runs are its address's: two active at most (the quota), and a
    classmate at the same address waits for one of them, not for both."""
    settings = ServerConfig(
        pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1, max_active_runs=2
    )
    with TestClient(create_app(settings)) as teacher:
        teacher.get("/api/health")  # the cookie the server gives
        started = [(teacher, teacher.post("/api/runs", json=LONG_RUN).json()["id"])]
        script = TestClient(teacher.app)
        try:
            wait_for(teacher, started[0][1], {"running"})  # the one worker is busy

            def made_up_run() -> Response:
                script.cookies.clear()
                script.cookies.set(OWNER_COOKIE, new_owner_id())
                reply = script.post("/api/runs", json=LONG_RUN)
                if reply.status_code == 201:
                    mine = TestClient(teacher.app, cookies={OWNER_COOKIE: _given(reply) or ""})
                    started.append((mine, reply.json()["id"]))
                return reply

            assert [made_up_run().status_code for _ in range(2)] == [201, 201]
            refused = made_up_run()
            assert refused.status_code == 429, refused.text
            assert refused.json()["detail"] == (
                "This address has 2 runs queued, running or paused that were started without "
                "an owner cookie this server issued, the most one client may have "
                "(TORCHCANVAS_MAX_ACTIVE_RUNS=2): wait for one to end, or stop one. Send back "
                "the owner cookie the server sets (torchcanvas_owner; __Host-torchcanvas_owner "
                "over https), and your runs count as yours."
            )
            classmate = TestClient(teacher.app)  # the same address, with the server's cookie
            classmate.get("/api/health")
            theirs = classmate.post("/api/runs", json=LONG_RUN)
            assert theirs.status_code == 201, theirs.text
            started.append((classmate, theirs.json()["id"]))
            # After the script's first run, before its second: a turn each would put it third.
            assert classmate.get(f"/api/runs/{started[-1][1]}").json()["queue_position"] == 2
            assert [c.get(f"/api/runs/{r}").json()["queue_position"] for c, r in started] == [
                None,
                1,
                3,
                2,
            ]
        finally:
            for client, run_id in started:
                client.post(f"/api/runs/{run_id}/cancel")
            for client, run_id in started:
                wait_for(client, run_id, ENDED)


def test_after_a_restart_a_made_up_cookies_runs_still_take_one_turn(tmp_path: Path) -> None:
    """Runs still queued when the server stops are queued again at its start, each in its
    owner's turn: those of made-up cookies take their address's again, so a classmate waits for
    at most one of the script's runs, not for all three."""
    settings = ServerConfig(
        pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1, max_active_runs=3
    )
    owners: list[str] = []  # the cookies of the runs, in the order they were queued
    with TestClient(create_app(settings)) as teacher:
        teacher.get("/api/health")
        busy = teacher.post("/api/runs", json=LONG_RUN).json()["id"]
        wait_for(teacher, busy, {"running"})  # the one worker is busy as the rest queue
        queued = []
        for _ in range(3):
            script = TestClient(teacher.app, cookies={OWNER_COOKIE: new_owner_id()})
            reply = script.post("/api/runs", json=LONG_RUN)
            assert reply.status_code == 201, reply.text
            queued.append(reply.json()["id"])
            owners.append(_given(reply) or "")
        classmate = TestClient(teacher.app)
        classmate.get("/api/health")
        queued.append(classmate.post("/api/runs", json=LONG_RUN).json()["id"])
        owners.append(classmate.cookies[OWNER_COOKIE])
        teachers = teacher.cookies[OWNER_COOKIE]
    with TestClient(create_app(settings)) as again:
        browsers = [TestClient(again.app, cookies={OWNER_COOKIE: c}) for c in owners]
        try:
            # The teacher's run, which the stop interrupted, went on first: stopped, it makes way.
            mine = TestClient(again.app, cookies={OWNER_COOKIE: teachers})
            assert mine.post(f"/api/runs/{busy}/cancel").status_code == 200
            wait_for(browsers[0], queued[0], {"running"})  # the script's first: it was first
            theirs = browsers[3].get(f"/api/runs/{queued[3]}").json()
            # Its own turn for each of the script's runs would put the classmate's third.
            assert theirs["status"] == "queued" and theirs["queue_position"] <= 2, theirs
        finally:
            for browser, run_id in zip(browsers, queued, strict=True):
                browser.post(f"/api/runs/{run_id}/cancel")
            for browser, run_id in zip(browsers, queued, strict=True):
                wait_for(browser, run_id, ENDED)
