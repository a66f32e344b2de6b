"""Makes the loss and the optimizer that the training settings name."""

from collections.abc import Iterable

import torch
import torch.nn as nn
import torch.nn.functional as F

from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import LOSSES_BY_NAME, OPTIMIZERS_BY_NAME
from torchcanvas.training.settings import TrainingSettings


class LossFunction:
    """The named torch loss, fed targets in the form it expects (one-hot for MSE on classes)."""

    def __init__(self, training: TrainingSettings, num_classes: int | None) -> None:
        spec = LOSSES_BY_NAME[training.loss]
        kwargs, _ = resolve_params(spec.params, training.loss_params, None, spec.name)
        self.loss: nn.Module = getattr(nn, spec.name)(**kwargs)
        self.one_hot = num_classes if spec.name != "CrossEntropyLoss" else None

    def __call__(self, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if self.one_hot is not None and target.dtype == torch.long:
            target = F.one_hot(target, self.one_hot).to(output.dtype)  # (B,) -> (B, classes)
        result: torch.Tensor = self.loss(output, target)
        return result


def make_optimizer(
    training: TrainingSettings, params: Iterable[nn.Parameter]
) -> torch.optim.Optimizer:
    """The named torch.optim optimizer with the run's learning rate and settings."""
    spec = OPTIMIZERS_BY_NAME[training.optimizer]
    kwargs, _ = resolve_params(spec.params, training.optimizer_params, None, spec.name)
    optimizer: torch.optim.Optimizer = getattr(torch.optim, spec.name)(
        params, lr=training.lr, **kwargs
    )
    return optimizer
