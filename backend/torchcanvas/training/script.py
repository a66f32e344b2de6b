"""A run as a plain PyTorch training script: the design's Net, the dataset and the loop of loop.py.

Each training feature is one small part below (loss, optimizer, schedule, clipping, early
stopping), read from the catalogue where the catalogue is data. Run on the CPU, the script trains
on the run's data in its order with its settings and prints its epoch losses, which agree closely
with the run's (float rounding drifts a little over many steps); tests/backend/test_codegen.py
runs it to check, within 1e-4 over a few epochs.
"""

from torchcanvas.design.codegen import file_stem, net_class, valid_walk
from torchcanvas.design.schema import Design
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.script_augment import augment_code
from torchcanvas.training.script_cli import command_line_code
from torchcanvas.training.script_constants import constants_code
from torchcanvas.training.script_data import data_code
from torchcanvas.training.script_finetune import init_loader_code
from torchcanvas.training.script_header import script_header
from torchcanvas.training.script_loss import evaluate_code, loss_code
from torchcanvas.training.script_main import main_code
from torchcanvas.training.script_schedule import Continued, schedule_code
from torchcanvas.training.script_stop import stop_constant
from torchcanvas.training.script_test_set import hold_out_code
from torchcanvas.training.script_weights import weights_code
from torchcanvas.training.settings import TrainingSettings


def _imports(names: set[str]) -> str:
    """Standard library first, then the others; plain imports before `from` ones, as isort sorts."""
    third = ("numpy", "torch", "sklearn", "safetensors", "PIL")
    groups: list[list[str]] = [[], []]
    for line in names:
        module = line.split()[1]
        groups[module.split(".")[0] in third].append(line)
    key = lambda line: (line.startswith("from"), line.split()[1].lower())  # noqa: E731
    return "\n\n".join("\n".join(sorted(group, key=key)) for group in groups if group)


def training_script(
    design: Design,
    training: TrainingSettings,
    info: DatasetInfo,
    run_id: str | None,
    match: InitMatch | None = None,
    went_on: Continued | None = None,
    threads: int | None = None,
    stopped_at: int | None = None,
    named: str | None = None,
) -> str:
    """The run as one standalone Python file: Net, load_data(), the loss and the training loop
    (`run_id` None: a design and its settings, not trained yet, as the editor's Code panel shows);
    `match` says what it copied from the run it started from, if it did, and `went_on` how the
    run went on after its first start (script_schedule.continued). `threads`: torch's CPU threads
    in the worker that trained it (or would), which the script takes too; None: torch's own.
    `stopped_at`: the step a Stop ended the run at, where the script stops too. `named`: the
    script's file name without `.py` where it is not the run's (a bundle's `train`), which its
    docstring says to run."""
    walk = valid_walk(design)
    output = walk.layers[walk.graph.output or ""].output_shape
    classify = info.task == "classification"
    data = data_code(info)
    loss = loss_code(training, info, output[-1])
    augment = augment_code(training)
    held_out = hold_out_code(training)
    imports = {"import argparse", "import math", "import torch", "import torch.nn as nn"}
    imports |= {*data.imports, *loss.imports}
    imports.add("from pathlib import Path")  # load_trained() finds the weights beside the script
    if augment is not None:
        imports |= augment.imports
    if training.init_from is not None:
        imports.add("from safetensors.torch import load_file")
    if held_out is not None:
        imports |= held_out.imports
    images = len(design.input_shape) == 3
    went_on = went_on or Continued({}, ())
    starts = went_on.schedule_starts
    schedule = schedule_code(training, starts, went_on.lr_changes)
    stem = file_stem(design, run_id)
    header = script_header(
        design,
        info,
        run_id,
        named or stem,
        bool(starts),
        threads is not None,
        bool(went_on.lr_changes),
    )
    main = main_code(
        training, match, classify, images, schedule, went_on.steps, _target_scale(info), stopped_at
    )
    parts = [
        constants_code(design, training, match, went_on.steps, threads),
        schedule.constant,
        stop_constant(stopped_at),
        net_class(design, walk),
        data.code.strip("\n") + "\n",
        held_out.code if held_out is not None else "",
        loss.code,
        augment.code if augment is not None else "",
        evaluate_code(classify),
        schedule.function,
        init_loader_code(training, stem),
        main,
        weights_code(design, stem if run_id is not None else None),
        command_line_code(run_id, info.source == "upload", threads is not None),
    ]
    body = "\n\n\n".join(part.rstrip("\n") for part in parts if part)
    return f"{header}\n\n{_imports(imports)}\n\n{body}\n"


def _target_scale(info: DatasetInfo) -> tuple[str, str] | None:
    """A standardised target's std and mean, to scale the test errors back; None if it is not.
    An upload's script has them as constants; a built-in set's has the numbers."""
    scaling = info.standardisation
    if scaling is None or scaling.target_mean is None:
        return None
    if info.source == "upload":
        return ("TARGET_STD", "TARGET_MEAN")
    return (repr(scaling.target_std), repr(scaling.target_mean))
