"""A forward pass outside training (the validation pass, the boundary maps, the results) takes
as many samples at once as PASS_BYTES of layer outputs allow: a design wide enough to train
only at small batches was stopped at its first epoch's end, its 1,024-sample passes taking
6 GiB (a hostile-input audit)."""

import tempfile
from typing import Any

import torch
import torch.nn as nn

from torchcanvas.design.build import Network
from torchcanvas.design.estimate import sample_work
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import walk_design
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.live_boundary import BoundaryMaps
from torchcanvas.training.live_neurons import NEURON_GRID
from torchcanvas.training.loop import train
from torchcanvas.training.pass_rows import EVAL_BATCH, PASS_BYTES, pass_rows
from torchcanvas.training.script_constants import constants_code
from torchcanvas.training.settings import TrainingSettings


def _diamonds(count: int) -> dict[str, Any]:
    """Each diamond a ReLU and a Tanh of the last layer, joined: twice as wide as it."""
    layers: list[dict[str, Any]] = [{"id": "l0", "type": "Linear", "params": {"out_features": 4}}]
    edges, last = [["input", "l0"]], "l0"
    for i in range(count):
        layers += [{"id": f"a{i}", "type": "ReLU"}, {"id": f"b{i}", "type": "Tanh"},
                   {"id": f"j{i}", "type": "Concat"}]  # fmt: skip
        edges += [[last, f"a{i}"], [last, f"b{i}"], [f"a{i}", f"j{i}"], [f"b{i}", f"j{i}"]]
        last = f"j{i}"
    layers.append({"id": "out", "type": "Linear", "params": {"out_features": 2}})
    return {"input_shape": [2], "layers": layers, "edges": [*edges, [last, "out"]]}


def test_a_wide_designs_passes_outside_training_take_what_fits() -> None:
    design = _diamonds(14)  # 1 MiB of layer outputs a sample
    rows = pass_rows(Design.model_validate(design))
    work = sample_work(walk_design(Design.model_validate(design)), [2])
    assert rows == PASS_BYTES // work.activation_bytes == 512, (rows, work.activation_bytes)
    assert pass_rows(Design.model_validate(_diamonds(2))) == EVAL_BATCH  # a small one: all

    seen: list[int] = []  # the samples of each pass through the network outside training

    def count(module: nn.Module, inputs: tuple[Any, ...]) -> None:
        if isinstance(module, Network) and not module.training:
            seen.append(len(inputs[0]))

    training = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
                "epochs": 1, "batch_size": 32, "dataset_options": {"train_share": 10}}  # fmt: skip
    events: list[Any] = []
    hook = nn.modules.module.register_module_forward_pre_hook(count)
    try:
        with tempfile.TemporaryDirectory() as folder:
            train(TrainingJob(design=design, training=training, folder=folder), events.append,
                  lambda: False)  # fmt: skip
    finally:
        hook.remove()
    assert events[-1].type == "end" and events[-1].status == "succeeded", events[-1]
    assert [e for e in events if e.type == "boundary"]
    # The validation pass, the live maps' 1,024 cells and the results' 4,096, each in parts.
    assert seen and max(seen) == rows and sum(seen) > 4096, seen
    # The run's script sums its validation losses in parts as large.
    said = constants_code(
        Design.model_validate(design), TrainingSettings(**training), None, (), None
    )
    assert f"EVAL_BATCH = {rows}  " in said


def test_the_live_neuron_maps_are_left_out_where_their_cells_are_more_than_a_pass_takes() -> None:
    """Each layer's outputs on every cell of the neurons' grid are kept at once."""
    x = torch.randn(40, 2)
    y = torch.randint(0, 2, (40,))
    assert BoundaryMaps(x, y, ["a", "b"], 5, rows=NEURON_GRID**2).neuron_grid is not None
    assert BoundaryMaps(x, y, ["a", "b"], 5, rows=NEURON_GRID**2 - 1).neuron_grid is None
