"""A run as a plain PyTorch training script: the design's Net, the dataset and the loop of loop.py.

Each training feature is one small part below (loss, optimizer, schedule, clipping, early
stopping), read from the catalogue where the catalogue is data. Run on the CPU, the script prints
the run's epoch losses within 1e-4; tests/backend/test_codegen.py runs it to check.
"""

import torch
import torch.nn as nn

from torchcanvas.design.codegen import (
    Code,
    call,
    call_arguments,
    file_stem,
    net_class,
    valid_walk,
)
from torchcanvas.design.params import resolve_params
from torchcanvas.design.schema import Design
from torchcanvas.training.catalog import LOSSES_BY_NAME, OPTIMIZERS_BY_NAME
from torchcanvas.training.class_chances import threshold
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.evaluation import EVAL_BATCH
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.objectives import _FIXED_KWARGS, loss_kwargs
from torchcanvas.training.script_augment import augment_code
from torchcanvas.training.script_cli import command_line_code
from torchcanvas.training.script_data import CodePart, data_code
from torchcanvas.training.script_finetune import (
    freeze_code,
    frozen_constant,
    init_code,
    init_constant,
    optimizer_params,
    train_mode_code,
)
from torchcanvas.training.script_header import script_header
from torchcanvas.training.script_schedule import Continued, ScheduleCode, schedule_code
from torchcanvas.training.script_stop import StopLines, stop_constant
from torchcanvas.training.script_test_set import hold_out_code, hold_out_line, test_lines
from torchcanvas.training.script_weights import weights_code
from torchcanvas.training.settings import TrainingSettings


def _loss(training: TrainingSettings, info: DatasetInfo, outputs: int) -> CodePart:
    spec = LOSSES_BY_NAME[training.loss]
    kwargs, _ = loss_kwargs(spec, training.loss_params)
    if spec.class_weights and "weight" in training.loss_params:
        weights = [float(w) for w in training.loss_params["weight"]]
        kwargs["weight"] = Code(f"torch.tensor({weights!r})")
    kwargs.update(_FIXED_KWARGS.get(spec.name, {}))
    args = call_arguments(getattr(nn, spec.name), kwargs, max_positional=0)
    lines = [call(0, f"loss_fn = nn.{spec.name}", args), "", ""]
    imports: set[str] = set()
    lines.append("def compute_loss(output, y):")
    lines.append('    """The loss of a batch, with the targets in the form this loss compares."""')
    if info.task == "classification" and spec.targets == "one_hot":
        if outputs == 1:
            lines.append("    target = y.float().unsqueeze(1)  # (B,) -> (B, 1): the class, 0 or 1")
        else:
            imports.add("import torch.nn.functional as F")
            lines.append(f"    target = F.one_hot(y, {outputs}).float()  # (B,) -> (B, {outputs})")
        lines.append("    return loss_fn(output, target)")
    else:
        lines.append("    return loss_fn(output, y)")
    if info.task == "classification":
        guess = (  # as class_chances.predicted_classes answers
            f"(output[:, 0] > {threshold(spec)}).long()  # (B, 1) -> (B,)"
            if outputs == 1
            else "output.argmax(dim=1)  # (B, classes) -> (B,)"
        )
        doc = '    """The predicted class of each sample."""'
        lines += ["", "", "def predict(output):", doc, f"    return {guess}"]
    return CodePart("\n".join(lines) + "\n", imports)


def _optimizer(training: TrainingSettings) -> str:
    spec = OPTIMIZERS_BY_NAME[training.optimizer]
    kwargs, _ = resolve_params(spec.params, training.optimizer_params, None, spec.name)
    given = {"params": Code(optimizer_params(training)), "lr": Code("LR"), **kwargs}
    args = call_arguments(getattr(torch.optim, spec.name), given, max_positional=1)
    return call(4, f"optimizer = torch.optim.{spec.name}", args)


def _constants(
    design: Design,
    training: TrainingSettings,
    match: InitMatch | None,
    went_on: tuple[int, ...],
    threads: int | None,
) -> str:
    lines = [
        f"SEED = {training.seed}",
        f"EPOCHS = {training.epochs}",
        f"BATCH_SIZE = {training.batch_size}",
        f"LR = {training.lr!r}",
        f"EVAL_BATCH = {EVAL_BATCH}  # validation batch size",
    ]
    if threads is not None:
        lines.append(f"THREADS = {threads}  {THREADS_COMMENT}")
    if training.clip_grad_norm is not None:
        lines.append(f"CLIP_GRAD_NORM = {training.clip_grad_norm!r}  # largest total gradient norm")
    if training.early_stopping_patience is not None:
        lines.append(
            f"PATIENCE = {training.early_stopping_patience}  "
            "# epochs without a lower validation loss before stopping"
        )
        lines.append(
            f"RESTORE_BEST_WEIGHTS = {training.restore_best_weights}  "
            "# end with the weights of the epoch of lowest validation loss"
        )
        lines.append(_went_on_constant(went_on))
    lines += [init_constant(match), frozen_constant(training)]
    return "\n".join(line for line in lines if line) + "\n"


