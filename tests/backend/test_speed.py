"""The speed options on the CPU: bf16 autocast, torch.compile and channels-last all train for real."""

import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from torch._dynamo.eval_frame import _debug_get_cache_entry_list

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.design.build import Network
from torchcanvas.runs.protocol import RunEvent
from torchcanvas.runs.worker import RunControl, run_job
from torchcanvas.training.events import EndEvent, EpochEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train


def epoch_losses(folder: Path, **options: Any) -> list[float]:
    training = {**DIGITS_TRAINING, "epochs": 2, **options}
    events: list[TrainingEvent] = []
    train(
        TrainingJob(design=DIGITS_CNN, training=training, folder=folder),
        events.append,
        lambda: False,
    )
    end = events[-1]
    assert isinstance(end, EndEvent) and end.status == "succeeded", end
    return [e.train_loss for e in events if isinstance(e, EpochEvent) and e.train_loss is not None]


@pytest.fixture(scope="module")
def fp32(tmp_path_factory: pytest.TempPathFactory) -> list[float]:
    return epoch_losses(tmp_path_factory.mktemp("fp32"))


def test_bf16_autocast_trains_in_bf16(tmp_path: Path, fp32: list[float]) -> None:
    bf16 = epoch_losses(tmp_path, precision="bf16")
    assert bf16 != fp32, "bf16 gave fp32's losses exactly: autocast was not applied"
    assert all(math.isclose(a, b, rel_tol=0.05) for a, b in zip(bf16, fp32, strict=True))


def test_channels_last_gives_the_same_training(tmp_path: Path, fp32: list[float]) -> None:
    losses = epoch_losses(tmp_path, channels_last=True)
    assert all(math.isclose(a, b, rel_tol=1e-4) for a, b in zip(losses, fp32, strict=True))


# Inductor's own imports use a deprecated torch.jit API; nothing of ours does.
@pytest.mark.filterwarnings("ignore:`torch.jit.script_method` is deprecated:DeprecationWarning")
def test_a_compiled_model_gives_the_same_training_and_leaves_no_graph_in_its_worker(
    tmp_path: Path, fp32: list[float]
) -> None:
    """Trained as a worker trains it (run_job). A warm worker trains every design through one
    Network.forward: the graphs compiled for a run go with it, or past dynamo's 8 the next
    design trains uncompiled, and the worker holds them all for good."""
    training = {**DIGITS_TRAINING, "epochs": 2, "compile_model": True}
    job = TrainingJob(design=DIGITS_CNN, training=training, folder=tmp_path, run_id="compiled")
    events: list[TrainingEvent] = []
    graphs: list[int] = []  # held on Network.forward as the run ends

    def send(message: object) -> None:
        if isinstance(message, RunEvent):
            events.append(message.event)
            if isinstance(message.event, EndEvent):
                graphs.append(len(_debug_get_cache_entry_list(Network.forward)))

    run_job(job, send, RunControl())
    end = events[-1]
    assert isinstance(end, EndEvent) and end.status == "succeeded", end
    losses = [e.train_loss for e in events if isinstance(e, EpochEvent) and e.train_loss]
    assert all(math.isclose(a, b, rel_tol=1e-4) for a, b in zip(losses, fp32, strict=True))
    assert graphs and graphs[0] >= 1, graphs  # it was compiled
    assert _debug_get_cache_entry_list(Network.forward) == []  # and let go of


def test_fp16_without_a_gpu_is_refused_with_the_fix(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "precision": "fp16", "device": "cpu"}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    assert reply.json()["errors"] == [
        {
            "node": None,
            "field": "training.precision",
            "message": "fp16 needs a CUDA GPU (its gradient scaler is for GPUs): use bf16 on the "
            "CPU, or fp32.",
            "fix": None,
        }
    ]


@pytest.mark.parametrize(
    ("setting", "value"),
    [("channels_last", 0), ("compile_model", "true"), ("cudnn_benchmark", 1)],
)
def test_a_speed_option_that_is_not_a_bool_is_refused(
    client: TestClient, setting: str, value: object
) -> None:
    """0, 1 and "true" are refused, not read as booleans: what a run records is what was sent."""
    training = {**DIGITS_TRAINING, setting: value}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["message"] == f"training.{setting}: Input should be a valid boolean."
