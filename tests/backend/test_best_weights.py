"""Early stopping's restore_best_weights: a run ends with its best epoch's weights, through early
stops, whole runs, a stop and resume (as after a server restart) and Continue."""

import itertools
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
import safetensors.torch
import torch
import torch.nn as nn
from fastapi.testclient import TestClient
from safetensors import safe_open
from safetensors.torch import load_file

from tests.backend.conftest import wait_for
from tests.backend.test_codegen import _EPOCH, run_script
from tests.backend.test_objectives import mlp
from torchcanvas.design.schema import Design
from torchcanvas.export.bundle_readme import Stopped, readme
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.data import load_split
from torchcanvas.training.events import EndEvent, EpochEvent, Metrics, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

torch.set_num_threads(1)  # as in a worker; the machine's other core serves other tests

# Adam at a high rate on the two moons: the validation loss goes up and down. With lr 0.5 it is
# lowest at epoch 2 of the first 4 (a patience of 2 stops after 4), then at epoch 6 of 8; with
# lr 1.0, lowest at epoch 4 of the first 6 (stopped there), and no lower in the 2 after.
BOUNCY = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.5}
BOUNCY |= {"batch_size": 32, "seed": 0, "early_stopping_patience": 2}


def run(
    folder: Path, resume: bool = False, stop: Any = lambda: False, **training: Any
) -> list[TrainingEvent]:
    events: list[TrainingEvent] = []
    job = TrainingJob(design=mlp(2, 2), training=BOUNCY | training, folder=folder, resume=resume)
    train(job, events.append, stop)
    return events


def end_of(events: list[TrainingEvent]) -> EndEvent:
    end = events[-1]
    assert isinstance(end, EndEvent)
    return end


def val_losses(events: list[TrainingEvent]) -> list[float]:
    return [e.val_loss for e in events if isinstance(e, EpochEvent) and e.val_loss is not None]


def oracle_val_loss(folder: Path) -> float:
    """The validation loss of the run's saved weights, in a network written in plain PyTorch."""
    net = nn.Sequential(
        OrderedDict(fc1=nn.Linear(2, 16), act=nn.ReLU(), fc2=nn.Linear(16, 2))
    )  # the design mlp(2, 2)
    net.load_state_dict(load_file(RunFolder(folder).weights))
    split = load_split("moons")
    with torch.no_grad():
        return nn.functional.cross_entropy(net(split.x_val), split.y_val).item()


def best_apart(folder: Path) -> bool:
    """Whether the newest checkpoint holds the best epoch's weights apart from the model's."""
    with safe_open(str(RunFolder(folder).checkpoints()[0][1]), framework="pt") as file:
        index = json.loads((file.metadata() or {})["state"])["index"]
    return any(name.startswith("best.") for name in index)


def test_a_run_stopped_early_ends_with_its_best_epochs_weights(tmp_path: Path) -> None:
    events = run(tmp_path, epochs=40)
    val, end = val_losses(events), end_of(events)
    best = val.index(min(val)) + 1
    assert (best, len(val)) == (2, 4)  # the best epoch is not the last
    assert end.message == (
        f"Stopped early after epoch 4: the validation loss has not improved for 2 epochs (best "
        f"{val[1]:.4g} at epoch 2). The weights kept are epoch 2's, which had the lowest "
        "validation loss."
    )
    assert oracle_val_loss(tmp_path) == pytest.approx(val[1], abs=1e-6)
    # The run's numbers are those of the weights kept; how far it trained stays.
    assert end.metrics.kept_epoch == 2 and end.metrics.epoch == 4
    assert end.metrics.val_loss == val[1]
    # Its checkpoint is still where training stood (Continue goes on from epoch 4's weights),
    # with epoch 2's apart.
    position = read_position(tmp_path)
    assert position is not None and (position.epoch, position.batch) == (5, 0)
    assert position.best_metrics["epoch"] == 2 and best_apart(tmp_path)


def test_with_the_setting_off_it_keeps_the_last_epochs(tmp_path: Path) -> None:
    events = run(tmp_path, epochs=40, restore_best_weights=False)
    val, end = val_losses(events), end_of(events)
    assert end.message is not None
    assert end.message.endswith("The weights kept are epoch 4's, the last trained.")
    assert oracle_val_loss(tmp_path) == pytest.approx(val[-1], abs=1e-6)
    assert end.metrics.kept_epoch is None and end.metrics.val_loss == val[-1]


def test_a_run_that_trains_all_its_epochs_keeps_its_best_too(tmp_path: Path) -> None:
    events = run(tmp_path, epochs=8, early_stopping_patience=100)
    val, end = val_losses(events), end_of(events)
    assert val.index(min(val)) + 1 == 6 and len(val) == 8
    assert end.message == (
        f"Trained all 8 epochs. The weights kept are epoch 6's, which had the lowest validation "
        f"loss ({val[5]:.4g}; epoch 8's was {val[7]:.4g})."
    )
    assert oracle_val_loss(tmp_path) == pytest.approx(val[5], abs=1e-6)


def test_without_early_stopping_nothing_is_kept(tmp_path: Path) -> None:
    events = run(tmp_path, epochs=8, early_stopping_patience=None)
    assert end_of(events).message is None
    assert oracle_val_loss(tmp_path) == pytest.approx(val_losses(events)[-1], abs=1e-6)


