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


def read_frame(
    frame_loss: torch.Tensor, losses: torch.Tensor, layers: list[list[torch.nn.Parameter]]
) -> tuple[float, list[float], list[float]]:
    """A frame's numbers, read back from the device at once (its one sync): the frame's mean
    loss, each of its steps' losses, and each layer's gradient norm."""
    norms = grad_norms(layers)
    kind, count = norms.dtype, len(losses)
    values = torch.cat([frame_loss.view(1).to(kind), losses.to(kind), norms]).tolist()
    return values[0], values[1 : 1 + count], values[1 + count :]


def finite(value: float) -> float | None:
    """The value, or None where JSON could not carry it (NaN, infinity)."""
    return value if math.isfinite(value) else None
