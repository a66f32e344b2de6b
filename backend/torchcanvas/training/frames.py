"""Paces progress frames so that a fast model cannot flood the event log or the browser."""

import math
import time

import torch

FRAME_INTERVAL = 0.05  # seconds: at most about 20 frames a second, whatever the model's speed


class FrameClock:
    """Says when the next progress frame is due."""

    def __init__(self, interval: float = FRAME_INTERVAL) -> None:
        self.interval = interval
        self.last = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.interval

    def tick(self) -> float:
        """Marks a frame as sent; returns the seconds since the one before."""
        now = time.monotonic()
        seconds, self.last = now - self.last, now
        return seconds


def grad_norms(layers: list[list[torch.nn.Parameter]]) -> torch.Tensor:
    """(L,) L2 norm of each layer's gradients, computed on the device without a read-back."""
    norms = []
    for params in layers:
        grads = [p.grad for p in params if p.grad is not None]
        if grads:  # the norm of the tensors' norms, as get_total_norm, with less Python around it
            each = torch.stack([torch.linalg.vector_norm(g) for g in grads])
            norms.append(torch.linalg.vector_norm(each))
        else:
            norms.append(torch.full((), math.nan, device=params[0].device))
    return torch.stack(norms)


def finite(value: float) -> float | None:
    """The value, or None where JSON could not carry it (NaN, infinity)."""
    return value if math.isfinite(value) else None
