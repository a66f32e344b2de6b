"""Who owns an upload is kept in the database, as a hash, beside who owns a run; uploads stored
before that (their owner in meta.json, or none) are adopted when the server starts."""

import json
import os
import sqlite3
import time
from pathlib import Path

import httpx2 as httpx
from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from tests.backend.test_datasets_upload import upload
from tests.backend.upload_files import blobs_csv
from tests.serve import serve
from torchcanvas.api.access import OWNER_COOKIE, owner_identity
from torchcanvas.store.owners import digest
from torchcanvas.training.data.storage import META_FILE, datasets_folder


def _ids(client: TestClient) -> set[str]:
    return {record["id"] for record in client.get("/api/datasets").json()}


def _owner_rows(data_dir: Path) -> dict[str, str | None]:
    with sqlite3.connect(data_dir / "torchcanvas.db") as db:
        return dict(db.execute("SELECT id, owner_hash FROM uploads").fetchall())


def test_an_upload_is_owned_in_the_database_not_in_its_files(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        record = upload(client, "a.csv", blobs_csv(seed=1), target="species")
        owner = owner_identity(client.cookies[OWNER_COOKIE])
    assert _owner_rows(tmp_path) == {record["id"]: digest(owner)}
    meta = json.loads((datasets_folder(tmp_path) / record["id"] / META_FILE).read_text())
    assert meta.get("owner") is None  # the files never name who uploaded them
    assert owner not in (datasets_folder(tmp_path) / record["id"] / META_FILE).read_text()


def test_uploads_from_before_are_adopted_with_the_owner_their_meta_names(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        owned = upload(client, "owned.csv", blobs_csv(seed=1), target="species")["id"]
        unowned = upload(client, "old.csv", blobs_csv(seed=2), target="species")["id"]
        owner = owner_identity(client.cookies[OWNER_COOKIE])
    # As an older server left them: no rows, the owner (or none) in meta.json.
    with sqlite3.connect(tmp_path / "torchcanvas.db") as db:
        db.execute("DELETE FROM uploads")
    for upload_id, named in ((owned, owner), (unowned, None)):
        path = datasets_folder(tmp_path) / upload_id / META_FILE
        meta = json.loads(path.read_text())
        path.write_text(json.dumps({**meta, "owner": named}))
    with open_client(tmp_path) as client:
        client.cookies.set(OWNER_COOKIE, owner)
        assert _ids(client) == {owned, unowned}
        stranger = TestClient(client.app)
        assert _ids(stranger) == {unowned}  # no owner was kept: everyone's, as it always was
        assert stranger.get(f"/api/datasets/{owned}").status_code == 404
        assert client.delete(f"/api/datasets/{owned}").status_code == 204
    assert _owner_rows(tmp_path) == {unowned: None}


def test_a_refused_upload_leaves_no_owner_behind(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        reply = client.post("/api/datasets", files={"file": ("x.txt", b"1,2")})
        assert reply.status_code == 415
    assert _owner_rows(tmp_path) == {}


def _as_an_older_server_left_it(data_dir: Path, upload_id: str, owner: str | None) -> Path:
    """No row in the database; the owner (or none) in meta.json, as written before owners moved."""
    with sqlite3.connect(data_dir / "torchcanvas.db") as db:
        db.execute("DELETE FROM uploads WHERE id = ?", (upload_id,))
    path = datasets_folder(data_dir) / upload_id / META_FILE
    meta = json.loads(path.read_text())
    path.write_text(json.dumps({**meta, "owner": owner}, indent=2))
    return path


def _stored_files(data_dir: Path) -> dict[str, set[str]]:
    return {
        folder.name: {path.name for path in folder.iterdir()}
        for folder in datasets_folder(data_dir).iterdir()
    }


def test_damaged_uploads_from_before_are_listed_to_who_may_see_them_and_can_be_deleted(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with open_client(data) as client:  # the server from before; the one after is a process
        ids = {}
        for name in ("named", "unnamed", "cut", "fine"):
            reply = client.post(
                "/api/datasets",
                files={"file": (f"{name}.csv", blobs_csv(seed=len(ids)))},
                data={"target": "species"},
            )
            assert reply.status_code == 201, reply.text
            ids[name] = reply.json()["id"]
        owner = owner_identity(client.cookies[OWNER_COOKIE])
    for name, named in (("named", owner), ("unnamed", None), ("fine", owner)):
        path = _as_an_older_server_left_it(data, ids[name], named)
        if name != "fine":  # damaged as an older server wrote NaN: valid JSON, an invalid meta
            path.write_text(path.read_text().replace('"mean": [\n', '"mean": [\n null,', 1))
    cut = _as_an_older_server_left_it(data, ids["cut"], owner)
    cut.write_bytes(cut.read_bytes()[:200])  # cut short: whose it was cannot be read
    files = _stored_files(data)
    with (
        serve(data) as url,
        httpx.Client(base_url=url, timeout=60, cookies={OWNER_COOKIE: owner}) as client,
        httpx.Client(base_url=url, timeout=60) as stranger,
    ):
        mine = {d["id"]: d for d in client.get("/api/datasets").json()}
        theirs = {d["id"]: d for d in stranger.get("/api/datasets").json()}
        assert set(mine) == set(ids.values())
        assert set(theirs) == {ids["unnamed"], ids["cut"]}  # no owner to be read: everyone's
        damaged = {ids[name] for name in ("named", "unnamed", "cut")}
        assert {i for i, d in mine.items() if not d["available"]} == damaged
        assert mine[ids["named"]]["title"] == "named.csv (damaged)"
        assert mine[ids["cut"]]["title"] == f"{ids['cut']} (damaged)"
        assert _stored_files(data) == files  # nothing is lost at start
        log = (data / "server.log").read_text()
        for name in ("unnamed", "cut"):
            assert f"The upload `{ids[name]}` from before uploads had owners is damaged" in log
        assert stranger.delete(f"/api/datasets/{ids['named']}").status_code == 404
        assert stranger.delete(f"/api/datasets/{ids['cut']}").status_code == 204
        assert client.delete(f"/api/datasets/{ids['named']}").status_code == 204
    assert set(_stored_files(data)) == {ids["unnamed"], ids["fine"]}
    assert _owner_rows(data) == {ids["unnamed"]: None, ids["fine"]: digest(owner)}


def test_uploads_a_killed_server_left_half_written_are_removed_at_start(tmp_path: Path) -> None:
    folder = datasets_folder(tmp_path)
    stale, fresh = folder / ".partial-0123456789abcdef", folder / ".partial-fedcba9876543210"
    for partial in (stale, fresh):
        partial.mkdir(parents=True)
        (partial / "upload.csv").write_bytes(b"x" * 100_000)
    hours_ago = time.time() - 2 * 3600
    for path in (stale / "upload.csv", stale):
        os.utime(path, (hours_ago, hours_ago))
    with open_client(tmp_path) as client:
        kept = upload(client, "kept.csv", blobs_csv(seed=1), target="species")["id"]
    assert not stale.exists()  # left by a server killed hours ago
    assert (fresh / "upload.csv").is_file()  # perhaps another server's upload in progress
    assert (folder / kept / META_FILE).is_file()