def _went_on_constant(went_on: tuple[int, ...]) -> str:
    """Where the run went on, each time with early stopping's full patience again."""
    if not went_on:
        return ""
    return (
        "# The run went on after these steps (Continue, Train N more epochs), each time with\n"
        f"# early stopping's full patience again.\nWENT_ON = {sorted(set(went_on))!r}"
    )


THREADS_COMMENT = "# torch's CPU threads, as the run's worker had: the sums in the same order"


_EVALUATE = '''def evaluate(model, x, y):
    """Mean loss{and_accuracy} on (x, y), in batches of EVAL_BATCH."""
    model.eval()
    {sums}
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            xb, yb = x[start : start + EVAL_BATCH], y[start : start + EVAL_BATCH]
            output = model(xb)
            loss_sum += compute_loss(output, yb) * len(xb){count}
    return {result}
'''


def _speed(training: TrainingSettings, images: bool, batch: str) -> tuple[str, str]:
    """The run's speed options: setup lines, and the loss line in its autocast block if any."""
    setup = []
    if training.channels_last and images:
        setup += [
            "    # Channels-last memory, as the run: (B, C, H, W) kept as (B, H, W, C).",
            "    model = model.to(memory_format=torch.channels_last)",
            "    x_train = x_train.contiguous(memory_format=torch.channels_last)",
            "    x_val = x_val.contiguous(memory_format=torch.channels_last)",
        ]
    if training.cudnn_benchmark:
        setup.append("    torch.backends.cudnn.benchmark = True  # cuDNN times its kernels (GPU)")
    forward = "model"
    if training.compile_model:
        setup.append("    forward = torch.compile(model)  # compiled, as the run")
        forward = "forward"
    loss = f"loss = compute_loss({forward}({batch}), y_train[idx])"
    if training.precision == "fp16":
        setup.append(
            "    # The run trained in fp16 with a gradient scaler on a GPU; this trains in fp32."
        )
    if training.precision == "bf16":
        autocast = 'with torch.autocast("cpu", dtype=torch.bfloat16):  # bf16, as the run'
        return "\n".join(setup), f"            {autocast}\n                {loss}"
    return "\n".join(setup), f"            {loss}"


