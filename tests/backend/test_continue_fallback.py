"""Continue when checkpoints are damaged: the one before the newest is used, saying so; when none
can be read, the refusal says that, not that the run never reached an epoch."""

from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket, start_run, wait_for
from tests.backend.test_checkpoint import _damage
from torchcanvas.training.run_folder import RunFolder

ENDED = {"succeeded", "failed", "cancelled"}


def _continue(client: TestClient, run_id: str) -> dict[str, object]:
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert reply.status_code == 200, reply.text
    return wait_for(client, run_id, ENDED)


# Both tests on the module's server (conftest's `client`), each with a run of its own: a server
# per test waited for a worker of its own to start and warm up.
def test_continue_passes_over_a_damaged_newest_checkpoint(
    client: TestClient, data_dir: Path
) -> None:
    run_id = start_run(client, epochs=2)
    assert wait_for(client, run_id, ENDED)["status"] == "succeeded"
    assert _continue(client, run_id)["status"] == "succeeded"  # a second checkpoint
    folder = RunFolder(data_dir / "runs" / run_id)
    (_, newest_path), _ = folder.checkpoints()  # newest first, and the one before
    _damage(newest_path)

    run = _continue(client, run_id)
    assert run["status"] == "succeeded"
    starts = [e for e in read_socket(client, run_id) if e["type"] == "started"]
    assert starts[-1]["first_epoch"] == 3  # from the checkpoint after epoch 2, not epoch 3
    assert starts[-1]["note"] == (
        "Went on from the checkpoint before the newest: "
        f"{newest_path.name} is damaged: its contents do not match their checksum."
    )


def test_continue_with_no_readable_checkpoint_says_so(client: TestClient, data_dir: Path) -> None:
    run_id = start_run(client, epochs=2)
    assert wait_for(client, run_id, ENDED)["status"] == "succeeded"
    folder = RunFolder(data_dir / "runs" / run_id)
    names = []
    for _, path in folder.checkpoints():
        _damage(path)
        names.append(path.name)
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    problems = "; ".join(
        f"{name} is damaged: its contents do not match their checksum" for name in names
    )
    assert (reply.status_code, reply.json()["detail"]) == (
        409,
        f"Run {run_id} cannot continue: no checkpoint of it can be read ({problems}). "
        "Start a new run instead.",
    )
