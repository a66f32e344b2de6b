"""The server's admin (TORCHCANVAS_ADMIN_TOKEN): a teacher sees every browser's unfinished runs,
stops any, as its owner's Stop does, and puts a queued one first; without the setting there is no
admin (404)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, LongRuns, wait_for
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.preflight import StartupError, load_settings

ADMIN = "teacher-admin-token-2024"
LOGIN = "period3-deep-learning"
ADMIN_COOKIE_NAME = "torchcanvas_admin"
ADMIN_ROUTES = [
    ("GET", "/api/admin/runs"),
    ("POST", "/api/admin/runs/0123456789abcdef/cancel"),
    ("POST", "/api/admin/runs/0123456789abcdef/first"),
    ("POST", "/api/admin/login"),
    ("POST", "/api/admin/logout"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server with an admin token; this client is a browser that has not logged in as admin."""
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path_factory.mktemp("admin"),
        workers=1,
        worker_threads=1,
        admin_token=ADMIN,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def browser(server: TestClient) -> TestClient:
    """Another browser: its own cookie jar, so its own owner."""
    return TestClient(server.app)


def bearer(token: str = ADMIN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def admin_runs(admin: TestClient, **headers: str) -> list[dict[str, Any]]:
    reply = admin.get("/api/admin/runs", headers=headers)
    assert reply.status_code == 200, reply.text
    runs: list[dict[str, Any]] = reply.json()
    return runs


def end(owner: TestClient, run_id: str) -> str:
    """What the run's end says, as its owner reads it under the charts."""
    events = owner.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    message: str = next(e["message"] for e in events if e["type"] == "end")
    return message


def test_without_the_setting_there_is_no_admin(client: TestClient) -> None:
    for method, path in ADMIN_ROUTES:
        reply = client.request(method, path, headers=bearer(), json={"token": ADMIN})
        assert reply.status_code == 404, (path, reply.text)
        assert "TORCHCANVAS_ADMIN_TOKEN" in reply.json()["detail"]
    assert client.get("/admin", headers={"Accept": "text/html"}).status_code == 404


def test_the_admin_token_is_checked_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TORCHCANVAS_ADMIN_TOKEN", "short-admin")
    with pytest.raises(StartupError) as short:
        load_settings()
    assert str(short.value).startswith("TORCHCANVAS_ADMIN_TOKEN must be at least 16 characters")
    assert "short-admin" not in str(short.value)  # a secret is never printed
    monkeypatch.setenv("TORCHCANVAS_TOKEN", LOGIN)
    monkeypatch.setenv("TORCHCANVAS_ADMIN_TOKEN", LOGIN)  # every student has that one
    with pytest.raises(StartupError) as same:
        load_settings()
    assert str(same.value) == (
        "TORCHCANVAS_ADMIN_TOKEN: must differ from TORCHCANVAS_TOKEN, which everyone who trains "
        "has: choose another token for the admin."
    )
    monkeypatch.setenv("TORCHCANVAS_ADMIN_TOKEN", ADMIN)
    assert load_settings().admin_token == ADMIN


def test_only_the_admin_token_opens_the_admin_routes(server: TestClient) -> None:
    student = browser(server)
    student.get("/api/health")  # an owner cookie, as every browser has: not an admin's
    for method, path in ADMIN_ROUTES[:2]:
        refused = student.request(method, path)
        assert refused.status_code == 401, refused.text
        assert refused.json()["detail"] == (
            "Only the server's admin may do this: log in on the /admin page with the admin token "
            "(the server's TORCHCANVAS_ADMIN_TOKEN), or send it as \"Authorization: Bearer "
            '<token>".'
        )
        wrong = student.request(method, path, headers=bearer("not-the-admin-token"))
        assert wrong.status_code == 401, wrong.text
        assert wrong.json()["detail"].startswith("That admin token is wrong: check it for typos.")
    wrong_login = student.post("/api/admin/login", json={"token": "not-the-admin-token"})
    assert wrong_login.status_code == 401, wrong_login.text
    assert ADMIN_COOKIE_NAME not in wrong_login.headers.get("set-cookie", "")
    assert student.get("/api/admin/runs").status_code == 401

    teacher = browser(server)
    logged_in = teacher.post("/api/admin/login", json={"token": f"{ADMIN}\n"})  # pasted
    assert logged_in.status_code == 204, logged_in.text
    cookie = logged_in.headers["set-cookie"]
    assert cookie.startswith(f"{ADMIN_COOKIE_NAME}=") and "HttpOnly" in cookie
    assert ADMIN not in cookie  # a proof tied to this browser, not the token
    assert teacher.get("/api/admin/runs").status_code == 200
    # The cookie alone, in a browser of another owner, is nobody's admin login.
    student.cookies.set(ADMIN_COOKIE_NAME, teacher.cookies[ADMIN_COOKIE_NAME])
    assert student.get("/api/admin/runs").status_code == 401
    assert teacher.post("/api/admin/logout").status_code == 204
    assert teacher.get("/api/admin/runs").status_code == 401


def test_wrong_admin_tokens_are_throttled(server: TestClient) -> None:
    guesser = browser(server)
    for _ in range(10):  # TORCHCANVAS_MAX_WRONG_LOGINS
        assert guesser.post("/api/admin/login", json={"token": "a-guess"}).status_code == 401
    throttled = guesser.post("/api/admin/login", json={"token": ADMIN})
    assert throttled.status_code == 429, throttled.text
    assert throttled.json()["detail"].startswith("Too many wrong admin tokens from this browser")
    # Counted apart from the login tokens, and per browser: the teacher's laptop still logs in.
    assert browser(server).post("/api/admin/login", json={"token": ADMIN}).status_code == 204


def test_the_admin_sees_every_owners_runs_and_stops_any(
    server: TestClient, long_runs: LongRuns
) -> None:
    ana, ben, admin = browser(server), browser(server), browser(server)
    holding = long_runs(ana)  # the only worker's, for minutes
    wait_for(ana, holding, {"running"}, timeout=120)
    ana_waiting = long_runs(ana)
    ben_waiting = long_runs(ben, epochs=3)
    ana.patch(f"/api/runs/{holding}", json={"name": "my huge sweep"})

    runs = {run["id"]: run for run in admin_runs(admin, **bearer())}
    assert list(runs) == [holding, ana_waiting, ben_waiting]  # the worker's, then the queue's
    assert runs[holding]["status"] == "running" and runs[holding]["name"] == "my huge sweep"
    assert runs[holding]["queue_position"] is None and runs[holding]["started_at"] is not None
    assert [runs[r]["queue_position"] for r in (ana_waiting, ben_waiting)] == [1, 2]
    assert {runs[r]["status"] for r in (ana_waiting, ben_waiting)} == {"queued"}
    assert (
        runs[ben_waiting]["name"] == "digits-cnn"
        and runs[ben_waiting]["dataset"] == "Handwritten digits (8×8)"
    )
    assert runs[ben_waiting]["epochs"] == 3 and runs[ben_waiting]["epoch"] == 0
    tags = {run_id: run["owner_tag"] for run_id, run in runs.items()}
    assert tags[holding] == tags[ana_waiting] != tags[ben_waiting]  # one browser has two
    assert all(len(tag) == 6 for tag in tags.values())

    # A queued run put first (a demo) starts next, before the turn it waited in, and its owner's
    # page says so; one put first after it goes before it again.
    first = admin.post(f"/api/admin/runs/{ben_waiting}/first", headers=bearer())
    assert first.status_code == 200, first.text
    assert first.json()["queue_position"] == 1
    assert ana.get(f"/api/runs/{ana_waiting}").json()["queue_position"] == 2
    first = admin.post(f"/api/admin/runs/{ana_waiting}/first", headers=bearer())
    assert first.json()["queue_position"] == 1
    assert ben.get(f"/api/runs/{ben_waiting}").json()["queue_position"] == 2
    running = admin.post(f"/api/admin/runs/{holding}/first", headers=bearer())
    assert running.status_code == 409, running.text
    assert running.json()["detail"] == (
        f"Run {holding} is running, not waiting in the queue: only a queued run can start next."
    )
    assert ana.post(f"/api/admin/runs/{ben_waiting}/first").status_code == 401

    stopped = admin.post(f"/api/admin/runs/{holding}/cancel", headers=bearer())
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["id"] == holding
    # Its owner sees it stopped, as by their own Stop, and by whom; the queue moves on.
    assert wait_for(ana, holding, ENDED)["status"] == "cancelled"
    assert re.fullmatch(r"Stopped at step \d+\. The server's admin stopped it\.", end(ana, holding))
    assert holding not in {run["id"] for run in admin_runs(admin, **bearer())}
    again = admin.post(f"/api/admin/runs/{holding}/cancel", headers=bearer())
    assert again.status_code == 409, again.text
    assert again.json()["detail"] == f"Run {holding} has already ended (cancelled)."
    unknown = admin.post("/api/admin/runs/0123456789abcdef/cancel", headers=bearer())
    assert unknown.status_code == 404, unknown.text

    # A queued run is stopped before it starts, and its owner reads that too.
    assert admin.post(f"/api/admin/runs/{ben_waiting}/cancel", headers=bearer()).status_code == 200
    assert wait_for(ben, ben_waiting, ENDED)["status"] == "cancelled"
    assert end(ben, ben_waiting).endswith(" The server's admin stopped it.")
    # An owner's cookie opens no admin route, not even for the owner's own run.
    assert ana.post(f"/api/admin/runs/{ana_waiting}/cancel").status_code == 401
