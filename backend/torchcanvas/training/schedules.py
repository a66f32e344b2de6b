"""The learning-rate schedule of a run, stepped after every batch or every epoch as each one needs."""

from typing import Any

import torch
from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import SCHEDULERS_BY_NAME
from torchcanvas.training.settings import TrainingSettings


def spans_run(settings: TrainingSettings) -> bool:
    """Whether the run's schedule is planned over all its steps (CosineAnnealingLR, OneCycleLR)."""
    return settings.scheduler is not None and SCHEDULERS_BY_NAME[settings.scheduler].spans_run


def restart_rate(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """Sets the run's learning rate back, so a schedule made next starts over from it (a warm
    restart), not from the rate the last one ended at; the run's script does the same."""
    for group in optimizer.param_groups:
        group["lr"] = lr
        group["initial_lr"] = lr


class Schedule:
    """A torch scheduler, or none; `steps` is the number of optimizer steps it spans, and `lr`
    the rate it starts from (OneCycleLR's peak), when a Continue set a new one.

    CosineAnnealingLR and OneCycleLR span `steps` (the rest of the run); StepLR and
    ReduceLROnPlateau count epochs, and the latter reads the validation loss.
    """

    def __init__(
        self,
        settings: TrainingSettings,
        optimizer: torch.optim.Optimizer,
        steps: int,
        lr: float | None = None,
    ) -> None:
        self.optimizer = optimizer
        self.scheduler: LRScheduler | ReduceLROnPlateau | None = None
        self.per_batch = False
        if settings.scheduler is None:
            return
        spec = SCHEDULERS_BY_NAME[settings.scheduler]
        kwargs, _ = resolve_params(spec.params, settings.scheduler_params, None, spec.name)
        self.per_batch = spec.steps == "batch"
        steps = max(1, steps)
        if spec.name == "CosineAnnealingLR":
            kwargs["T_max"] = steps
        elif spec.name == "OneCycleLR":
            kwargs.update(max_lr=settings.lr if lr is None else lr, total_steps=steps)
        self.scheduler = getattr(torch.optim.lr_scheduler, spec.name)(optimizer, **kwargs)

    @property
    def lr(self) -> float:
        """The learning rate of the next step."""
        return float(self.optimizer.param_groups[0]["lr"])

    def after_batch(self) -> None:
        if self.per_batch and self.scheduler is not None:
            self.scheduler.step()

    def after_epoch(self, val_loss: float) -> None:
        if self.per_batch or self.scheduler is None:
            return
        if isinstance(self.scheduler, ReduceLROnPlateau):
            self.scheduler.step(val_loss)
        else:
            self.scheduler.step()

    def state_dict(self) -> dict[str, Any]:
        return self.scheduler.state_dict() if self.scheduler is not None else {}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if self.scheduler is not None and state:
            self.scheduler.load_state_dict(state)
