"""What training a run asks of a worker, and the server's limits on it: optimizer steps, and
forward multiply-accumulates summed over every sample trained (sample-MACs).

A run holds a worker until it ends, and the other owners' runs wait behind it; owner identities
cost nothing to make, so per-owner quotas cannot bound this. Each measure bounds one way a run
grows long: steps the loop's own cost per batch (a tiny network at batch 1), sample-MACs the
arithmetic (a large network, whatever the batch).
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from torchcanvas.design.schema import DesignIssue

if TYPE_CHECKING:  # the server's settings read these limits before it imports torch
    from torchcanvas.training.settings import TrainingSettings

STEPS_SETTING = "TORCHCANVAS_MAX_TRAINING_STEPS"
MACS_SETTING = "TORCHCANVAS_MAX_TRAINING_MACS"


@dataclass(frozen=True)
class WorkLimits:
    """How much training one run (or one Continue of it) may ask of a worker on this server.

    Chosen from bench/training_work.py on the 2-core development machine, one torch thread as
    its worker has (load average 3): the loop's fastest is about 1,000 steps a second (Flatten
    then Linear on the digits, batch 1), and a large network trains about 5.8 G sample-MACs a
    second (the review's ConvTranspose2d design), a small one 0.9 G (the LeNet template). So a
    run at either limit holds the worker for about a quarter of an hour at those rates, an hour
    and a half at worst. The review's runs, refused: 1.4 M steps and 1,657 trillion sample-MACs
    (its ConvTranspose2d design, 1,000 epochs of batch 1 on the digits: 37 hours), and a Linear
    model on a 1 M-row upload (800,000 training rows, 1,000 epochs: 12.5 M steps at batch 64,
    more at the 65 hours' smaller batch). Allowed: a 1,000-epoch digits MLP at batch 32 (45,000
    steps, 13 billion), and each template on its built-in sets at the editor's defaults (10
    epochs, batch 64; at most 9,380 steps, the MLP on MNIST, and 0.1 trillion, on CIFAR-10), as
    tests/backend/test_training_work.py checks. A GPU does the arithmetic some 100 times
    faster: raise TORCHCANVAS_MAX_TRAINING_MACS there.
    """

    max_steps: int = 1_000_000
    max_sample_macs: int = 5_000_000_000_000


DEFAULT_WORK_LIMITS = WorkLimits()


@dataclass(frozen=True)
class RunWork:
    """The training a run asks for: its optimizer steps and its sample-MACs, with what they
    come from, for the message that refuses it."""

    steps: int
    sample_macs: int
    macs_per_sample: int  # forward, through the design, as design/estimate.py counts them
    train_samples: int
    batch_size: int
    epochs: int  # 0 for a range test, which runs its steps instead
    range_test_steps: int = 0


def steps_per_epoch(samples: int, batch_size: int) -> int:
    """Batches an epoch trains: a last batch of one sample is dropped (BatchNorm cannot train on
    it, and it is reshuffled into the next epoch)."""
    if samples % batch_size == 1 and samples > batch_size:
        return samples // batch_size
    return math.ceil(samples / batch_size)


def run_work(
    macs_per_sample: int,
    train_samples: int,
    training: "TrainingSettings",
    epochs: int | None = None,
) -> RunWork:
    """The work of training `epochs` epochs (by default the settings' own), or the settings'
    range test, on `train_samples` samples."""
    batch = training.batch_size
    test = training.range_test
    if test is not None:  # each step one batch, at most the whole training part
        samples = test.steps * min(batch, train_samples)
        return RunWork(
            steps=test.steps,
            sample_macs=samples * macs_per_sample,
            macs_per_sample=macs_per_sample,
            train_samples=train_samples,
            batch_size=batch,
            epochs=0,
            range_test_steps=test.steps,
        )
    epochs = training.epochs if epochs is None else epochs
    return RunWork(
        steps=steps_per_epoch(train_samples, batch) * epochs,
        sample_macs=macs_per_sample * train_samples * epochs,
        macs_per_sample=macs_per_sample,
        train_samples=train_samples,
        batch_size=batch,
        epochs=epochs,
    )


def _amount(count: int) -> str:
    """A large count as a person reads it: 1,437,000, or 1,720 trillion."""
    for scale, name in ((10**12, "trillion"), (10**9, "billion")):
        if count >= scale:
            value = count / scale
            shown = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}".removesuffix(".0")
            return f"{shown} {name}"
    return f"{count:,}"


def _over(count: int, limit: int) -> tuple[str, str]:
    """A count and its limit, in full where rounding would make them read the same."""
    said = _amount(count), _amount(limit)
    return said if said[0] != said[1] else (f"{count:,}", f"{limit:,}")


_LARGER_BATCH = "a larger batch size"
_SMALLER_DESIGN = "a smaller design (narrower layers, smaller feature maps)"


def work_issues(work: RunWork, limits: WorkLimits, more: bool = False) -> list[DesignIssue]:
    """Issues for a run whose training asks more than the limits; `more`: the epochs are those
    that Continue or "Train N more epochs" adds, and only their number can change."""
    if work.range_test_steps:
        what = f"This range test of {work.range_test_steps:,} steps"
        per_step = min(work.batch_size, work.train_samples)
        batches = f"one batch of {per_step:,} samples each"
        samples = f"{per_step:,} samples a step × {work.range_test_steps:,} steps"
    else:
        epochs = f"{work.epochs:,} {'more ' if more else ''}epoch{'s' if work.epochs != 1 else ''}"
        what = f"Training this run for {epochs}"
        batches = f"batches of {work.batch_size:,} from {work.train_samples:,} training samples"
        samples = f"{work.train_samples:,} training samples × {epochs}"
    issues = []
    # Over both, each says the epochs both allow, and that it is both's: the steps' alone
    # read as a wrong count ("at most 2 epochs" beside 1,000,000 steps of 1,437 an epoch).
    both = work.steps > limits.max_steps and work.sample_macs > limits.max_sample_macs
    if work.steps > limits.max_steps:
        took, limit = _over(work.steps, limits.max_steps)
        issues.append(
            f"{what} takes {took} optimizer steps ({batches}), over this server's limit of "
            f"{limit} ({STEPS_SETTING}): {_shrink(work, limits, more, _LARGER_BATCH, both)}"
        )
    if work.sample_macs > limits.max_sample_macs:
        took, limit = _over(work.sample_macs, limits.max_sample_macs)
        issues.append(
            f"{what} takes {took} multiply-accumulates ({work.macs_per_sample:,} a sample "
            f"through the design × {samples}), over this server's limit of {limit} "
            f"({MACS_SETTING}): {_shrink(work, limits, more, _SMALLER_DESIGN, both)}"
        )
    field = "training.range_test.steps" if work.range_test_steps else "training.epochs"
    return [DesignIssue(field=field, message=issue) for issue in issues]


def epochs_that_fit(work: RunWork, limits: WorkLimits) -> int:
    """The most epochs of this run that both limits allow."""
    by_steps = limits.max_steps // steps_per_epoch(work.train_samples, work.batch_size)
    per_epoch = work.macs_per_sample * work.train_samples
    return min(by_steps, limits.max_sample_macs // per_epoch) if per_epoch else by_steps


def _shrink(work: RunWork, limits: WorkLimits, more: bool, smaller: str, both: bool) -> str:
    """How to make the run fit: how many epochs do as it stands (`both`: within both limits, the
    run being over both), or `smaller`, what else shrinks this measure."""
    if work.range_test_steps:  # its batch is each step's, so a larger one does not help
        return f"use fewer steps{'' if smaller == _LARGER_BATCH else f', or {smaller}'}."
    fit = epochs_that_fit(work, limits)
    within = " (within both limits)" if both else ""
    if more:
        fewer = f"ask for at most {fit:,} more epochs{within}, or " if fit else ""
        return f"{fewer}start a new run with {smaller}."
    fewer = f"train at most {fit:,} epochs{within}, or use " if fit else "use "
    return f"{fewer}{smaller} or a smaller dataset."
