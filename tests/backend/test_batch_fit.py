"""A batch holds at most the samples a run trains on (the training part less its test set): the
memory estimate counts that batch, and a BatchNorm on a training part of one sample, which torch
cannot normalise, is refused up front naming the layer."""

import dataclasses
from typing import Any

import pytest
import torch
import torch.nn as nn
from fastapi.testclient import TestClient

from tests.backend.conftest import wait_for
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import DEFAULT_LIMITS
from torchcanvas.training.check import check_run
from torchcanvas.training.settings import TrainingSettings

# The review's design: 8 GiB at batch 65536, 0.2 GiB at the digits' 1,437 training samples.
WIDE_CNN = Design.model_validate(
    {
        "version": 1,
        "name": "wide",
        "input_shape": [1, 8, 8],
        "layers": [
            {
                "id": "c",
                "type": "Conv2d",
                "params": {"out_channels": 256, "kernel_size": 3, "padding": 1},
            },
            {"id": "r", "type": "ReLU"},
            {
                "id": "c2",
                "type": "Conv2d",
                "params": {"out_channels": 256, "kernel_size": 3, "padding": 1},
            },
            {"id": "f", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
)
DIGITS = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.001}
DIGITS |= {"epochs": 1, "seed": 0}
BATCH_NORM: dict[str, Any] = {
    "version": 1,
    "name": "bn",
    "input_shape": [2],
    "layers": [
        {"id": "norm", "type": "BatchNorm1d"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 1}},
    ],
}


def test_the_memory_estimate_counts_no_more_than_the_training_part() -> None:
    for batch_size in (1437, 4096, 65536):  # all train the same batch of every sample
        training = TrainingSettings.model_validate({**DIGITS, "batch_size": batch_size})
        assert check_run(WIDE_CNN, training) == [], batch_size
    # Over a lower limit even so: the refusal says which batch it counted.
    small = dataclasses.replace(DEFAULT_LIMITS, max_memory_bytes=2**27)
    held_out = TrainingSettings.model_validate(
        {**DIGITS, "batch_size": 65536, "test_fraction": 0.1}
    )
    (issue,) = check_run(WIDE_CNN, held_out, limits=small)
    assert issue.message.startswith(
        "Training this design with batch size 65536 (a batch holds all 1,293 samples it trains "
        "on, of `Handwritten digits (8×8)`) needs about 0.2 GiB"
    )
    as_set = TrainingSettings.model_validate({**DIGITS, "batch_size": 1024})
    (issue,) = check_run(WIDE_CNN, as_set, limits=small)
    assert issue.message.startswith("Training this design with batch size 1024 needs about")


def test_torch_cannot_train_batch_norm_on_one_sample() -> None:
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        nn.BatchNorm1d(2).train()(torch.randn(1, 2))


def _upload(client: TestClient, rows: int) -> str:
    """A regression CSV of `rows` rows: its validation part takes one, the rest train."""
    data = "a,b,y\n" + "".join(f"{i},{2 * i},{i / 4}\n" for i in range(rows))
    files = {"file": ("tiny.csv", data.encode())}
    reply = client.post("/api/datasets", files=files, data={"target": "y", "task": "regression"})
    assert reply.status_code == 201, reply.text
    assert reply.json()["train_size"] == rows - 1
    return str(reply.json()["name"])


def _start(client: TestClient, dataset: str, **training: Any) -> Any:
    settings = {"dataset": dataset, "loss": "MSELoss", "optimizer": "Adam", "lr": 0.001}
    settings |= {"epochs": 1, "batch_size": 2, "seed": 0} | training
    return client.post("/api/runs", json={"design": BATCH_NORM, "training": settings})


def test_batch_norm_on_a_training_part_of_one_sample_is_refused_naming_it(
    client: TestClient,
) -> None:
    one = _upload(client, 2)
    for training in ({}, {"batch_size": 65536}, {"range_test": {"steps": 5}}):
        reply = _start(client, one, **training)
        assert reply.status_code == 422, reply.text
        assert reply.json()["errors"] == [
            {
                "node": None,
                "field": "training.dataset",
                "message": "BatchNorm `norm` needs batches of at least 2 samples, but `tiny.csv` "
                "leaves 1 sample to train on, so every batch holds 1: upload more samples, or "
                "remove `norm`.",
                "fix": None,
            }
        ]
    two = _upload(client, 3)
    reply = _start(client, two, test_fraction=0.5)  # one of the two held out
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["field"] == "training.test_fraction"
    assert issue["message"].endswith(
        "leaves 1 sample to train on once its test set is held out, so every batch holds 1: set "
        "test_fraction to 0, or upload more samples, or remove `norm`."
    )
    # Two samples to train on: a batch of both trains.
    reply = _start(client, two)
    assert reply.status_code == 201, reply.text
    assert wait_for(client, reply.json()["id"], {"succeeded", "failed"})["status"] == "succeeded"
    # Frozen, its trained BatchNorm runs in inference mode (its running statistics): batches of
    # one sample train the rest.
    nn.BatchNorm1d(2).eval()(torch.randn(1, 2))  # torch: no error in inference mode
    frozen = _start(client, one, frozen=["norm"], init_from=reply.json()["id"])
    assert frozen.status_code == 201, frozen.text
    done = wait_for(client, frozen.json()["id"], {"succeeded", "failed"})
    assert done["status"] == "succeeded", done
