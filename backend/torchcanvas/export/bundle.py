"""The bundle: weights, design, preprocessing, a TorchScript copy and a README, in one zip."""

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import torch.nn as nn

from torchcanvas.design.schema import Design
from torchcanvas.export.formats import EXPORT_DIR, export_file
from torchcanvas.export.trained import build_trained, weights_path
from torchcanvas.training.datasets import dataset_info
from torchcanvas.training.settings import TrainingSettings

BUNDLE = "bundle.zip"
# How each built-in dataset scales its raw values before the model sees them.
_SCALING = {"digits": "Pixel values 0–16 divided by 16, so each input lies in [0, 1]."}


def preprocessing(training: TrainingSettings, design: Design) -> dict[str, Any]:
    """What a sample must look like before it goes into the model, from the dataset's info."""
    info: dict[str, Any] = {"dataset": training.dataset, "input_shape": design.input_shape}
    try:
        info.update(dataset_info(training.dataset).model_dump(exclude={"help"}))
    except KeyError:
        info["note"] = "The dataset is no longer on this server; only its name is known."
    if training.dataset in _SCALING:
        info["scaling"] = _SCALING[training.dataset]
    return info


def sequential_code(model: nn.Module, design: Design) -> str | None:
    """nn.Sequential code for a stack of torch.nn layers, checked to rebuild the same modules."""
    if design.edges:
        return None
    lines = []
    for name, module in model.named_children():
        text = f"nn.{module!r}"
        rebuilt = eval(text, {"nn": nn})  # our own repr of a torch.nn module, not user input
        if type(module).__module__.split(".")[:2] != ["torch", "nn"] or repr(rebuilt) != repr(
            module
        ):
            return None
        lines.append(f'    ("{name}", {text}),')
    return "\n".join(["model = nn.Sequential(OrderedDict([", *lines, "]))"])


def readme(design: Design, training: TrainingSettings, code: str | None) -> str:
    shape = ", ".join(str(d) for d in design.input_shape)
    parts = [
        f"# {design.name}",
        "",
        f"Trained with TorchCanvas on `{training.dataset}` ({training.epochs} epochs, "
        f"{training.optimizer}, lr {training.lr}, {training.loss}).",
        f"Input: a batch of shape (B, {shape}); see preprocessing.json for classes and scaling.",
        "",
        "Files: `weights.safetensors` (state dict, keys `<layer id>.<tensor>`), `design.json`",
        "(open it in TorchCanvas), `preprocessing.json`, `model.pt` (TorchScript).",
        "",
        "## Load it in plain PyTorch",
        "",
        "```python",
        "import torch",
        "",
        'model = torch.jit.load("model.pt")  # TorchScript: needs no TorchCanvas',
        f"output = model(torch.zeros(1, {shape}))",
        "```",
    ]
    if code is not None:
        parts += [
            "",
            "Or rebuild the layers and load the weights:",
            "",
            "```python",
            "from collections import OrderedDict",
            "",
            "import torch",
            "import torch.nn as nn",
            "from safetensors.torch import load_file",
            "",
            code,
            'model.load_state_dict(load_file("weights.safetensors"))',
            "model.eval()",
            f"output = model(torch.zeros(1, {shape}))",
            "```",
        ]
    return "\n".join(parts) + "\n"


def bundle_file(folder: Path, design: Design, training: TrainingSettings) -> Path:
    """The run's bundle.zip, made once and kept beside its other exports."""
    weights = weights_path(folder)
    target = folder / EXPORT_DIR / BUNDLE
    if target.is_file() and target.stat().st_mtime_ns >= weights.stat().st_mtime_ns:
        return target
    torchscript = export_file(folder, design, "model.pt")
    code = sequential_code(build_trained(folder, design), design)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(weights, "weights.safetensors")
        archive.writestr("design.json", design.model_dump_json(indent=2, exclude_none=True))
        archive.writestr(
            "preprocessing.json", json.dumps(preprocessing(training, design), indent=2)
        )
        archive.writestr("README.md", readme(design, training, code))
        archive.write(torchscript, "model.pt")
    os.replace(partial, target)
    return target
