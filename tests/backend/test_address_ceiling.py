"""All the owner identities from one client address keep a bounded total (api/address_ceiling.py).

A script with no browser asked the server for a fresh signed owner cookie (GET /api/health
without one) before each upload, and was a new client each time, with a fresh upload quota: it
could fill the disk. Now the uploads and runs of every owner from one address count together
against TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS times one owner's quota, and only
TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS identities a day store their first upload or run there.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, issued_cookie, wait_for
from tests.backend.upload_files import blobs_csv
from tests.serve import serve
from torchcanvas.api.access import OWNER_COOKIE, Owner, address_hash
from torchcanvas.api.address_ceiling import check_new_owner
from torchcanvas.api.app import create_app
from torchcanvas.api.quotas import upload_bytes
from torchcanvas.config import ServerConfig
from torchcanvas.store.address_use import AddressUse
from torchcanvas.store.db import Database
from torchcanvas.store.disk_use import DiskUse
from torchcanvas.store.owners import new_owner_id
from torchcanvas.store.uploads import UploadStore

SHORT = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
UPLOADS_CEILING = "The uploads kept from this address, by all its browsers and API clients"
RUNS_CEILING = "The runs started from this address, by all its browsers and API clients"
NEW_OWNERS = "browsers or API clients new to this server began keeping uploads or runs"


def _upload(url: str, cookie: str) -> httpx.Response:
    """An upload as a script sends it, with the owner cookie `cookie`."""
    files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
    with httpx.Client(base_url=url, timeout=60, cookies={OWNER_COOKIE: cookie}) as client:
        return client.post("/api/datasets", files=files, data={"target": "species"})


def _listed(url: str, cookie: str) -> list[str]:
    with httpx.Client(base_url=url, timeout=30, cookies={OWNER_COOKIE: cookie}) as client:
        return [record["id"] for record in client.get("/api/datasets").json()]


def _stored_size(data: Path) -> int:
    settings = ServerConfig(pin_cores=False, data_dir=data, workers=1, worker_threads=1)
    with TestClient(create_app(settings)) as client:
        files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
        reply = client.post("/api/datasets", files=files, data={"target": "species"})
        assert reply.status_code == 201, reply.text
        return upload_bytes(data, [reply.json()["id"]])


def _one_and_a_half(size: int) -> int:
    """An owner's upload quota that holds one upload of `size` bytes, not two, and twice which
    holds three (not four): with room for a few bytes more, as uploads' meta.json differ."""
    return size * 3 // 2 + 64


def test_a_script_collecting_fresh_cookies_meets_its_addresss_upload_ceiling(
    tmp_path: Path,
) -> None:
    """One owner keeps one upload, the address three: the fourth fresh cookie's upload answers
    429, saying that the address's uploads count together and what to do; what was uploaded
    before stays listed, and deleting one makes room again."""
    size = _stored_size(tmp_path / "one")
    env = {
        "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER": str(_one_and_a_half(size)),
        "TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS": "2",  # three uploads' worth
        "TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS": "50",
    }
    with serve(tmp_path / "data", 8711, **env) as url:
        kept: dict[str, str] = {}  # cookie -> its upload
        for _ in range(3):
            cookie = issued_cookie(url)  # a fresh signed cookie, as a script collects them
            reply = _upload(url, cookie)
            assert reply.status_code == 201, reply.text
            kept[cookie] = reply.json()["id"]
        refused = _upload(url, issued_cookie(url))
        assert refused.status_code == 429, refused.text
        detail = refused.json()["detail"]
        assert detail.startswith(UPLOADS_CEILING), detail
        for named in (
            "TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS=2 times TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER",
            "Your uploads are kept: delete those you no longer need, then upload again.",
            "TORCHCANVAS_TOKEN",
        ):
            assert named in detail, detail
        assert "retry-after" not in refused.headers  # only deleting frees room
        # Nothing saved before is lost: each identity still lists and reads its upload.
        for cookie, upload_id in kept.items():
            assert _listed(url, cookie) == [upload_id]
        # Deleting one of the address's uploads (the fix the 429 names) makes room again.
        first, first_id = next(iter(kept.items()))
        with httpx.Client(base_url=url, timeout=30, cookies={OWNER_COOKIE: first}) as owner:
            assert owner.delete(f"/api/datasets/{first_id}").status_code == 204
        assert _upload(url, issued_cookie(url)).status_code == 201


