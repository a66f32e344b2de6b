"""The run's learning-rate schedule in its script, started over where the run trained more epochs
or was given a new rate, and the new rates set where the run set them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import torch

from torchcanvas.design.codegen import Code, call, call_arguments
from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import SCHEDULERS_BY_NAME
from torchcanvas.training.events import StartedEvent
from torchcanvas.training.lr_change import LrChange
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
    # Steps done where a Continue, or its owner as it trained, set a new learning rate, and
    # the rate.
    lr_changes: dict[int, float] = field(default_factory=dict)


def continued(
    training: TrainingSettings, started: list[StartedEvent], changes: Sequence[LrChange] = ()
) -> Continued:
    """What the run's started events, and the rates its owner set as it trained (the `live`
    ones of `changes`, its record's), say about how it went on."""
    live = [change for change in changes if change.live]
    rates = {s.first_step: s.lr for s in started[1:] if s.lr is not None}
    rates |= {change.step: change.lr for change in live}  # one set at a Continue's step wins
    steps = tuple(s.first_step for s in started[1:])
    return Continued(schedule_starts(training, started, live), steps, dict(sorted(rates.items())))


def schedule_starts(
    training: TrainingSettings, started: list[StartedEvent], live: Sequence[LrChange] = ()
) -> dict[int, int]:
    """Where each of the run's schedules began (steps done) and the epochs it ran to, when a
    new learning rate (a Continue's, or one set as it trained), or a Train N more epochs of a
    run-spanning one, started it over (as TrainingSession.restore and training/rates.py do);
    empty when the run kept one schedule."""
    if training.scheduler is None or not started:
        return {}
    spans = spans_run(training)
    starts = {0: started[0].epochs}
    for before, now in pairwise(started):
        if now.lr is not None or (spans and now.epochs != before.epochs):
            starts[now.first_step] = now.epochs
    for change in live:  # to the epochs planned when it was set
        starts[change.step] = next(
            s.epochs for s in reversed(started) if s.first_step <= change.step
        )
    return dict(sorted(starts.items())) if len(starts) > 1 or live else {}


@dataclass(frozen=True)
class ScheduleCode:
    """The schedule's parts of the script: where each goes is named after it."""

    constant: str = ""  # SCHEDULE_STARTS, for a run whose schedule started over
    function: str = ""  # make_scheduler(), likewise
    make: str = ""  # in main(), before the epochs
    batch_start: str = ""  # first in each batch
    batch_step: str = ""  # after each optimizer step
    epoch_step: str = ""  # after each epoch's validation


def schedule_code(
    training: TrainingSettings, starts: dict[int, int], lr_changes: dict[int, float] | None = None
) -> ScheduleCode:
    """Making the schedule, and its step after each batch or each epoch; with `starts`, making
    it again from the rate where the run started it over; with `lr_changes`, setting the new
    rates where the run did."""
    changes = lr_changes or {}
    if training.scheduler is None:
        return _changed_rates(changes) if changes else ScheduleCode()
    spec = SCHEDULERS_BY_NAME[training.scheduler]
    kwargs, _ = resolve_params(spec.params, training.scheduler_params, None, spec.name)
    steps = Code("steps" if starts else "EPOCHS * steps_per_epoch")
    # Schedules that span the run end at its last step, as training/schedules.py sets them.
    if spec.name == "CosineAnnealingLR":
        kwargs["T_max"] = steps
    elif spec.name == "OneCycleLR":
        kwargs.update(max_lr=Code("lr" if starts else "LR"), total_steps=steps)
    cls = getattr(torch.optim.lr_scheduler, spec.name)
    args = call_arguments(cls, {"optimizer": Code("optimizer"), **kwargs}, max_positional=1)
    value = "val_loss" if spec.name == "ReduceLROnPlateau" else ""
    epoch_step = "" if spec.steps == "batch" else f"        scheduler.step({value})"
    if starts:
        return _restarted(spec.name, args, starts, changes, epoch_step)
    make = call(4, f"scheduler = torch.optim.lr_scheduler.{spec.name}", args)
    if spec.steps == "batch":
        return ScheduleCode(make=make, batch_step="            scheduler.step()")
    return ScheduleCode(make=make, epoch_step=epoch_step)


def _changes_constant(changes: dict[int, float]) -> str:
    return (
        "# The run was given a new learning rate (a Continue, or as it trained) after these steps,\n"
        "# the optimizer's state (momentum, Adam's moments) kept: {steps done: learning rate}.\n"
        f"LR_CHANGES = {changes!r}"
    )


_TAKE_CHANGE = (
    "            if step in LR_CHANGES:  # the run was given a new learning rate here\n"
    "                lr = LR_CHANGES[step]\n"
)


def _changed_rates(changes: dict[int, float]) -> ScheduleCode:
    """A constant rate that was changed: each new one set on the optimizer at its step."""
    batch_start = (
        _TAKE_CHANGE + "                for group in optimizer.param_groups:\n"
        '                    group["lr"] = lr'
    )
    make = "    step, lr = 0, LR"
    return ScheduleCode(_changes_constant(changes), "", make, batch_start, "            step += 1")


def _restarted(
    name: str, args: list[str], starts: dict[int, int], changes: dict[int, float], epoch_step: str
) -> ScheduleCode:
    """A schedule that the run started over when it trained more epochs (one that spans the
    run) or was given a new learning rate (any), from the rate it then had."""
    constant = (
        "# The run's schedule started over where it trained more epochs or was given a new\n"
        "# rate, each time from the rate it then had (LR, or the new one of LR_CHANGES), to\n"
        "# the new last step:\n"
        "# {steps done: epochs it then ran to}.\n"
        f"SCHEDULE_STARTS = {starts!r}"
    )
    if changes:
        constant = f"{_changes_constant(changes)}\n{constant}"
    function = "\n".join(
        [
            "def make_scheduler(optimizer, steps, lr):",
            '    """The schedule over the next `steps` steps, from `lr` (a warm restart)."""',
            "    for group in optimizer.param_groups:",
            '        group["lr"] = group["initial_lr"] = lr',
            call(4, f"return torch.optim.lr_scheduler.{name}", args),
        ]
    )
    batch_start = (
        (_TAKE_CHANGE if changes else "")
        + "            if step in SCHEDULE_STARTS:  # the run (re)started its schedule here\n"
        "                steps = SCHEDULE_STARTS[step] * steps_per_epoch - step\n"
        "                scheduler = make_scheduler(optimizer, steps, lr)"
    )
    batch_step = ("" if epoch_step else "            scheduler.step()\n") + "            step += 1"
    make = "    step, lr = 0, LR"
    return ScheduleCode(constant, function, make, batch_start, batch_step, epoch_step)
