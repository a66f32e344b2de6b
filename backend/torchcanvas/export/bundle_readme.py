"""The bundle's README: what the model is, how to load it in each format, and how a sample is
made for it (a table's standardisation, a picture's decoding: export/readme_inputs.py), in lines
a reader can run."""

import math
from dataclasses import dataclass

from torchcanvas.design.codegen import file_stem
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.export.markdown_text import code, plain
from torchcanvas.export.readme_inputs import inputs_and_outputs
from torchcanvas.hidden_text import without_hidden
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.events import Metrics
from torchcanvas.training.held_out import TestMetrics
from torchcanvas.training.settings import TrainingSettings


@dataclass(frozen=True)
class Stopped:
    """Where a run ended before its last epoch, and by what: "by its owner", "by early
    stopping"."""

    metrics: Metrics
    by: str

    @staticmethod
    def of(status: str, metrics: Metrics, epochs: int) -> "Stopped | None":
        """A run's early end, from its status and latest numbers; None for one that ran whole."""
        if metrics.epoch >= epochs or status not in ("cancelled", "succeeded"):
            return None
        return Stopped(metrics, "by its owner" if status == "cancelled" else "by early stopping")


def _dataset_name(training: TrainingSettings, dataset: DatasetInfo | None) -> str:
    """A built-in's name; an upload's file name (its title), with the id the server gave it."""
    if dataset is not None and dataset.source == "upload":
        return f"{code(without_hidden(dataset.title))} (uploaded as {code(training.dataset)})"
    return code(training.dataset)


_TRAIN_SCRIPT = [
    "",
    "`train.py` is the whole run as a plain PyTorch script: the network, the data read and split",
    "as the run read them, the loss and the training loop with the run's settings. `python",
    "train.py --help` lists what it takes; it prints each epoch's losses, as the run's chart did.",
]


def readme(
    design: Design,
    training: TrainingSettings,
    dataset: DatasetInfo | None,
    run_id: str,
    stopped: Stopped | None = None,
    script: bool = False,
    test: TestMetrics | None = None,
    started_from: str | None = None,
) -> str:
    """`stopped`: where and why a run ended before its last epoch (its weights are from there);
    `script`: the bundle holds the run's training script, train.py; `test`: how the model did
    on the run's held-out test set; `started_from`: the run whose weights it started from, which
    the bundle holds as init.safetensors."""
    shape = ", ".join(str(d) for d in design.input_shape)
    stem = file_stem(design, run_id)  # as the model page names its downloads
    source, trained = _dataset_name(training, dataset), _trained(training, stopped)
    parts = [
        f"# {plain(design.name)}",
        "",
        f"Trained with TorchCanvas on {source} {trained}",
        *_test_lines(test),
        f"Input: a batch of shape (B, {shape}); see preprocessing.json for classes and scaling.",
        "",
        "Files: `weights.safetensors` (state dict, keys `<layer id>.<tensor>`), `design.json`",
        "(open it in TorchCanvas), `preprocessing.json`, `model.py` (the network as PyTorch code)",
        f"and `model.pt` (TorchScript). The model page also downloads it as ONNX (`{stem}.onnx`,",
        f"for ONNX Runtime and other tools) and as `torch.export` (`{stem}.pt2`); see below.",
        *(_TRAIN_SCRIPT if script else []),
        *_starting_lines(started_from, script),
        *_pytorch_lines(shape),
        *_export_lines(shape, stem),
    ]
    output = validate_design(design).output_shape
    outputs = math.prod(output) if output is not None else None
    last = design.layers[-1].type if design.layers else None
    return "\n".join(parts + inputs_and_outputs(training, dataset, outputs, last)) + "\n"


def _starting_lines(started_from: str | None, script: bool) -> list[str]:
    """The weights a fine-tuned run started from, which the bundle holds."""
    if started_from is None:
        return []
    loads = " `train.py` loads them from beside itself." if script else ""
    return [
        "",
        f"`init.safetensors` holds the weights the run started from: run {started_from[:6]}'s as they",
        f"were when it started (that run may have trained more since).{loads}",
    ]


def _trained(training: TrainingSettings, stopped: Stopped | None) -> str:
    """How the model was trained, and where a run that ended early stopped."""
    how = f"{training.optimizer}, lr {training.lr}, {training.loss}"
    if stopped is None:
        return f"({training.epochs} epochs, {how})."
    step, kept = stopped.metrics.step, stopped.metrics.kept_epoch
    weights = (
        f"those at step {step:,}"
        if kept is None
        else f"epoch {kept}'s, which had the lowest validation loss"
    )
    return (
        f"({how}), stopped {stopped.by} at step {step:,}, after {stopped.metrics.epoch} of "
        f"its {training.epochs} epochs: the weights here are {weights}."
    )


def _pytorch_lines(shape: str) -> list[str]:
    """Loading the model in plain PyTorch: as TorchScript, or as its code and weights."""
    return [
        "",
        "## Load it in plain PyTorch",
        "",
        "```python",
        "import torch",
        "",
        'model = torch.jit.load("model.pt")  # TorchScript: needs no TorchCanvas',
        f"output = model(torch.zeros(1, {shape}))",
        "```",
        "",
        "Or build the network from its code and load the weights:",
        "",
        "```python",
        "import torch",
        "from safetensors.torch import load_file",
        "",
        "from model import Net  # model.py, beside this README",
        "",
        "model = Net()",
        'model.load_state_dict(load_file("weights.safetensors"))',
        "model.eval()",
        f"output = model(torch.zeros(1, {shape}))",
        "```",
    ]


def _export_lines(shape: str, stem: str) -> list[str]:
    """Running the model page's ONNX and torch.export downloads."""
    return [
        "",
        "## Its ONNX and torch.export files",
        "",
        "Downloaded from the model page beside this folder, they answer as the model above does",
        "(a batch of any size; the ONNX input is named `input`). A torch.export module is already",
        "in eval mode, and refuses `.eval()`:",
        "",
        "```python",
        "import numpy as np",
        "import onnxruntime",
        "import torch",
        "",
        f'session = onnxruntime.InferenceSession("{stem}.onnx")',
        f'output = session.run(None, {{"input": np.zeros((1, {shape}), np.float32)}})[0]',
        "",
        f'model = torch.export.load("{stem}.pt2").module()',
        f"output = model(torch.zeros(1, {shape}))",
        "```",
    ]


def _test_lines(test: TestMetrics | None) -> list[str]:
    """The held-out test result, as the run page says it (results.json has it too)."""
    if test is None:
        return []
    if test.accuracy is not None:
        said = f"test accuracy {100 * test.accuracy:.1f} %"
    elif test.mae is not None:
        said = f"test mean absolute error {test.mae:.4g}"
    else:
        said = f"test loss {test.loss:.4g}" if test.loss is not None else "test loss not finite"
    return [
        f"On its {test.size:,} held-out test samples, never trained on nor used to pick the",
        f"model: {said} (`test` in results.json).",
    ]