def test_a_script_collecting_fresh_cookies_meets_its_addresss_new_owners_of_the_day(
    tmp_path: Path,
) -> None:
    """Three new identities a day from one address store an upload; the fourth answers 429 with
    Retry-After, saying to use the browser it began in, which goes on uploading."""
    env = {"TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS": "3"}
    with serve(tmp_path / "data", 8712, **env) as url:
        cookies = [issued_cookie(url) for _ in range(4)]
        for cookie in cookies[:3]:
            reply = _upload(url, cookie)
            assert reply.status_code == 201, reply.text
        refused = _upload(url, cookies[3])
        assert refused.status_code == 429, refused.text
        detail = refused.json()["detail"]
        assert detail.startswith(f"3 {NEW_OWNERS}"), detail
        assert "(TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS=3)" in detail, detail
        assert "Use the browser you began in" in detail, detail
        assert 23 * 3600 < int(refused.headers["retry-after"]) <= 24 * 3600 + 1
        assert _listed(url, cookies[3]) == []  # nothing of it was kept
        # The identities that began keep going: a second upload of the first is stored.
        again = _upload(url, cookies[0])
        assert again.status_code == 201, again.text
        assert len(_listed(url, cookies[0])) == 2


def test_a_refused_first_upload_takes_no_place_among_the_new_owners_of_the_day(
    tmp_path: Path,
) -> None:
    """One new identity a day from the address: a first upload refused for its content (422,
    a target column it lacks) or past the owner's quota once read (429) leaves the place to the
    next identity, whose upload is stored and takes it."""
    quota = _one_and_a_half(_stored_size(tmp_path / "one"))
    env = {
        "TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS": "1",
        "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER": str(quota),
    }
    with serve(tmp_path / "data", 8763, **env) as url:
        wrong, large, right, late = (issued_cookie(url) for _ in range(4))
        files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
        with httpx.Client(base_url=url, timeout=60, cookies={OWNER_COOKIE: wrong}) as client:
            reply = client.post("/api/datasets", files=files, data={"target": "no such column"})
        assert reply.status_code == 422, reply.text
        big = {"file": ("blobs.csv", blobs_csv(rows=2400), "text/csv")}
        with httpx.Client(base_url=url, timeout=60, cookies={OWNER_COOKIE: large}) as client:
            reply = client.post("/api/datasets", files=big, data={"target": "species"})
        assert reply.status_code == 429 and NEW_OWNERS not in reply.text, reply.text
        stored = _upload(url, right)
        assert stored.status_code == 201, stored.text
        refused = _upload(url, late)  # the one place of the day is taken now
        assert refused.status_code == 429, refused.text
        assert "(TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS=1)" in refused.json()["detail"]


def _settings(data: Path, **limits: int) -> ServerConfig:
    return ServerConfig(pin_cores=False, data_dir=data, workers=1, worker_threads=1, **limits)


def test_fresh_cookies_share_their_addresss_ceiling_of_runs_bytes(tmp_path: Path) -> None:
    """The runs of every owner from one address count together: with a ceiling of one owner's
    quota, a fresh identity from there is refused once another's run takes it, until that run
    is deleted."""
    with TestClient(create_app(_settings(tmp_path, max_quotas_per_address=1))) as app:
        services = app.app.state.services  # type: ignore[attr-defined]
        first = TestClient(app.app)
        first.get("/api/health")  # a signed cookie, as a script collects it
        run = first.post("/api/runs", json=SHORT)
        assert run.status_code == 201, run.text
        wait_for(first, run.json()["id"], ENDED)
        address = address_hash(services.owner_key, "testclient")  # as the server keeps it
        used = DiskUse(services.db, tmp_path / "runs").of_address(address)
        assert used > 0
        services.settings.max_run_bytes_per_owner = used
        fresh = TestClient(app.app)
        fresh.get("/api/health")
        refused = fresh.post("/api/runs", json=SHORT)
        assert refused.status_code == 429, refused.text
        detail = refused.json()["detail"]
        assert detail.startswith(RUNS_CEILING), detail
        assert "TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS=1 times" in detail, detail
        assert "Your runs are kept: delete those you no longer need" in detail, detail
        assert first.get(f"/api/runs/{run.json()['id']}").json()["status"] == "succeeded"
        assert first.delete(f"/api/runs/{run.json()['id']}").status_code == 204
        allowed = fresh.post("/api/runs", json=SHORT)
        assert allowed.status_code == 201, allowed.text
        wait_for(fresh, allowed.json()["id"], ENDED)


