"""Train more as a new run on Ray: the copy's files go to the actor as any run's do, and it
trains on from the checkpoint as a plain Continue there does, the run it came from unchanged."""

from pathlib import Path

from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import start_run, wait_for
from tests.cluster.test_ray_executor import ENDED


def _trained(client: TestClient) -> str:
    run_id = start_run(client, epochs=2, batch_size=256)
    assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    return run_id


def _files(client: TestClient, run_id: str) -> dict[str, bytes]:
    folder = Path(client.app.state.services.run_service.folder(run_id).path)  # type: ignore[attr-defined]
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_copy_on_ray_trains_on_as_continue_does(client: TestClient) -> None:
    plain, kept = _trained(client), _trained(client)
    files = _files(client, kept)
    reply = client.post(f"/api/runs/{kept}/continue", json={"epochs": 1, "as_new_run": True})
    assert reply.status_code == 200, reply.text
    copy_id = reply.json()["id"]
    assert wait_for(client, copy_id, ENDED, timeout=180)["status"] == "succeeded"
    reply = client.post(f"/api/runs/{plain}/continue", json={"epochs": 1})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, plain, ENDED, timeout=180)["status"] == "succeeded"

    events = client.get(f"/api/runs/{copy_id}/events", params={"limit": 10000}).json()
    starts = [e for e in events if e["type"] == "started"]
    assert ["Ray TrainingWorker" in (s["worker"] or "") for s in starts] == [True, True]
    assert starts[1]["first_epoch"] == 3
    copied = load(client.get(f"/api/runs/{copy_id}/weights.safetensors").content)
    for name, tensor in load(client.get(f"/api/runs/{plain}/weights.safetensors").content).items():
        assert tensor.equal(copied[name]), name
    assert _files(client, kept) == files
