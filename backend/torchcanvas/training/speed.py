"""A run's speed options: channels-last memory, a compiled forward, cuDNN autotuning, mixed precision.

Each is a setting of the run (training/settings.py), recorded with it and in its exported script.
"""

from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.optim import Optimizer

from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.settings import TrainingSettings

_MIXED = {"bf16": torch.bfloat16, "fp16": torch.float16}


@dataclass
class Speed:
    """What the training step uses in place of the plain model and fp32, and the step's two
    halves that depend on it: the loss with its gradients, then the update."""

    forward: nn.Module  # the model, or its compiled form (which shares its parameters)
    autocast: torch.dtype | None  # the autocast dtype; None: fp32
    scaler: torch.amp.GradScaler | None  # fp16's gradient scaler
    device_type: str  # where the model is: "cpu" or "cuda"

    def loss_and_gradients(
        self, loss_fn: LossFunction, optimizer: Optimizer, x: torch.Tensor, y: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The batch's loss, with its gradients made, and the model's output (for the training
        accuracy): in the autocast dtype where the run uses one; for fp16 scaled up (so small
        gradients survive) and unscaled again, so clipping and the watch see the true gradients."""
        optimizer.zero_grad(set_to_none=True)
        if self.autocast is None:
            output = self.forward(x)
            loss: torch.Tensor = loss_fn(output, y)
            loss.backward()  # type: ignore[no-untyped-call]
            return loss, output
        with torch.autocast(self.device_type, dtype=self.autocast):
            output = self.forward(x)
            loss = loss_fn(output, y)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()  # type: ignore[no-untyped-call]
            self.scaler.unscale_(optimizer)
        else:
            loss.backward()  # type: ignore[no-untyped-call]
        return loss, output

    def update(self, optimizer: Optimizer) -> None:
        """The optimizer's step; with fp16's scaler, skipped when the scaled gradients
        overflowed, and the scale adjusted."""
        if self.scaler is None:
            optimizer.step()
        else:
            self.scaler.step(optimizer)
            self.scaler.update()


def speed_up(model: nn.Module, settings: TrainingSettings) -> Speed:
    """Applies the options to the model (in place); returns what the step uses. The samples are
    made channels-last where they are kept (training/run_data.py)."""
    if settings.channels_last:  # (B, C, H, W) kept in memory as (B, H, W, C); only 4-d weights
        model.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    forward = torch.compile(model) if settings.compile_model else model
    torch.backends.cudnn.benchmark = settings.cudnn_benchmark  # not the worker's last run's
    device = next(model.parameters(), torch.empty(0)).device
    scaler = torch.amp.GradScaler(device.type) if settings.precision == "fp16" else None
    mixed = _MIXED.get(settings.precision)
    return Speed(forward, mixed, scaler, device.type)  # type: ignore[arg-type]
