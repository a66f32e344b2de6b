"""Train more as a new run (POST /continue with as_new_run): a copy of the ended run goes on from
its checkpoint exactly as Continue would, the run keeps its model and log byte for byte, the copy
counts to its owner's quotas as a new run does, and deleting either leaves the other whole."""

import os
from pathlib import Path
from typing import Any

import torch
from fastapi.testclient import TestClient
from safetensors.torch import load_file

from tests.backend.conftest import ENDED, LongRuns, wait_for
from tests.backend.test_codegen import SINE_MLP

torch.set_num_threads(1)
SINE = {"dataset": "sine", "loss": "MSELoss", "optimizer": "Adam", "lr": 0.05, "batch_size": 100}
MORE = {"epochs": 1, "as_new_run": True}


def _train(client: TestClient, **fields: Any) -> str:
    body = {"design": SINE_MLP, "training": {**SINE, "epochs": 2, "seed": 3}, **fields}
    reply = client.post("/api/runs", json=body)
    assert reply.status_code == 201, reply.text
    run_id = str(reply.json()["id"])
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    return run_id


def _folder(client: TestClient, run_id: str) -> Path:
    return Path(client.app.state.services.run_service.folder(run_id).path)  # type: ignore[attr-defined]


def _files(client: TestClient, run_id: str) -> dict[str, bytes]:
    """Every file of the run's folder, by its path there, with its bytes."""
    folder = _folder(client, run_id)
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _events(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    reply = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000})
    assert reply.status_code == 200, reply.text
    return list(reply.json())


def _weights(client: TestClient, run_id: str) -> dict[str, torch.Tensor]:
    return load_file(_folder(client, run_id) / "weights.safetensors")


def _copy(client: TestClient, run_id: str, **body: Any) -> dict[str, Any]:
    reply = client.post(f"/api/runs/{run_id}/continue", json={**MORE, **body})
    assert reply.status_code == 200, reply.text
    copy: dict[str, Any] = reply.json()
    assert wait_for(client, copy["id"], {"succeeded"}, timeout=120)["status"] == "succeeded"
    return copy


def test_the_copy_trains_on_as_continue_would_and_the_run_stays_as_it_was(
    client: TestClient,
) -> None:
    continued, kept = _train(client, name="plain"), _train(client, name="kept")
    for name, tensor in _weights(client, continued).items():  # two identical runs
        assert torch.equal(tensor, _weights(client, kept)[name]), name
    files, events = _files(client, kept), _events(client, kept)
    record = client.get(f"/api/runs/{kept}").json()
    # Exports made before are not copied (they name their run): made again for the copy.
    assert client.get(f"/api/runs/{kept}/files/model.pt").status_code == 200
    files = _files(client, kept)
    assert "exports/model.pt" in files

    reply = client.post(f"/api/runs/{kept}/continue", json=MORE)
    assert reply.status_code == 200, reply.text
    queued = reply.json()
    copy_id = queued["id"]
    # Read as it was queued: an idle worker may have started it already.
    assert copy_id != kept and queued["status"] in ("queued", "running")
    assert queued["based_on"] == kept and queued["name"] == "kept (more)"
    assert queued["copied_at"] == events[-1]["seq"]
    # Its files are the run's own, linked: they cost no disk until the copy writes its own.
    linked = (_folder(client, copy_id) / "design.json").stat()
    assert linked.st_ino == (_folder(client, kept) / "design.json").stat().st_ino
    assert not (_folder(client, copy_id) / "exports").exists()
    assert wait_for(client, copy_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    reply = client.post(f"/api/runs/{continued}/continue", json={"epochs": 1})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, continued, {"succeeded"}, timeout=120)["status"] == "succeeded"

    # Torch as the oracle: the copy's weights are the plain Continue's, tensor for tensor.
    mine, plain = _weights(client, copy_id), _weights(client, continued)
    assert mine.keys() == plain.keys()
    for name, tensor in plain.items():
        assert torch.equal(mine[name], tensor), name
    assert not all(torch.equal(mine[n], t) for n, t in _weights(client, kept).items())
    # The run itself: its files (exports among them), log and record as they were.
    assert _files(client, kept) == files
    assert _events(client, kept) == events
    after = client.get(f"/api/runs/{kept}").json()
    assert {k: after[k] for k in ("status", "metrics", "training", "finished_at")} == {
        k: record[k] for k in ("status", "metrics", "training", "finished_at")
    }
    # The copy's log is the run's, then its own part: the charts show the whole history.
    copied = _events(client, copy_id)
    assert copied[: len(events)] == events
    started = [e for e in copied if e["type"] == "started"]
    assert [(s["first_epoch"], s["epochs"]) for s in started] == [(1, 2), (3, 3)]
    copy = client.get(f"/api/runs/{copy_id}").json()
    assert copy["training"]["epochs"] == 3 and copy["metrics"]["epoch"] == 3
    assert copy["metrics"] == client.get(f"/api/runs/{continued}").json()["metrics"]
    # Its export is its own model's, made on its first download.
    assert client.get(f"/api/runs/{copy_id}/files/model.pt").status_code == 200
    assert _files(client, copy_id)["exports/model.pt"] != files["exports/model.pt"]
    # Its events count to its owner's disk: stored bytes as for any run.
    db = client.app.state.services.db  # type: ignore[attr-defined]
    row = db.execute(
        "SELECT event_bytes, (SELECT SUM(LENGTH(body)) FROM events WHERE run_id = ?) AS n "
        "FROM runs WHERE id = ?",
        (copy_id, copy_id),
    )[0]
    assert row["event_bytes"] == row["n"] > sum(len(str(e)) for e in events) // 2

    # Deleting the copy leaves the run whole; deleting the run leaves a copy of it whole.
    assert client.delete(f"/api/runs/{copy_id}").status_code == 204
    assert _files(client, kept) == files and _events(client, kept) == events
    second = _copy(client, kept)["id"]
    second_files, second_events = _files(client, second), _events(client, second)
    assert client.delete(f"/api/runs/{kept}").status_code == 204
    assert _files(client, second) == second_files and _events(client, second) == second_events
    weights = client.get(f"/api/runs/{second}/weights.safetensors")
    assert weights.status_code == 200
    assert weights.content == second_files["weights.safetensors"]
    assert client.get(f"/api/runs/{second}").json()["based_on"] == kept  # gone, and said so