def test_one_browser_never_meets_its_addresss_ceiling(tmp_path: Path) -> None:
    """At the tightest settings (the address holds one owner's quotas, and one new owner a
    day), a person in one browser loads the page, uploads, trains, and uploads up to their own
    quota: every refusal is their own quota's, never the address's."""
    size = _stored_size(tmp_path / "one")
    limits = {
        "max_upload_bytes_per_owner": size * 5 // 2,
        "max_quotas_per_address": 1,
        "max_new_owners_per_address": 1,
    }
    with TestClient(create_app(_settings(tmp_path / "data", **limits))) as browser:
        assert browser.get("/").status_code == 200
        for _ in range(3):  # the page's own reads, each with the cookie the first one set
            assert browser.get("/api/catalog").status_code == 200
            assert browser.get("/api/datasets").status_code == 200
        files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
        ids = []
        for _ in range(2):
            reply = browser.post("/api/datasets", files=files, data={"target": "species"})
            assert reply.status_code == 201, reply.text
            ids.append(reply.json()["id"])
        run = browser.post("/api/runs", json=SHORT)
        assert run.status_code == 201, run.text
        wait_for(browser, run.json()["id"], ENDED)
        over = browser.post("/api/datasets", files=files, data={"target": "species"})
        assert over.status_code == 429, over.text
        assert over.json()["detail"].startswith("Your uploads take"), over.json()["detail"]
        assert sorted(r["id"] for r in browser.get("/api/datasets").json()) == sorted(ids)
        assert browser.delete(f"/api/datasets/{ids[0]}").status_code == 204
        again = browser.post("/api/datasets", files=files, data={"target": "species"})
        assert again.status_code == 201, again.text
        second = browser.post("/api/runs", json=SHORT)
        assert second.status_code == 201, second.text
        wait_for(browser, second.json()["id"], ENDED)


def test_requests_with_the_login_token_are_not_counted_by_address(tmp_path: Path) -> None:
    """Where the server has TORCHCANVAS_TOKEN, those who show it are trusted with it: fresh
    identities logged in with it are not among the address's new owners of the day."""
    settings = _settings(tmp_path, max_new_owners_per_address=1)
    settings.login_token = "a-secret-token-of-the-class"
    with TestClient(create_app(settings)) as app:
        files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
        for _ in range(3):
            script = TestClient(app.app)
            script.get("/api/health")
            auth = {"Authorization": "Bearer a-secret-token-of-the-class"}
            reply = script.post(
                "/api/datasets", files=files, data={"target": "species"}, headers=auth
            )
            assert reply.status_code == 201, reply.text


def _uploads_at_once(scripts: list[TestClient]) -> list[Response]:
    """Each script's upload, all sent at once; one sent again after a 503 (the CPU gate's queue
    is full) or the gate's 429 (the address's share of it is), as its Retry-After asks."""

    def upload(script: TestClient) -> Response:
        while True:
            files = {"file": ("blobs.csv", blobs_csv(), "text/csv")}
            reply = script.post("/api/datasets", files=files, data={"target": "species"})
            waits = reply.status_code == 429 and "of yours already wait" in reply.text
            if reply.status_code != 503 and not waits:
                return reply
            time.sleep(float(reply.headers["retry-after"]))

    with ThreadPoolExecutor(len(scripts)) as pool:
        return list(pool.map(upload, scripts))


def test_fresh_cookies_uploading_at_once_stay_under_their_addresss_ceiling(
    tmp_path: Path,
) -> None:
    """Six fresh identities send an upload at the same moment: each upload in progress holds its
    place in the address's ceiling, so at most three are stored (the ceiling's worth), not six.
    Fewer may be: an upload reserves a first guess of its size, then what it takes once made, and
    one making its files may meet others' guesses still held (refused: never past the ceiling)."""
    size = _stored_size(tmp_path / "one")
    # Six CPU slots: the six are parsed at once, none stored before the others' last check.
    limits = {
        "max_upload_bytes_per_owner": _one_and_a_half(size),
        "max_quotas_per_address": 2,
        "cpu_slots": 6,
        "cpu_queue": 12,
    }
    with TestClient(create_app(_settings(tmp_path / "data", **limits))) as app:
        scripts = [TestClient(app.app) for _ in range(6)]
        for script in scripts:
            script.get("/api/health")  # a fresh signed cookie each

        replies = _uploads_at_once(scripts)
        stored = sum(reply.status_code == 201 for reply in replies)
        assert 1 <= stored <= 3, [r.text for r in replies]
        for reply in replies:
            if reply.status_code != 201:
                assert reply.status_code == 429, reply.text
                assert reply.json()["detail"].startswith(UPLOADS_CEILING), reply.text


