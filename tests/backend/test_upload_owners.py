"""Who owns an upload is kept in the database, as a hash, beside who owns a run; uploads stored
before that (their owner in meta.json, or none) are adopted when the server starts."""

import json
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from tests.backend.test_datasets_upload import upload
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.access import OWNER_COOKIE
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
        owner = client.cookies[OWNER_COOKIE]
    assert _owner_rows(tmp_path) == {record["id"]: digest(owner)}
    meta = json.loads((datasets_folder(tmp_path) / record["id"] / META_FILE).read_text())
    assert meta.get("owner") is None  # the files never name who uploaded them
    assert owner not in (datasets_folder(tmp_path) / record["id"] / META_FILE).read_text()


def test_uploads_from_before_are_adopted_with_the_owner_their_meta_names(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        owned = upload(client, "owned.csv", blobs_csv(seed=1), target="species")["id"]
        unowned = upload(client, "old.csv", blobs_csv(seed=2), target="species")["id"]
        owner = client.cookies[OWNER_COOKIE]
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