def test_a_copy_is_refused_as_a_new_run_would_be_and_leaves_nothing(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = _train(client, name="refused")
    services = client.app.state.services  # type: ignore[attr-defined]
    runs_before = {r["id"] for r in client.get("/api/runs").json()}
    folders_before = set(os.listdir(services.settings.data_dir / "runs"))

    def refused(status: int, body: dict[str, Any] | None = None, run: str = run_id) -> str:
        reply = client.post(f"/api/runs/{run}/continue", json=body or MORE)
        assert reply.status_code == status, reply.text
        return str(reply.json()["detail"])

    # The owner's disk: at its quota already, as for a new run; under it, until the copy.
    used = services.run_disk.of_owner(_owner_hash(client, run_id))
    try:
        services.settings.max_run_bytes_per_owner = used
        assert "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER" in refused(429)
        services.settings.max_run_bytes_per_owner = used + 1
        detail = refused(429)
        assert f"a copy of run {run_id} would take" in detail, detail
        assert "train more on this run itself" in detail
    finally:
        services.settings.max_run_bytes_per_owner = 2**40
    # The owner's active runs.
    limit = services.settings.max_active_runs
    try:
        busy = long_runs(client, dataset="digits")
        services.settings.max_active_runs = 1
        assert "TORCHCANVAS_MAX_ACTIVE_RUNS=1" in refused(429)
        services.settings.max_active_runs = limit
        # A running run is not copied: Continue's own 409, naming it.
        assert f"Run {busy} is" in refused(409, run=busy)
    finally:
        services.settings.max_active_runs = limit
        client.post(f"/api/runs/{busy}/cancel")
        wait_for(client, busy, ENDED)
    assert "epochs" in refused(422, {**MORE, "epochs": 5000})
    assert refused(422, {**MORE, "as_new_run": "yes"})
    # Too many epochs for the limit names the run, not a copy of it.
    assert f"run {run_id} to" in refused(422, {**MORE, "epochs": 999})
    # A damaged record: the 409 that says to delete it.
    db = services.db
    db.execute("UPDATE runs SET design = '{' WHERE id = ?", (run_id,))
    assert "damaged" in refused(409)
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert client.post(f"/api/runs/{run_id}/continue", json=MORE).status_code == 410  # deleted
    # No copy was left behind by any refusal: no run, and no folder.
    left = set(os.listdir(services.settings.data_dir / "runs")) - folders_before
    assert left == {busy}
    listed = {r["id"] for r in client.get("/api/runs").json()}
    assert listed == (runs_before - {run_id}) | {busy}


def _owner_hash(client: TestClient, run_id: str) -> str:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    return str(db.execute("SELECT owner_hash FROM run_owners WHERE run_id = ?", (run_id,))[0][0])
