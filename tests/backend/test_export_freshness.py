"""An export is kept as fresh only for the weights it was made from: a Continue that writes new
weights while an export is being made (an ONNX file at another opset takes seconds) leaves it
stale, and it is made again; a bundle never pairs the new weights with a model of the old ones.
And exports a tool other than TorchCanvas opens whole: at any batch size, or refused, said why."""

import zipfile
from pathlib import Path
from typing import Any

import onnx
import pytest
import torch
from onnx.reference import ReferenceEvaluator
from safetensors.torch import load, save_file

from tests.backend.test_exports import LIMITS, MLP, batch, saved_run
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.export import bundle
from torchcanvas.export.bundle import bundle_file
from torchcanvas.export.export_process import EXPORTS
from torchcanvas.export.formats import export_file, onnx_export
from torchcanvas.problems import Invalid
from torchcanvas.training.settings import TrainingSettings

pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated:DeprecationWarning")
# As the editor suggests for a table read as a sequence (design/sequence_issues.py).
UNFLATTENED_LSTM: dict[str, Any] = {
    "version": 1,
    "name": "rows-lstm",
    "input_shape": [32],
    "layers": [
        {"id": "unflat", "type": "Unflatten", "params": {"unflattened_size": [2, 16]}},
        {"id": "lstm1", "type": "LSTM", "params": {"hidden_size": 8}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
    ],
}


def new_weights(folder: Path, design: Design, seed: int) -> dict[str, torch.Tensor]:
    """Writes other weights, as a Continue's end does, and gives them."""
    torch.manual_seed(seed)
    weights = {k: v.contiguous() for k, v in build_network(design).state_dict().items()}
    save_file(weights, str(folder / "weights.safetensors"))
    return weights


def weights_change_in_first_export(
    folder: Path, design: Design, monkeypatch: pytest.MonkeyPatch
) -> list[bytes]:
    """New weights are written (a Continue ends) while the first export is being made; the
    exports made, as they are made."""
    real, made = EXPORTS.make, []

    def make_as_weights_change(*args: Any) -> bytes:
        data = real(*args)
        made.append(data)
        if len(made) == 1:
            new_weights(folder, design, seed=5)
        return data

    monkeypatch.setattr(EXPORTS, "make", make_as_weights_change)
    return made


def test_an_export_made_as_new_weights_came_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    design, _ = saved_run(tmp_path, MLP)
    made = weights_change_in_first_export(tmp_path, design, monkeypatch)
    export_file(tmp_path, design, "model.pt", LIMITS)
    kept = torch.jit.load(str(export_file(tmp_path, design, "model.pt", LIMITS)))
    assert len(made) == 2  # made again, for the new weights
    current = load((tmp_path / "weights.safetensors").read_bytes())
    for name, tensor in kept.state_dict().items():
        assert tensor.equal(current[name]), name


def test_a_bundle_made_as_new_weights_came_holds_one_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    design, _ = saved_run(tmp_path, MLP)
    weights_change_in_first_export(tmp_path, design, monkeypatch)  # its model.pt's
    training = TrainingSettings(
        dataset="moons", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=8
    )
    path = bundle_file(tmp_path, design, training, LIMITS)
    with zipfile.ZipFile(path) as archive:
        weights = load(archive.read(bundle.WEIGHTS))
        scripted = torch.jit.load(archive.open("model.pt"))
    assert weights.keys() == load((tmp_path / "weights.safetensors").read_bytes()).keys()
    current = load((tmp_path / "weights.safetensors").read_bytes())
    for name, tensor in scripted.state_dict().items():
        assert tensor.equal(weights[name]) and tensor.equal(current[name]), name


@pytest.mark.parametrize("opset", [13, 17])
def test_an_old_opset_that_would_fix_the_batch_size_is_refused(tmp_path: Path, opset: int) -> None:
    """torch's older exporter fixed an LSTM's batch after an Unflatten at the traced size: the file
    ran at that batch size alone (a review, in onnxruntime)."""
    design, _ = saved_run(tmp_path, UNFLATTENED_LSTM)
    with pytest.raises(Invalid) as refused:
        onnx_export(tmp_path, design, opset, {}, LIMITS)
    assert str(refused.value) == (
        f"This model cannot be written as ONNX opset {opset} for any batch size (torch's exporter "
        "for opsets before 18 fixed a recurrent layer's batch size): choose opset 18 or later."
    )
    path = onnx_export(tmp_path, design, 18, {}, LIMITS)
    for size in (1, 3, 5):
        (got,) = ReferenceEvaluator(onnx.load(str(path))).run(
            None, {"input": batch(design, size).numpy()}
        )
        assert got.shape[0] == size


def test_the_pt2_export_takes_a_batch_larger_than_training_takes(tmp_path: Path) -> None:
    design, model = saved_run(tmp_path, MLP)
    program = torch.export.load(str(export_file(tmp_path, design, "model.pt2", LIMITS)))
    x = batch(design, 100_000)
    torch.testing.assert_close(program.module()(x), model(x).detach(), atol=1e-5, rtol=0)
