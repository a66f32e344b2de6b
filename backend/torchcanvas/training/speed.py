"""A run's speed options: channels-last memory, a compiled forward, cuDNN autotuning, mixed precision.

Each is a setting of the run (training/settings.py), recorded with it and in its exported script.
"""

from dataclasses import dataclass

import torch
import torch.nn as nn

from torchcanvas.training.settings import TrainingSettings

_MIXED = {"bf16": torch.bfloat16, "fp16": torch.float16}


@dataclass
class Speed:
    """What the training step uses in place of the plain model and fp32."""

    forward: nn.Module  # the model, or its compiled form (which shares its parameters)
    autocast: torch.dtype | None  # the autocast dtype; None: fp32
    scaler: torch.amp.GradScaler | None  # fp16's gradient scaler


def speed_up(model: nn.Module, settings: TrainingSettings) -> Speed:
    """Applies the options to the model (in place); returns what the step uses. The samples are
    made channels-last where they are kept (training/run_data.py)."""
    if settings.channels_last:  # (B, C, H, W) kept in memory as (B, H, W, C); only 4-d weights
        model.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    forward = torch.compile(model) if settings.compile_model else model
    torch.backends.cudnn.benchmark = settings.cudnn_benchmark  # not the worker's last run's
    device = next(model.parameters(), torch.empty(0)).device
    scaler = torch.amp.GradScaler(device.type) if settings.precision == "fp16" else None
    return Speed(forward, _MIXED.get(settings.precision), scaler)  # type: ignore[arg-type]
