"""The run's learning-rate schedule in its script, started over where the run trained more epochs."""

from dataclasses import dataclass
from itertools import pairwise

import torch

from torchcanvas.design.codegen import Code, call, call_arguments
from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import SCHEDULERS_BY_NAME
from torchcanvas.training.events import StartedEvent
from torchcanvas.training.schedules import spans_run
from torchcanvas.training.settings import TrainingSettings


@dataclass(frozen=True)
class Continued:
    """How a run went on after its first start, which its script repeats."""

    # Where a run-spanning schedule (re)started (steps done) and the epochs it ran to.
    schedule_starts: dict[int, int]
    # Steps done where it went on (Continue, Train N more epochs), each time with early
    # stopping's full patience again.
    steps: tuple[int, ...]


def continued(training: TrainingSettings, started: list[StartedEvent]) -> Continued:
    """What the run's started events say about how it went on."""
    return Continued(schedule_starts(training, started), tuple(s.first_step for s in started[1:]))


def schedule_starts(training: TrainingSettings, started: list[StartedEvent]) -> dict[int, int]:
    """Where each of the run's schedules began (steps done) and the epochs it ran to, when a
    Train N more epochs started a run-spanning one over (as TrainingSession.restore does);
    empty when the run kept one schedule."""
    if not spans_run(training) or not started:
        return {}
    starts = {0: started[0].epochs}
    for before, now in pairwise(started):
        if now.epochs != before.epochs:
            starts[now.first_step] = now.epochs
    return starts if len(starts) > 1 else {}


@dataclass(frozen=True)
class ScheduleCode:
    """The schedule's parts of the script: where each goes is named after it."""

    constant: str = ""  # SCHEDULE_STARTS, for a run whose schedule started over
    function: str = ""  # make_scheduler(), likewise
    make: str = ""  # in main(), before the epochs
    batch_start: str = ""  # first in each batch
    batch_step: str = ""  # after each optimizer step
    epoch_step: str = ""  # after each epoch's validation


def schedule_code(training: TrainingSettings, starts: dict[int, int]) -> ScheduleCode:
    """Making the schedule, and its step after each batch or each epoch; with `starts`, making
    it again from LR where the run started it over."""
    if training.scheduler is None:
        return ScheduleCode()
    spec = SCHEDULERS_BY_NAME[training.scheduler]
    kwargs, _ = resolve_params(spec.params, training.scheduler_params, None, spec.name)
    steps = Code("steps" if starts else "EPOCHS * steps_per_epoch")
    # Schedules that span the run end at its last step, as training/schedules.py sets them.
    if spec.name == "CosineAnnealingLR":
        kwargs["T_max"] = steps
    elif spec.name == "OneCycleLR":
        kwargs.update(max_lr=Code("LR"), total_steps=steps)
    cls = getattr(torch.optim.lr_scheduler, spec.name)
    args = call_arguments(cls, {"optimizer": Code("optimizer"), **kwargs}, max_positional=1)
    if starts:
        return _restarted(spec.name, args, starts)
    make = call(4, f"scheduler = torch.optim.lr_scheduler.{spec.name}", args)
    if spec.steps == "batch":
        return ScheduleCode(make=make, batch_step="            scheduler.step()")
    value = "val_loss" if spec.name == "ReduceLROnPlateau" else ""
    return ScheduleCode(make=make, epoch_step=f"        scheduler.step({value})")


def _restarted(name: str, args: list[str], starts: dict[int, int]) -> ScheduleCode:
    """A run-spanning schedule that the run started over when it trained more epochs."""
    constant = (
        "# The run was trained for more epochs after it ended, and each time its schedule started\n"
        "# over from LR, to the new last step: {steps done: epochs it then ran to}.\n"
        f"SCHEDULE_STARTS = {starts!r}"
    )
    function = "\n".join(
        [
            "def make_scheduler(optimizer, steps):",
            '    """The schedule over the next `steps` steps, from LR (a warm restart)."""',
            "    for group in optimizer.param_groups:",
            '        group["lr"] = group["initial_lr"] = LR',
            call(4, f"return torch.optim.lr_scheduler.{name}", args),
        ]
    )
    batch_start = (
        "            if step in SCHEDULE_STARTS:  # the run (re)started its schedule here\n"
        "                steps = SCHEDULE_STARTS[step] * steps_per_epoch - step\n"
        "                scheduler = make_scheduler(optimizer, steps)"
    )
    batch_step = "            scheduler.step()\n            step += 1"
    return ScheduleCode(constant, function, "    step = 0", batch_start, batch_step)
