"""An upload's owner renames it (PATCH /api/datasets/{id}): its listing, and the runs that
trained on it (in the runs list and its search), show the new title; bad titles get a 422
naming the field, and no one else may rename it."""

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_TRAINING, open_client, wait_for
from tests.backend.test_datasets_upload import upload
from tests.backend.upload_files import blobs_csv

TABLE_MLP = {
    "version": 1,
    "name": "table-mlp",
    "input_shape": [4],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
}


def _rename(client: TestClient, upload_id: str, title: object) -> tuple[int, str]:
    reply = client.patch(f"/api/datasets/{upload_id}", json={"title": title})
    return reply.status_code, reply.json().get("detail", reply.json().get("title"))


def _titles(client: TestClient) -> dict[str, str]:
    return {record["id"]: record["title"] for record in client.get("/api/datasets").json()}


def test_the_owner_renames_an_upload_and_its_runs_follow(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        first = upload(client, "machines.csv", blobs_csv(seed=1), target="species")["id"]
        second = upload(client, "machines.csv", blobs_csv(seed=2), target="species")["id"]
        assert _titles(client) == {first: "machines.csv", second: "machines.csv"}
        training = {**DIGITS_TRAINING, "dataset": first, "epochs": 1, "batch_size": 16}
        reply = client.post("/api/runs", json={"design": TABLE_MLP, "training": training})
        assert reply.status_code == 201, reply.text
        run_id = reply.json()["id"]
        wait_for(client, run_id, {"succeeded"})
        assert client.get(f"/api/runs/{run_id}").json()["dataset_title"] == "machines.csv"

        assert _rename(client, first, "  machines, cleaned  ") == (200, "machines, cleaned")
        assert _titles(client) == {first: "machines, cleaned", second: "machines.csv"}
        assert client.get(f"/api/datasets/{first}").json()["title"] == "machines, cleaned"
        assert client.get(f"/api/runs/{run_id}").json()["dataset_title"] == "machines, cleaned"
        found = client.get("/api/runs", params={"q": "cleaned"}).json()
        assert [run["id"] for run in found] == [run_id]
        # A run started after the rename keeps the new title too.
        again = client.post("/api/runs", json={"design": TABLE_MLP, "training": training})
        assert client.get(f"/api/runs/{again.json()['id']}").json()["dataset_title"] == (
            "machines, cleaned"
        )
        wait_for(client, again.json()["id"], {"succeeded"})
    with open_client(tmp_path) as restarted:  # kept on disk, not in the server's memory
        restarted.cookies = client.cookies
        assert _titles(restarted)[first] == "machines, cleaned"


def test_a_bad_title_gets_a_422_naming_the_field(client: TestClient) -> None:
    upload_id = upload(client, "machines.csv", blobs_csv(seed=1), target="species")["id"]
    status, detail = _rename(client, upload_id, "x" * 101)
    assert (status, detail) == (
        422,
        "The request is not valid: title: String should have at most 100 characters.",
    )
    status, detail = _rename(client, upload_id, "   ")
    assert (status, detail) == (  # the validator's own words, no "Value error, " before them
        422,
        "The request is not valid: title: is blank: give the upload a name, such as `machines, "
        "cleaned`.",
    )
    status, detail = _rename(client, upload_id, "mach\u202eines")
    assert status == 422 and detail.startswith("The request is not valid: title: ")
    assert "U+202E at position 5" in detail
    status, detail = _rename(client, upload_id, "bell\x07")
    assert status == 422 and "U+0007" in detail
    extra = client.patch(f"/api/datasets/{upload_id}", json={"title": "a", "name": "b"})
    assert extra.status_code == 422
    assert _titles(client)[upload_id] == "machines.csv"  # nothing changed


def test_only_the_owner_renames_an_upload(client: TestClient, data_dir: Path) -> None:
    upload_id = upload(client, "machines.csv", blobs_csv(seed=1), target="species")["id"]
    stranger = TestClient(client.app)
    status, detail = _rename(stranger, upload_id, "mine now")
    assert (status, detail) == (
        404,
        f"Dataset `{upload_id}` not found: use a built-in name or the id an upload returned.",
    )
    assert _rename(client, "upload-000000000000", "x")[0] == 404
    assert _rename(client, "digits", "my digits")[0] == 403
    # One from before uploads had owners: everyone sees it, no one renames it.
    with sqlite3.connect(data_dir / "torchcanvas.db") as db:
        db.execute("UPDATE uploads SET owner_hash = NULL WHERE id = ?", (upload_id,))
    status, detail = _rename(client, upload_id, "mine now")
    assert status == 403 and "from before uploads had owners" in detail
    assert _titles(client)[upload_id] == "machines.csv"