def _main(
    training: TrainingSettings,
    match: InitMatch | None,
    classify: bool,
    images: bool,
    schedule: ScheduleCode,
    went_on: tuple[int, ...],
    target_scale: tuple[str, str] | None = None,
    stopped_at: int | None = None,
) -> str:
    augmenting = bool(training.augmentations)
    stopped = stopped_at is not None
    stop = StopLines.of(stopped)
    speed_setup, loss_line = _speed(training, images, "xb" if augmenting else "x_train[idx]")
    clip = training.clip_grad_norm is not None
    early = training.early_stopping_patience is not None
    accuracy = "  val_accuracy {val_accuracy:.4f}" if classify else ""
    lines = [
        "def main() -> None:",
        "    x_train, y_train, x_val, y_val = load_data()",
        hold_out_line(training, classify),
        "    torch.manual_seed(SEED)  # the same seed gives the same initial weights as the run",
        "    model = Net()",
        init_code(training, match),
        freeze_code(training),
        speed_setup,
        _optimizer(training),
        "    shuffle = torch.Generator().manual_seed(SEED)",
        "    n = len(x_train)",
        "    # A last batch of one sample is dropped: BatchNorm cannot train on it.",
        "    drop_last = n % BATCH_SIZE == 1 and n > BATCH_SIZE",
        "    steps_per_epoch = n // BATCH_SIZE if drop_last else math.ceil(n / BATCH_SIZE)",
        schedule.make,
        "    best_val_loss, bad_epochs = math.inf, 0" if early else "",
        "    best_epoch, best_state = 0, None  # the best epoch's weights, kept" if early else "",
        "    trained = 0  # steps, to stop where the run was stopped" if stopped else "",
        "    for epoch in range(1, EPOCHS + 1):",
        *stop.epoch_start,
        train_mode_code(training),
        "        order = torch.randperm(n, generator=shuffle)",
        "        drawn = draw_augmentations(n, shuffle)  # right after the order, as the run"
        if augmenting
        else "",
        "        epoch_loss = torch.zeros(())",
        "        for b in range(steps_per_epoch):",
        schedule.batch_start,
        "            idx = order[b * BATCH_SIZE : (b + 1) * BATCH_SIZE]",
        "            xb = augment(x_train[idx], [d[b * BATCH_SIZE : (b + 1) * BATCH_SIZE] for d in drawn])"
        if augmenting
        else "",
        loss_line,
        "            optimizer.zero_grad(set_to_none=True)",
        "            loss.backward()",
        "            nn.utils.clip_grad_norm_(model.parameters(), CLIP_GRAD_NORM)" if clip else "",
        "            optimizer.step()",
        schedule.batch_step,
        "            epoch_loss += loss.detach() * len(idx)",
        *stop.batch_end,
        f"        {'val_loss, val_accuracy' if classify else 'val_loss'} = evaluate(model, x_val, y_val)",
        "        train_loss = epoch_loss.item() / min(n, steps_per_epoch * BATCH_SIZE)",
        "        print(",
        '            f"epoch {epoch}  train_loss {train_loss:.6f}  "',
        f'            f"val_loss {{val_loss:.6f}}{accuracy}"',
        "        )",
        schedule.epoch_step,
    ]
    if early:
        if went_on:
            lines += [
                "        done = range((epoch - 1) * steps_per_epoch, epoch * steps_per_epoch)",
                "        if any(at in done for at in WENT_ON):  # the run went on in this epoch",
                "            bad_epochs = 0",
            ]
        lines += [
            "        if val_loss < best_val_loss:",
            "            best_val_loss, bad_epochs = val_loss, 0",
            "            if RESTORE_BEST_WEIGHTS:",
            "                best_epoch = epoch",
            "                best_state = {k: v.clone() for k, v in model.state_dict().items()}",
            "        else:",
            "            bad_epochs += 1",
            "            if bad_epochs >= PATIENCE:",
            '                print(f"stopped early: no lower validation loss for {PATIENCE} epochs")',
            "                if epoch * steps_per_epoch not in WENT_ON:  # else the run went on"
            if went_on
            else "",
            "                    break" if went_on else "                break",
            "    if best_state is not None and best_epoch != epoch"
            + (
                " and trained != STOP_AT_STEP:  # a Stop keeps the weights it reached"
                if stopped
                else ":"
            ),
            "        model.load_state_dict(best_state)",
            '        print(f"kept the weights of epoch {best_epoch}, of the lowest validation loss")',
        ]
    lines += test_lines(training, classify, target_scale)
    lines.append("    return model")
    return "\n".join(line for line in lines if line) + "\n"


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
) -> str:
    """The run as one standalone Python file: Net, load_data(), the loss and the training loop
    (`run_id` None: a design and its settings, not trained yet, as the editor's Code panel shows);
    `match` says what it copied from the run it started from, if it did, and `went_on` how the
    run went on after its first start (script_schedule.continued). `threads`: torch's CPU threads
    in the worker that trained it (or would), which the script takes too; None: torch's own.
    `stopped_at`: the step a Stop ended the run at, where the script stops too."""
    walk = valid_walk(design)
    output = walk.layers[walk.graph.output or ""].output_shape
    classify = info.task == "classification"
    data = data_code(info)
    loss = _loss(training, info, output[-1])
    augment = augment_code(training)
    imports = {
        "import argparse",
        "import math",
        "import torch",
        "import torch.nn as nn",
        *data.imports,
        *loss.imports,
    }
    imports.add("from pathlib import Path")  # load_trained() finds the weights beside the script
    if augment is not None:
        imports |= augment.imports
    if training.init_from is not None:
        imports.add("from safetensors.torch import load_file")
    held_out = hold_out_code(training)
    if held_out is not None:
        imports |= held_out.imports
    evaluate = _EVALUATE.format(
        and_accuracy=" and accuracy" if classify else "",
        count="\n            correct += (predict(output) == yb).sum()" if classify else "",
        sums="loss_sum, correct = torch.zeros(()), torch.zeros(())"
        if classify
        else "loss_sum = torch.zeros(())",
        result="loss_sum.item() / len(x), correct.item() / len(x)"
        if classify
        else "loss_sum.item() / len(x)",
    )
    images = len(design.input_shape) == 3
    scaling = info.standardisation
    target_scale = None  # a standardised target, scaled back for the test errors
    if scaling is not None and scaling.target_mean is not None:
        upload = info.source == "upload"  # its script has the constants; a built-in set's not
        numbers = (repr(scaling.target_std), repr(scaling.target_mean))
        target_scale = ("TARGET_STD", "TARGET_MEAN") if upload else numbers
    went_on = went_on or Continued({}, ())
    starts = went_on.schedule_starts
    schedule = schedule_code(training, starts, went_on.lr_changes)
    stem = file_stem(design, run_id)
    header = script_header(
        design, info, run_id, stem, bool(starts), threads is not None, bool(went_on.lr_changes)
    )
    parts = [
        _constants(design, training, match, went_on.steps, threads),
        schedule.constant,
        stop_constant(stopped_at),
        net_class(design, walk),
        data.code.strip("\n") + "\n",
        held_out.code if held_out is not None else "",
        loss.code,
        augment.code if augment is not None else "",
        evaluate,
        schedule.function,
        _main(training, match, classify, images, schedule, went_on.steps, target_scale, stopped_at),
        weights_code(design, stem if run_id is not None else None),
        command_line_code(run_id, info.source == "upload", threads is not None),
    ]
    body = "\n\n\n".join(part.rstrip("\n") for part in parts if part)
    return f"{header}\n\n{_imports(imports)}\n\n{body}\n"
