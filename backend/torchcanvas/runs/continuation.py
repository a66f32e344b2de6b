"""Whether an ended run can go on from its checkpoint, and with which settings (Continue)."""

from pathlib import Path
from typing import NamedTuple

from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.validate import validate_design
from torchcanvas.runs.errors import RateBelowFloor, RunConflict, TooMuchTraining
from torchcanvas.store.runs import ENDED, Run
from torchcanvas.training.catalog import optimizer_states
from torchcanvas.training.checkpoint import Position, position_of, usable_checkpoint
from torchcanvas.training.data import DatasetError, DatasetInfo, find_dataset
from torchcanvas.training.data.storage import DamagedUpload, is_upload_id
from torchcanvas.training.held_out import trained_size
from torchcanvas.training.lr_change import LrChange
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.schedule_fit import schedule_floor
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import WorkLimits, run_work, work_issues

MAX_EPOCHS = 1000  # TrainingSettings' own limit on epochs


class Continuation(NamedTuple):
    """How a run goes on: its settings, and its learning-rate changes with any new one."""

    training: TrainingSettings
    lr_changes: list[LrChange]


def continued_training(
    run: Run,
    folder: RunFolder,
    data_dir: Path,
    epochs: int | None,
    limits: DesignLimits,
    work_limits: WorkLimits,
    lr: float | None = None,
) -> Continuation:
    """The settings the run goes on with; RunConflict saying why when it cannot go on, and
    TooMuchTraining when the epochs it would train now ask more than `work_limits`.

    Without `epochs` a stopped or failed run goes on to the epochs it planned; with it, the
    run trains that many epochs more than it has completed. With `lr` it trains with that
    learning rate from its checkpoint on (training/lr_change.py).
    """
    run_id = run.id
    if run.status not in ENDED:
        raise RunConflict(
            f"Run {run_id} is {run.status}: only a finished, stopped or failed run can continue."
        )
    position = _checkpoint_position(run_id, folder)
    info = _dataset_of(run, data_dir)
    done = position.epoch - 1  # epochs completed at the checkpoint
    if epochs is None and done >= run.training.epochs:
        raise RunConflict(
            f"Run {run_id} has trained all its {run.training.epochs} epochs: "
            "say how many more with `epochs`."
        )
    target = run.training.epochs if epochs is None else done + epochs
    if target > MAX_EPOCHS:  # the epochs asked for are too many: the request's to fix (422)
        raise TooMuchTraining(
            f"epochs: {epochs} more would take run {run_id} to {target} epochs, over the limit "
            f"of {MAX_EPOCHS}: ask for at most {MAX_EPOCHS - done}."
        )
    _check_work(run, info, target - done, limits, work_limits)
    if lr is not None:
        check_floor(run.training, lr)
    changes = list(run.lr_changes)
    if lr is not None:
        # A change not yet trained with (Continue, then Stop before a step) gives way to this one.
        changes = [c for c in changes if c.step < position.step]
        changes.append(LrChange(epoch=position.epoch, step=position.step, lr=lr))
    return Continuation(run.training.model_copy(update={"epochs": target}), changes)


def _checkpoint_position(run_id: str, folder: RunFolder) -> Position:
    """Where the run's last readable checkpoint stands; RunConflict when it has none."""
    usable, problems = usable_checkpoint(folder)
    position = position_of(usable) if usable is not None else None
    if position is None and problems:
        raise RunConflict(
            f"Run {run_id} cannot continue: no checkpoint of it can be read "
            f"({'; '.join(problems)}). Start a new run instead."
        )
    if position is None:
        raise RunConflict(
            f"Run {run_id} has no checkpoint to continue from: it ended before its first "
            "epoch did. Start a new run instead."
        )
    return position


def _dataset_of(run: Run, data_dir: Path) -> DatasetInfo:
    """The dataset the run trained on; RunConflict when it was deleted or cannot be read."""
    try:
        return find_dataset(run.training.dataset, data_dir, options=run.training.dataset_options)
    except DatasetError as exc:
        dataset = run.training.dataset
        named = f"{run.dataset_title} (`{dataset}`)" if run.dataset_title else f"`{dataset}`"
        raise RunConflict(
            f"Run {run.id} cannot go on: its dataset {named} was deleted. Start a new "
            "run on another dataset."
            if is_upload_id(dataset) and not isinstance(exc, DamagedUpload)
            else f"Run {run.id} cannot go on: {exc}"
        ) from None


def check_floor(training: TrainingSettings, lr: float) -> None:
    """RateBelowFloor when the schedule, started over from `lr`, would raise the rate to its floor
    (a ÷ 10 below CosineAnnealingLR's eta_min climbed back 10x)."""
    found = schedule_floor(training)
    if found is None or lr > found[1]:
        return
    param, floor = found
    message = (
        f"learning_rate: {lr:g} is not above the schedule's {param} {floor:g}, the lowest rate "
        f"{training.scheduler} goes to, so the rate would climb to it or stay: give a rate "
        f"above {floor:g}, or start a run with a lower {param}."
    )
    raise RateBelowFloor(message)


def _check_work(
    run: Run, info: DatasetInfo, epochs: int, limits: DesignLimits, work_limits: WorkLimits
) -> None:
    """TooMuchTraining when training `epochs` more epochs of the run asks more than the limits.
    Only the epochs this queues count: each Continue takes its own turn in the queue, and
    MAX_EPOCHS bounds them all together."""
    states = optimizer_states(run.training.optimizer)
    estimate = validate_design(run.design, run.training.batch_size, states, limits).estimate
    if estimate is None:  # no longer valid here (limits lowered): the worker's build says why
        return
    trained = trained_size(info.train_size, run.training.test_fraction)  # less its test set
    work = run_work(estimate.macs_per_sample, trained, run.training, epochs)
    issues = work_issues(work, work_limits, more=True)
    if issues:
        raise TooMuchTraining(" ".join(issue.message for issue in issues))
