"""The script's main(): load the data, build Net, and train it step by step as the run's loop
did (speed options, clipping, schedule, early stopping, a Stop), then test it."""

import torch

from torchcanvas.design.codegen import Code, call, call_arguments
from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import OPTIMIZERS_BY_NAME
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.script_finetune import (
    freeze_code,
    init_code,
    optimizer_params,
    train_mode_code,
)
from torchcanvas.training.script_schedule import ScheduleCode
from torchcanvas.training.script_stop import StopLines
from torchcanvas.training.script_test_set import hold_out_line, test_lines
from torchcanvas.training.settings import TrainingSettings


def _optimizer(training: TrainingSettings) -> str:
    spec = OPTIMIZERS_BY_NAME[training.optimizer]
    kwargs, _ = resolve_params(spec.params, training.optimizer_params, None, spec.name)
    given = {"params": Code(optimizer_params(training)), "lr": Code("LR"), **kwargs}
    args = call_arguments(getattr(torch.optim, spec.name), given, max_positional=1)
    return call(4, f"optimizer = torch.optim.{spec.name}", args)


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


def main_code(
    training: TrainingSettings,
    match: InitMatch | None,
    classify: bool,
    images: bool,
    schedule: ScheduleCode,
    went_on: tuple[int, ...],
    target_scale: tuple[str, str] | None = None,
    stopped_at: int | None = None,
) -> str:
    """main(): the data and Net set up as the run's, trained epoch by epoch, then tested."""
    stopped = stopped_at is not None
    batch = "xb" if training.augmentations else "x_train[idx]"
    speed_setup, loss_line = _speed(training, images, batch)
    lines = [
        *_setup_lines(training, match, classify, speed_setup, schedule, stopped),
        *_epoch_lines(training, classify, schedule, loss_line, StopLines.of(stopped)),
    ]
    if training.early_stopping_patience is not None:
        lines += _early_stopping_lines(went_on, stopped)
    lines += test_lines(training, classify, target_scale)
    lines.append("    return model")
    return "\n".join(line for line in lines if line) + "\n"


def _setup_lines(
    training: TrainingSettings,
    match: InitMatch | None,
    classify: bool,
    speed_setup: str,
    schedule: ScheduleCode,
    stopped: bool,
) -> list[str]:
    """main()'s start: the data, Net with its first weights, the optimizer, and the steps."""
    early = training.early_stopping_patience is not None
    return [
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
    ]


def _epoch_lines(
    training: TrainingSettings,
    classify: bool,
    schedule: ScheduleCode,
    loss_line: str,
    stop: StopLines,
) -> list[str]:
    """The epoch loop: each batch's step in the run's order, then the epoch's losses printed."""
    augmenting = bool(training.augmentations)
    clip = training.clip_grad_norm is not None
    accuracy = "  val_accuracy {val_accuracy:.4f}" if classify else ""
    return [
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


def _early_stopping_lines(went_on: tuple[int, ...], stopped: bool) -> list[str]:
    """The end of each epoch under early stopping (a best weights' keeper, the patience count,
    its reset where the run went on), and the best weights put back after the loop."""
    lines: list[str] = []
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
    return lines
