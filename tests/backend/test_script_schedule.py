"""The script of a run that went on (Continue, Train N more epochs) repeats how it went on."""

from pathlib import Path
from typing import Any

import pytest
import safetensors.torch
import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import wait_for
from tests.backend.test_codegen import _EPOCH, SINE_MLP, run_script

torch.set_num_threads(1)  # as in a worker: a validation pass on two threads sums in another order

# Dropout and BatchNorm: a script that drew other random numbers, or ran other rates, differs.
SINE = {"dataset": "sine", "loss": "MSELoss", "lr": 0.05, "batch_size": 100, "seed": 3}


@pytest.mark.parametrize(
    "training",
    [
        {"optimizer": "Adam", "scheduler": "CosineAnnealingLR"},
        {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}, "scheduler": "OneCycleLR"},
    ],
    ids=["cosine", "one-cycle"],
)
def test_a_continued_runs_script_prints_its_losses(
    client: TestClient, tmp_path: Path, training: dict[str, Any]
) -> None:
    settings = {**SINE, **training, "epochs": 2}
    reply = client.post("/api/runs", json={"design": SINE_MLP, "training": settings})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    for more in (2, 1):  # Train 2 more epochs, then 1 more: three schedules, one after another
        assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
        reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": more})
        assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [1, 2, 3, 4, 5]
    steps = epochs[0]["step"]  # per epoch
    code = client.get(f"/api/runs/{run_id}/code.py").text
    assert f"SCHEDULE_STARTS = {{0: 2, {2 * steps}: 4, {4 * steps}: 5}}" in code
    assert (
        "The run's schedule started over (it trained more epochs, or was given a new rate)"
        in " ".join(code.split())
    )
    path = tmp_path / "continued.py"
    path.write_text(code)
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(run_script(path))]
    assert [p[0] for p in printed] == [1, 2, 3, 4, 5]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)


def test_a_run_that_stopped_early_and_went_on_has_a_script_that_goes_on_too(
    client: TestClient, tmp_path: Path
) -> None:
    # Its validation loss rises at epoch 2: a patience of 1 stops it there, and it goes on.
    settings = {**SINE, "optimizer": "Adam", "epochs": 6, "early_stopping_patience": 1}
    reply = client.post("/api/runs", json={"design": SINE_MLP, "training": settings})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    stopped = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    assert len([e for e in stopped if e["type"] == "epoch"]) == 2  # stopped early
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 3})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]
    assert len(epochs) > 2
    code = client.get(f"/api/runs/{run_id}/code.py").text
    assert f"WENT_ON = [{epochs[1]['step']}]" in code
    assert "RESTORE_BEST_WEIGHTS = True" in code
    path = tmp_path / "went_on.py"
    path.write_text(code)
    out = run_script(path, [path.name, "--save", str(tmp_path / "script.pt")])
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(out)]
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)
    # Both end with the weights of the epoch of lowest validation loss (here the last; an
    # earlier one in tests/backend/test_best_weights.py), its BatchNorm statistics too.
    val = [e["val_loss"] for e in epochs]
    assert val.index(min(val)) + 1 == len(epochs) and events[-1]["metrics"]["kept_epoch"] is None
    weights = client.get(f"/api/runs/{run_id}/weights.safetensors")
    trained = safetensors.torch.load(weights.content)
    scripted = torch.load(tmp_path / "script.pt", weights_only=True)
    assert scripted.keys() == trained.keys()
    for name, tensor in trained.items():
        torch.testing.assert_close(scripted[name], tensor, atol=1e-4, rtol=1e-4)