def test_fresh_cookies_uploading_at_once_stay_under_their_addresss_new_owners(
    tmp_path: Path,
) -> None:
    """Six fresh identities send their first upload at the same moment, three may begin a day:
    an identity's place is held while its upload is stored (recorded only once it is), so three
    are stored and three refused, not six stored."""
    limits = {"max_new_owners_per_address": 3, "cpu_slots": 6, "cpu_queue": 12}
    with TestClient(create_app(_settings(tmp_path / "data", **limits))) as app:
        scripts = [TestClient(app.app) for _ in range(6)]
        for script in scripts:
            script.get("/api/health")  # a fresh signed cookie each

        replies = _uploads_at_once(scripts)
        codes = sorted(reply.status_code for reply in replies)
        assert codes == [201, 201, 201, 429, 429, 429], [r.text for r in replies]
        for reply in replies:
            if reply.status_code == 429:
                assert NEW_OWNERS in reply.json()["detail"], reply.text


def test_an_identity_whose_first_upload_failed_beside_another_still_takes_its_place(
    tmp_path: Path,
) -> None:
    """Two first uploads of one new identity at once, the first refused after the second began
    (its upload row made the identity look known): the stored one records the place, so the
    next new identity is refused, not let in beside it."""
    db = Database(tmp_path / "torchcanvas.db")
    use, uploads = AddressUse(db), UploadStore(db)
    first, other = Owner(new_owner_id(), True), Owner(new_owner_id(), True)
    one = check_new_owner(use, "an-address", first, 1)
    uploads.record("upload-1", first, None, "an-address")  # before its body, as the route does
    two = check_new_owner(use, "an-address", first, 1)
    uploads.record("upload-2", first, None, "an-address")
    uploads.forget("upload-1")  # refused (422), then its place let go
    one.release()
    two.admit(use)  # stored
    two.release()
    with pytest.raises(HTTPException) as refused:
        check_new_owner(use, "an-address", other, 1)
    assert refused.value.status_code == 429
    db.close()


def test_a_first_run_the_queue_refuses_takes_no_place_among_the_new_owners(
    tmp_path: Path,
) -> None:
    """Two new identities a day: the first's runs fill the queue, the second's first run is
    refused there, and takes no place: once the queue has room, a third identity's run starts."""
    limits = {"max_new_owners_per_address": 2, "max_queued_runs": 1, "max_active_runs": 3}
    long = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1000}}
    with TestClient(create_app(_settings(tmp_path / "data", **limits))) as app:
        first, second, third = (TestClient(app.app) for _ in range(3))
        for client in (first, second, third):
            client.get("/api/health")  # a fresh signed cookie each
        running = first.post("/api/runs", json=long).json()["id"]
        wait_for(first, running, {"running"})
        waiting = first.post("/api/runs", json=long)
        assert waiting.status_code == 201, waiting.text  # the queue is full now
        refused = second.post("/api/runs", json=SHORT)
        assert refused.status_code in (429, 503), refused.text
        assert NEW_OWNERS not in refused.text, refused.text
        for run_id in (waiting.json()["id"], running):
            first.post(f"/api/runs/{run_id}/cancel")
            wait_for(first, run_id, ENDED)
        started = third.post("/api/runs", json=SHORT)
        assert started.status_code == 201, started.text
        wait_for(third, started.json()["id"], ENDED)


def test_an_older_databases_address_counted_uploads_count_in_the_ceiling(tmp_path: Path) -> None:
    """A database from before the ceiling gets from_address as it opens, filled from the
    address_hash its cookieless uploads and runs were kept with: they count at once."""
    path = tmp_path / "torchcanvas.db"
    db = Database(path)
    UploadStore(db).record("upload-old", new_owner_id(), "an-address-hash")
    UploadStore(db).record("upload-mine", new_owner_id())  # an issued owner's: address unknown
    for table in ("uploads", "run_owners"):
        db.execute(f"DROP INDEX {table}_from_address")
        db.execute(f"ALTER TABLE {table} DROP COLUMN from_address")  # as it was before
    db.close()
    reopened = Database(path)
    assert AddressUse(reopened).upload_ids("an-address-hash") == ["upload-old"]
    reopened.close()
