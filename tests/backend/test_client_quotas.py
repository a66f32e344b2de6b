"""The disk quotas (uploads', runs') are a client's, as the turns and the active-run quota are:
an owner cookie this server issued is a client of its own; a made-up one, or none, is its
address's, whatever identity it names. A script that sent a fresh cookie with each upload or run
had a fresh quota each time, and could fill the disk."""

from pathlib import Path

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, LONG, read_socket, wait_for
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import OWNER_COOKIE
from torchcanvas.api.app import create_app
from torchcanvas.api.quotas import upload_bytes
from torchcanvas.config import ServerConfig
from torchcanvas.runs.disk_watch import DiskWatch
from torchcanvas.store.disk_use import folder_bytes
from torchcanvas.store.owners import digest, new_owner_id

SHORT = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
LONG_RUN = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
BY_ADDRESS = (
    "Uploads sent from this address without an owner cookie this server issued count together "
    "(send back the owner cookie the server sets (torchcanvas_owner; __Host-torchcanvas_owner "
    "over https), and yours count as yours). "
    "Your uploads take"
)


def _settings(data_dir: Path, **limits: int) -> ServerConfig:
    return ServerConfig(pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, **limits)


def _given(reply: Response) -> str:
    """The signed owner cookie a reply sets."""
    for header in reply.headers.get_list("set-cookie"):
        name, _, value = header.split(";")[0].partition("=")
        if name == OWNER_COOKIE:
            return value
    raise AssertionError(f"no owner cookie in {reply.headers}")


def _upload(client: TestClient, cookie: str | None) -> Response:
    """An upload as a script sends it: with `cookie` (made up, or the server's), or none."""
    client.cookies.clear()
    if cookie is not None:
        client.cookies.set(OWNER_COOKIE, cookie)
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    return client.post("/api/datasets", files=files, data={"target": "species"})


def _stored_size(tmp_path: Path) -> int:
    with TestClient(create_app(_settings(tmp_path / "one"))) as client:
        reply = _upload(client, None)
        assert reply.status_code == 201, reply.text
        return upload_bytes(tmp_path / "one", [reply.json()["id"]])


def test_uploads_with_made_up_cookies_share_their_addresss_quota(tmp_path: Path) -> None:
    size = _stored_size(tmp_path)
    data = tmp_path / "data"
    with TestClient(create_app(_settings(data, max_upload_bytes_per_owner=size * 5 // 2))) as app:
        script = TestClient(app.app)
        first = _upload(script, new_owner_id())
        second = _upload(script, None)
        assert (first.status_code, second.status_code) == (201, 201), second.text
        for cookie in (new_owner_id(), None, f"{new_owner_id()}.{'A' * 22}"):
            refused = _upload(script, cookie)  # a third fresh identity: the address's third
            assert refused.status_code == 429, refused.text
            assert refused.json()["detail"].startswith(BY_ADDRESS), refused.json()["detail"]
        # A browser at the same address, with the cookie the server gave it, has its own quota;
        # so has the script's first identity, now that it sends back the cookie it was given.
        browser = TestClient(app.app)
        browser.get("/api/health")
        assert _upload(browser, browser.cookies[OWNER_COOKIE]).status_code == 201
        owned = _given(first)
        assert _upload(script, owned).status_code == 201  # two of its own, with the first
        # Deleting one of the address's uploads makes room for it again.
        mine = TestClient(app.app, cookies={OWNER_COOKIE: _given(second)})
        assert mine.delete(f"/api/datasets/{second.json()['id']}").status_code == 204
        assert _upload(script, new_owner_id()).status_code == 201
    with TestClient(create_app(_settings(data, max_upload_bytes_per_owner=size * 5 // 2))) as app:
        again = _upload(TestClient(app.app), new_owner_id())  # the address is known after a restart
        assert again.status_code == 429, again.text


def test_runs_with_made_up_cookies_share_their_addresss_disk_quota(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path))) as app:
        script = TestClient(app.app)
        script.cookies.set(OWNER_COOKIE, new_owner_id())
        created = script.post("/api/runs", json=SHORT)
        assert created.status_code == 201, created.text
        ended = created.json()["id"]
        owner = TestClient(app.app, cookies={OWNER_COOKIE: _given(created)})
        wait_for(owner, ended, ENDED)
        settings = app.app.state.services.settings  # type: ignore[attr-defined]
        settings.max_run_bytes_per_owner = 1000
        # The address's ceiling far above its runs' bytes: this test is of each owner's quota
        # (test_address_ceiling.py tests the ceiling of all the address's owners together).
        settings.max_quotas_per_address = 1000
        for cookie in (new_owner_id(), None):
            script.cookies.clear()
            if cookie is not None:
                script.cookies.set(OWNER_COOKIE, cookie)
            refused = script.post("/api/runs", json=SHORT)
            assert refused.status_code == 429, refused.text
            detail = refused.json()["detail"]
            assert "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER" in detail, detail
            assert "from this address without an owner cookie this server issued" in detail
        # A browser at the same address, with the cookie the server gave it, has its own quota.
        browser = TestClient(app.app)
        browser.get("/api/health")
        theirs = browser.post("/api/runs", json=SHORT)
        assert theirs.status_code == 201, theirs.text
        wait_for(browser, theirs.json()["id"], ENDED)
        # Deleting the address's run makes room for it again.
        assert owner.delete(f"/api/runs/{ended}").status_code == 204
        script.cookies.clear()
        script.cookies.set(OWNER_COOKIE, new_owner_id())
        allowed = script.post("/api/runs", json=SHORT)
        assert allowed.status_code == 201, allowed.text
        wait_for(
            TestClient(app.app, cookies={OWNER_COOKIE: _given(allowed)}),
            allowed.json()["id"],
            ENDED,
        )


def test_the_disk_watch_stops_the_runs_of_an_address_at_its_quota(tmp_path: Path) -> None:
    """As a run trains its bytes grow past the quota checked when it was queued: the watch
    (runs/disk_watch.py) measures a made-up cookie's run with the address's other such runs."""
    with TestClient(create_app(_settings(tmp_path))) as app:
        services = app.app.state.services  # type: ignore[attr-defined]
        script = TestClient(app.app)
        script.cookies.set(OWNER_COOKIE, new_owner_id())
        first = script.post("/api/runs", json=SHORT)
        wait_for(TestClient(app.app, cookies={OWNER_COOKIE: _given(first)}), _id(first), ENDED)
        identity = new_owner_id()
        script.cookies.clear()
        script.cookies.set(OWNER_COOKIE, identity)
        second = script.post("/api/runs", json=LONG_RUN)
        owner = TestClient(app.app, cookies={OWNER_COOKIE: _given(second)})
        wait_for(owner, _id(second), {"running"})
        watch = services.run_service.disk_watch
        earlier = folder_bytes(services.settings.data_dir / "runs" / _id(first))
        assert earlier > 20_000  # its weights: far more than the second run writes in a look
        # Its own runs are under the quota; with the address's earlier run, past it.
        limit = watch.use.of_owner(digest(identity)) + earlier // 2
        full = DiskWatch(watch.use, watch.stops, watch.stop_run, limit=limit)
        assert full.check() == [_id(second)]
        wait_for(owner, _id(second), {"cancelled"})
        end = read_socket(owner, _id(second))[-1]["message"]
        assert "from this address without an owner cookie this server issued" in end, end


def _id(reply: Response) -> str:
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id
