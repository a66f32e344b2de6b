"""A run's owner renames it and gives it a note; older databases gain the columns when opened."""

import json
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for
from torchcanvas.design.schema import Design
from torchcanvas.store.db import Database
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.store.runs import RunStore
from torchcanvas.training.settings import TrainingSettings


def test_rename_and_note_are_kept_and_listed(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    assert client.get(f"/api/runs/{run_id}").json()["name"] is None

    reply = client.patch(
        f"/api/runs/{run_id}", json={"name": "  wide conv ", "note": "lr too high?"}
    )
    assert reply.status_code == 200, reply.text
    assert (reply.json()["name"], reply.json()["note"]) == ("wide conv", "lr too high?")

    # A field left out stays; blank text clears.
    reply = client.patch(f"/api/runs/{run_id}", json={"note": ""})
    assert (reply.json()["name"], reply.json()["note"]) == ("wide conv", None)
    listed = {run["id"]: run for run in client.get("/api/runs").json()}
    assert listed[run_id]["name"] == "wide conv"
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"


def test_bad_labels_get_a_4xx(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    too_long = client.patch(f"/api/runs/{run_id}", json={"name": "x" * 201})
    assert too_long.status_code == 422
    assert "200" in too_long.text
    assert client.patch(f"/api/runs/{run_id}", json={"name": 5}).status_code == 422
    unknown = client.patch(f"/api/runs/{run_id}", json={"foo": 1})  # was 200, changing nothing
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == (
        "The request is not valid: foo: not a field here: the fields are name, note."
    )
    missing = client.patch("/api/runs/0123456789abcdef", json={"name": "a"})
    assert missing.status_code == 404
    stranger = TestClient(client.app)
    refused = stranger.patch(f"/api/runs/{run_id}", json={"name": "mine now"})
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith(
        f"Only the browser that started run {run_id} can rename"
    )
    wait_for(client, run_id, {"succeeded"})
    assert client.get(f"/api/runs/{run_id}").json()["name"] is None


OLD_RUNS = """CREATE TABLE runs (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at REAL NOT NULL,
    started_at REAL, finished_at REAL, design TEXT NOT NULL, training TEXT NOT NULL,
    metrics TEXT NOT NULL, error TEXT, device TEXT)"""


def test_a_dataset_name_has_a_length_limit(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "dataset": "x" * 100_000}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    assert len(reply.text) < 2000  # the name is not echoed back
    assert reply.json()["detail"] == (
        "The request is not valid: training.dataset: String should have at most 200 characters."
    )


def test_a_database_from_before_labels_opens_and_takes_them(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = start_run(client, epochs=1)
    row = client.get(f"/api/runs/{run_id}").json()
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.execute(OLD_RUNS)
    old.execute(
        "INSERT INTO runs (id, status, created_at, design, training, metrics) VALUES (?,?,?,?,?,?)",
        (
            run_id,
            "succeeded",
            1.0,
            *(json.dumps(row[key]) for key in ("design", "training", "metrics")),
        ),
    )
    old.commit()
    old.close()

    db = Database(path)
    store = RunStore(db)
    run = store.get(run_id)
    assert run is not None and (run.name, run.note, run.status) == (None, None, "succeeded")
    store.label(run_id, RunLabels(name="from before"))
    assert store.get(run_id).name == "from before"  # type: ignore[union-attr]
    db.close()
    again = Database(path)  # opening again adds nothing twice
    assert RunStore(again).get(run_id).name == "from before"  # type: ignore[union-attr]
    again.close()
    wait_for(client, run_id, {"succeeded"})


def test_labels_with_invisible_characters_get_a_422(client: TestClient) -> None:
    """A right-to-left override in a name made the runs list read it backwards."""
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    override = client.patch(f"/api/runs/{run_id}", json={"name": "good\u202elr 0.1"})
    assert override.status_code == 422
    assert override.json()["errors"][0]["message"] == (
        "name: has the invisible character U+202E at position 5: remove it, names and notes are "
        "shown as typed."
    )
    bell = client.patch(f"/api/runs/{run_id}", json={"note": "ok\x07"})
    assert bell.status_code == 422
    assert "U+0007 at position 3" in bell.json()["errors"][0]["message"]
    # Zero-width and direction marks hide too; the joiners of Persian and of emoji do not.
    for hidden, code in [
        ("\u200b", "200B"),
        ("\u200f", "200F"),
        ("\u061c", "061C"),
        ("\ufeff", "FEFF"),
        ("\u2028", "2028"),  # a line separator, a soft hyphen, an invisible operator, a filler
        ("\xad", "00AD"),
        ("\u2062", "2062"),
        ("\u3164", "3164"),
    ]:
        reply = client.patch(f"/api/runs/{run_id}", json={"name": f"zero{hidden}width"})
        assert reply.status_code == 422, code
        assert f"U+{code} at position 5" in reply.json()["errors"][0]["message"]
    assert client.get(f"/api/runs/{run_id}").json()["name"] is None  # nothing was changed
    joined = client.patch(f"/api/runs/{run_id}", json={"name": "می‌خواهم 👨‍👩‍👧"})
    assert joined.status_code == 200, joined.text
    # A note may break lines and hold tabs; names and notes may use any script and emoji.
    fine = client.patch(f"/api/runs/{run_id}", json={"name": "réseau 🎉 שלום", "note": "a\n\tb"})
    assert fine.status_code == 200, fine.text
    assert (fine.json()["name"], fine.json()["note"]) == ("réseau 🎉 שלום", "a\n\tb")


def test_a_design_name_with_invisible_characters_trains_no_run(
    client: TestClient, tmp_path: Path
) -> None:
    """The design's name heads a run's page and its share page: an override made it read
    backwards there. A run stored before the rule still reads."""
    before = len(client.get("/api/runs").json())
    design = {**DIGITS_CNN, "name": "cnn\u202e1.0 ycarucca"}
    reply = client.post("/api/runs", json={"design": design, "training": DIGITS_TRAINING})
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"][0]["message"] == (
        "design.name: has the invisible character U+202E at position 4: remove it, names and "
        "notes are shown as typed."
    )
    assert len(client.get("/api/runs").json()) == before
    # An empty name gave a runs list line with nothing to click, and a page with no title.
    for empty in ("", "   "):
        design = {**DIGITS_CNN, "name": empty}
        reply = client.post("/api/runs", json={"design": design, "training": DIGITS_TRAINING})
        assert reply.status_code == 422, reply.text
        assert reply.json()["errors"][0]["message"] == (
            "design.name: is empty: give the design a name, such as digits-cnn; it heads the "
            "run's page and names it in the runs list."
        )
    assert len(client.get("/api/runs").json()) == before
    fine = {**DIGITS_CNN, "name": "réseau 🎉 שלום"}
    reply = client.post(
        "/api/runs", json={"design": fine, "training": {**DIGITS_TRAINING, "epochs": 1}}
    )
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert client.get(f"/api/runs/{run_id}").json()["design"]["name"] == "réseau 🎉 שלום"
    wait_for(client, run_id, {"succeeded"})

    db = Database(tmp_path / "old.sqlite")
    store = RunStore(db)
    old = Design.model_validate({**DIGITS_CNN, "name": "cnn\u202eold"})
    store.create("0123456789abcdef", old, TrainingSettings.model_validate(DIGITS_TRAINING))
    stored = store.get("0123456789abcdef")
    assert stored is not None and stored.design.name == "cnn\u202eold"
    db.close()
