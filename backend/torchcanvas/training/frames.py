"""Paces progress frames so that a fast model cannot flood the event log or the browser."""

import math
import time
from collections import deque

import torch

from torchcanvas.training.events import ProgressEvent

FRAME_INTERVAL = 0.05  # seconds: at most about 20 frames a second, whatever the model's speed
# Seconds of training the samples-a-second figure spans: one frame's 50 ms swings with a
# validation pass or a checkpoint between two frames; a second of them reads steadily.
RATE_WINDOW = 1.0


class FrameClock:
    """Says when the next progress frame is due, and how many samples a second went by lately.
    The first is due at once: a run's first point shows after its first step, not an interval
    (or an epoch) later."""

    def __init__(self, interval: float = FRAME_INTERVAL, window: float = RATE_WINDOW) -> None:
        self.interval, self.window = interval, window
        self.last = time.monotonic()
        self.recent: deque[tuple[float, int]] = deque()  # (seconds, samples) of the last frames
        self.recent_seconds, self.recent_samples = 0.0, 0
        self.ticked = False

    def due(self) -> bool:
        return not self.ticked or time.monotonic() - self.last >= self.interval

    def skip(self, seconds: float) -> None:
        """Leaves time that trained nothing (a pause) out of the rate."""
        self.last += seconds

    def tick(self, samples: int) -> float:
        """Marks a frame of `samples` as sent; returns the samples a second over the last
        `window` seconds of frames (at least the one just sent)."""
        now = time.monotonic()
        seconds, self.last, self.ticked = now - self.last, now, True
        self.recent.append((seconds, samples))
        self.recent_seconds += seconds
        self.recent_samples += samples
        while len(self.recent) > 1 and self.recent_seconds - self.recent[0][0] >= self.window:
            old_seconds, old_samples = self.recent.popleft()
            self.recent_seconds -= old_seconds
            self.recent_samples -= old_samples
        return self.recent_samples / max(self.recent_seconds, 1e-9)


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


def progress_frame(
    layers: list[tuple[str, list[torch.nn.Parameter]]],
    frame_loss: torch.Tensor,
    losses: torch.Tensor,
    *,
    epoch: int,
    step: int,
    total_steps: int,
    elapsed: float,
    samples_per_second: float,
    lr: float,
    lrs: list[float] | None = None,
) -> tuple[ProgressEvent, float]:
    """One progress frame, read back at once (see read_frame), and its mean loss as it came.
    `lrs`: each of its steps' learning rates, sent only where they are not all the same."""
    mean, step_losses, norms = read_frame(frame_loss, losses, [p for _, p in layers])
    event = ProgressEvent(
        epoch=epoch,
        step=step,
        loss=finite(mean),
        losses=[finite(v) for v in step_losses],
        grad_norms={name: finite(v) for (name, _), v in zip(layers, norms, strict=True)},
        elapsed=elapsed,
        eta=elapsed / step * (total_steps - step),
        samples_per_second=samples_per_second,
        lr=lr,
        lrs=list(lrs) if lrs and len(set(lrs)) > 1 else None,
    )
    return event, mean