@pytest.mark.parametrize(
    ("stop_at", "apart"),
    [(6 * 15, False), (6 * 15 + 4, True)],  # 15 steps an epoch
    ids=["at-the-best-epochs-end", "inside-the-next-epoch"],
)
def test_a_run_stopped_and_resumed_keeps_the_same_best_weights(
    tmp_path: Path, stop_at: int, apart: bool
) -> None:
    settings = {"epochs": 8, "early_stopping_patience": 100}
    whole = run(tmp_path / "whole", **settings)
    # Stopped before step `stop_at + 1` (should_stop is asked once before each step), then
    # gone on from the checkpoint in a new session, as after a server restart.
    asked = itertools.count()
    stopped = run(tmp_path / "parts", stop=lambda: next(asked) >= stop_at, **settings)
    assert end_of(stopped).status == "cancelled"
    position = read_position(tmp_path / "parts")
    assert position is not None and position.step == stop_at
    assert position.best_metrics["epoch"] == 6
    # The best epoch's weights are stored apart only when the model's own are not them.
    assert best_apart(tmp_path / "parts") == apart
    resumed = run(tmp_path / "parts", resume=True, **settings)
    assert end_of(resumed).message == end_of(whole).message
    assert end_of(resumed).metrics.kept_epoch == 6
    expected = load_file(RunFolder(tmp_path / "whole").weights)
    got = load_file(RunFolder(tmp_path / "parts").weights)
    assert all(torch.equal(got[name], expected[name]) for name in expected)


@pytest.mark.parametrize(
    ("lr", "kept", "ended"),
    [(1.0, 4, 8), (0.5, 6, 8)],
    ids=["best-before-continue", "best-after-continue"],
)
def test_a_continued_run_keeps_the_best_epoch_of_all(
    tmp_path: Path, lr: float, kept: int, ended: int
) -> None:
    first = run(tmp_path / "run", lr=lr, epochs=40)
    done = len(val_losses(first))
    # Continue ("Train 4 more"): the same settings, more epochs, from the checkpoint.
    more = run(tmp_path / "run", resume=True, lr=lr, epochs=done + 4)
    val = val_losses(first) + val_losses(more)
    assert len(val) == ended and val.index(min(val)) + 1 == kept
    assert end_of(more).metrics.kept_epoch == kept
    assert oracle_val_loss(tmp_path / "run") == pytest.approx(min(val), abs=1e-6)
    # It went on from the last epoch trained, not from the weights kept: as one long run.
    straight = run(tmp_path / "straight", lr=lr, epochs=ended, early_stopping_patience=100)
    assert val == pytest.approx(val_losses(straight), abs=1e-9)


def test_the_script_of_a_continued_run_keeps_the_same_epochs_weights(
    client: TestClient, tmp_path: Path
) -> None:
    settings = {**BOUNCY, "lr": 1.0, "epochs": 40}  # stops after 6, keeping epoch 4's
    reply = client.post("/api/runs", json={"design": mlp(2, 2), "training": settings})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 3})
    assert reply.status_code == 200, reply.text
    run = wait_for(client, run_id, {"succeeded"}, timeout=120)
    assert run["metrics"]["kept_epoch"] == 4 and run["metrics"]["epoch"] == 8
    code = client.get(f"/api/runs/{run_id}/code.py").text
    path = tmp_path / "moons.py"
    path.write_text(code)
    out = run_script(path, [path.name, "--save", str(tmp_path / "script.pt")])
    assert [int(epoch) for epoch, _, _ in _EPOCH.findall(out)] == list(range(1, 9))
    assert "kept the weights of epoch 4, of the lowest validation loss" in out
    trained = safetensors.torch.load(client.get(f"/api/runs/{run_id}/weights.safetensors").content)
    scripted = torch.load(tmp_path / "script.pt", weights_only=True)
    assert scripted.keys() == trained.keys()
    for name, tensor in trained.items():
        torch.testing.assert_close(scripted[name], tensor, atol=1e-5, rtol=1e-5)
    # With the setting off, the script keeps the last epoch's, as the run would.
    off = {**settings, "restore_best_weights": False}
    reply = client.post("/api/designs/script", json={"design": mlp(2, 2), "training": off})
    assert "RESTORE_BEST_WEIGHTS = False" in reply.text


def test_a_setting_that_is_not_a_bool_is_refused(client: TestClient) -> None:
    from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING

    training = {**DIGITS_TRAINING, "early_stopping_patience": 2, "restore_best_weights": "yes"}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["field"] == "training.restore_best_weights"
    assert error["message"] == "training.restore_best_weights: Input should be a valid boolean."


def test_a_bundles_readme_says_which_epochs_weights_it_holds() -> None:
    training = TrainingSettings.model_validate({**BOUNCY, "epochs": 40})
    kept = Metrics(epoch=4, step=60, val_loss=0.2144, kept_epoch=2)
    text = readme(
        Design.model_validate(mlp(2, 2)), training, None, "ab", Stopped.of("succeeded", kept, 40)
    )
    assert (
        "stopped by early stopping at step 60, after 4 of its 40 epochs: the weights here are "
        "epoch 2's, which had the lowest validation loss." in " ".join(text.split())
    )
