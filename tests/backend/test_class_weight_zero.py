"""A class weight of 0: torch averages a weighted loss over the batch's weights, so a batch of
only that class is 0 / 0 = nan. The run's check refuses it, naming the class; a small weight
trains, through the same batches that gave nan."""

from pathlib import Path

import torch
import torch.nn as nn

from tests.backend.test_objectives import run
from torchcanvas.design.schema import Design
from torchcanvas.training.check import check_run
from torchcanvas.training.settings import TrainingSettings

LINEAR = {
    "version": 1,
    "name": "linear",
    "input_shape": [2],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
}
# The review's run: with batches of 4 on the moons, some batch holds class `a` alone.
MOONS = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.001}
MOONS |= {"epochs": 1, "batch_size": 4, "seed": 0}


def test_torch_gives_nan_for_a_batch_of_only_weight_0_classes() -> None:
    loss = nn.CrossEntropyLoss(weight=torch.tensor([0.0, 1.0]))
    assert torch.isnan(loss(torch.randn(2, 2), torch.tensor([0, 0])))
    assert torch.isfinite(loss(torch.randn(2, 2), torch.tensor([0, 1])))


def test_a_class_of_weight_0_is_refused_naming_it_and_a_small_weight_trains(
    tmp_path: Path,
) -> None:
    design = Design.model_validate(LINEAR)
    zero = TrainingSettings.model_validate({**MOONS, "loss_params": {"weight": [0, 1]}})
    (issue,) = check_run(design, zero)
    assert issue.field == "training.loss_params.weight"
    assert issue.message.startswith("CrossEntropyLoss: class `a` has weight 0, so a batch")
    assert "give every class a weight above 0; a small one, such as 0.01," in issue.message
    nll = {**MOONS, "loss": "NLLLoss", "loss_params": {"weight": [1, 1e-50]}}
    (issue,) = check_run(design, TrainingSettings.model_validate(nll))
    assert issue.message.startswith("NLLLoss: class `b` (1e-50 is 0 in float32) has weight 0")

    # Trained past the check, it dies on the first batch of class `a` alone.
    (tmp_path / "zero").mkdir()
    end = run(tmp_path / "zero", LINEAR, **{**MOONS, "loss_params": {"weight": [0, 1]}})[-1]
    assert end.type == "end" and end.status == "failed", end
    assert (end.message or "").startswith("The loss became nan")

    small = {"weight": [0.01, 1]}
    assert check_run(design, TrainingSettings.model_validate({**MOONS, "loss_params": small})) == []
    end = run(tmp_path, LINEAR, **{**MOONS, "loss_params": small})[-1]
    assert end.type == "end" and end.status == "succeeded", end
