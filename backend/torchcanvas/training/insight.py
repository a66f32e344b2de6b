"""Looks inside a training network every few frames: histograms, update ratios, dead ReLUs, warnings.

The watch measures one whole step: a frame arms it, the next forward pass records the ReLUs'
outputs, and after that step's optimizer update it reads everything back to the CPU at once.
"""

import math
import time
from typing import Literal

import torch
import torch.nn as nn
from pydantic import BaseModel, Field
from torch.utils.hooks import RemovableHandle

INSIGHT_EVERY = 10  # frames between looks (sooner at an epoch end)
# Seconds at least between looks: on epochs shorter than a frame interval every frame ends an
# epoch, and frames alone would bring a look every few epochs, several a second.
INSIGHT_SECONDS = 1.0
# A look's histograms take time in proportion to the network's size (about 3 ms for 150k
# parameters on a CPU core): the next waits LOOK_SHARE times as long, at most 1 % of the run.
LOOK_SHARE = 100
BINS = 24
VANISHED = 1e-6  # a gradient norm below this passes next to nothing back
# A step's loss below this leaves next to nothing to learn: its gradients are small because the
# network fits its data (a spiral at 100 %), not because they vanish on the way back, and its
# dead units, if any, cost it nothing.
FITTED = 1e-4
EXPLODING = 1e3
MOSTLY_DEAD = 0.9  # share of a ReLU's units that give 0 for every sample of a batch
WarningKind = Literal["vanishing", "exploding", "dead_relu"]


class Histogram(BaseModel):
    min: float
    max: float
    counts: list[int]


class LayerInsight(BaseModel):
    weights: Histogram
    grads: Histogram | None
    update_ratio: float | None = Field(
        description="‖ΔW‖ / ‖W‖ of this step; about 1e-3 is healthy."
    )


class InsightEvent(BaseModel):
    """A look inside the network at one step."""

    type: Literal["insight"] = "insight"
    epoch: int
    step: int
    layers: dict[str, LayerInsight]
    dead: dict[str, float] = Field(
        description="Share of each ReLU's units (features, or a feature map's channels) that "
        "gave 0 for every sample of the step's batch: they pass no gradient back."
    )


class WarningEvent(BaseModel):
    """Something going wrong in training, in plain words; each kind is said once per layer."""

    type: Literal["warning"] = "warning"
    step: int
    kind: WarningKind
    layer: str
    message: str


def _histograms(tensors: list[torch.Tensor]) -> list[torch.Tensor]:
    """Each (N,) tensor -> (BINS + 2,): min, max, then the counts; one read-back for the ranges."""
    ranges = torch.stack([torch.stack(torch.aminmax(t)) for t in tensors]).tolist()
    return [
        torch.cat([t.new_tensor([low, high]), torch.histc(t, BINS, low, high)])
        for t, (low, high) in zip(tensors, ranges, strict=True)
    ]


def _read_histogram(values: list[float]) -> Histogram:
    return Histogram(min=values[0], max=values[1], counts=[int(c) for c in values[2:]])


def _dead_units(output: torch.Tensor) -> torch.Tensor:
    """The share of a ReLU's units, each feature of (N, F) or channel of (N, C, ...), that are 0
    for every sample of the batch. A unit at 0 for some samples is sparse, and healthy: it passes
    gradient back from the others. One at 0 for all passes none and learns no more."""
    if output.ndim < 2:
        return (output.amax() <= 0).float()
    others = [dim for dim in range(output.ndim) if dim != 1]
    return (output.amax(dim=others) <= 0).float().mean()


def _flat(params: list[nn.Parameter]) -> torch.Tensor:
    return torch.cat([p.detach().reshape(-1) for p in params])


class Watch:
    """Arms itself every INSIGHT_EVERY frames, once `seconds` and `share` times the last look's
    length have passed since it, and measures the step after."""

    def __init__(
        self,
        model: nn.Module,
        layers: list[tuple[str, list[nn.Parameter]]],
        seconds: float = INSIGHT_SECONDS,
        share: float = LOOK_SHARE,
    ) -> None:
        self.layers = layers
        self.frames = 0
        self.last_look = -INSIGHT_EVERY
        self.seconds, self.share = seconds, share
        self.looked_at = -math.inf  # time.monotonic() of the last look
        self.look_seconds = 0.0  # how long the last look took
        self.arm_next = False  # a frame asked for a look at the next step
        self.armed = False  # this step is being looked at
        self.before: list[torch.Tensor] = []
        self.dead: dict[str, torch.Tensor] = {}
        self.said: set[tuple[str, str]] = set()
        self.relus = [(n, m) for n, m in model.named_children() if isinstance(m, nn.ReLU)]
        # Hooked only for the step being looked at: a module with a hook is slower to call.
        self.hooks: list[RemovableHandle] = []

    def _relu_hook(self, name: str):  # type: ignore[no-untyped-def]
        def hook(module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
            if module.training:  # not the validation pass that may come between
                self.dead[name] = _dead_units(output.detach())

        return hook

    def frame_done(self, epoch_end: bool = False) -> None:
        """Counts a progress frame; every INSIGHT_EVERY frames (half as many after an epoch),
        once the last look is far enough behind, the next step gets a look."""
        self.frames += 1
        since = self.frames - self.last_look
        if since >= INSIGHT_EVERY or (epoch_end and since >= INSIGHT_EVERY // 2):
            now = time.monotonic()
            if now - self.looked_at >= max(self.seconds, self.share * self.look_seconds):
                self.arm_next = True
                self.last_look, self.looked_at = self.frames, now

    def look_now(self) -> None:
        """Looks at the step about to run, whatever the pacing says: the run's last, so that
        the last look shows the trained network."""
        self.armed = True
        self._hook_relus()

    def _hook_relus(self) -> None:
        if not self.hooks:
            self.hooks = [m.register_forward_hook(self._relu_hook(n)) for n, m in self.relus]

    @property
    def looking(self) -> bool:
        """Whether this step is looked at or arms the next: else before_step and after_step
        have nothing to do, and need not be called."""
        return self.armed or self.arm_next

    def before_step(self) -> None:
        """Keeps the weights before the optimizer moves them, on a step being looked at."""
        if self.armed:
            self.before = [_flat(params).clone() for _, params in self.layers]

    def after_step(
        self, epoch: int, step: int, loss: torch.Tensor
    ) -> list[InsightEvent | WarningEvent]:
        """The look at this step and any new warnings, when this step was looked at; `loss` is
        the step's (0-d, on the device), read back with the rest."""
        looked, self.armed, self.arm_next = self.armed, self.arm_next, False
        if self.armed:
            self._hook_relus()
        if not looked:
            return []
        started = time.monotonic()
        if not self.armed:
            for hook in self.hooks:
                hook.remove()
            self.hooks = []
        flats: list[torch.Tensor] = []
        extras: list[torch.Tensor] = []
        for (_, params), before in zip(self.layers, self.before, strict=True):
            weights = _flat(params)
            grads = [p.grad.reshape(-1) for p in params if p.grad is not None]
            grad = torch.cat(grads) if grads else torch.zeros(1, device=weights.device)
            ratio = torch.linalg.vector_norm(weights - before) / torch.linalg.vector_norm(
                before
            ).clamp_min(1e-12)
            flats += [weights, grad]
            extras.append(torch.stack([ratio, torch.linalg.vector_norm(grad)]))
        histograms = _histograms(flats) if flats else []
        parts = [
            torch.cat([histograms[2 * i], histograms[2 * i + 1], extra])
            for i, extra in enumerate(extras)
        ]
        dead_names = list(self.dead)
        parts += [torch.stack([self.dead[n] for n in dead_names])] if dead_names else []
        parts.append(loss.detach().float().reshape(1))  # (1,): the step's loss, on the device
        *values, step_loss = torch.cat(parts).tolist()  # one more read-back for the rest
        self.dead, self.before = {}, []
        # With the read-backs, which wait for the device to finish the step.
        self.look_seconds = time.monotonic() - started
        return self._events(epoch, step, values, dead_names, fitted=step_loss < FITTED)

    def _events(
        self, epoch: int, step: int, values: list[float], dead_names: list[str], fitted: bool
    ) -> list[InsightEvent | WarningEvent]:
        size = 2 * (BINS + 2) + 2
        layers: dict[str, LayerInsight] = {}
        norms: dict[str, float] = {}
        for i, (name, _) in enumerate(self.layers):
            chunk = values[i * size : (i + 1) * size]
            ratio, norm = chunk[-2], chunk[-1]
            layers[name] = LayerInsight(
                weights=_read_histogram(chunk[: BINS + 2]),
                grads=_read_histogram(chunk[BINS + 2 : 2 * (BINS + 2)]),
                update_ratio=ratio if math.isfinite(ratio) else None,
            )
            norms[name] = norm
        dead = dict(zip(dead_names, values[len(self.layers) * size :], strict=True))
        events: list[InsightEvent | WarningEvent] = [
            InsightEvent(epoch=epoch, step=step, layers=layers, dead=dead)
        ]
        for name, norm in norms.items():
            vanished = 0 <= norm < VANISHED and not fitted
            if self._strike("vanishing", name, vanished):
                events.append(
                    self._warn(
                        step,
                        "vanishing",
                        name,
                        (
                            f"Gradients in `{name}` have vanished (norm {norm:.1e}): the layers before it "
                            "barely learn. Try ReLU instead of Sigmoid or Tanh, add BatchNorm, or raise "
                            "the learning rate."
                        ),
                    )
                )
            if self._strike("exploding", name, norm > EXPLODING or not math.isfinite(norm)):
                events.append(
                    self._warn(
                        step,
                        "exploding",
                        name,
                        (
                            f"Gradients in `{name}` are exploding (norm {norm:.1e}): lower the learning "
                            "rate, or turn on gradient clipping."
                        ),
                    )
                )
        for name, share in dead.items():
            if self._strike("dead_relu", name, share > MOSTLY_DEAD and not fitted):
                events.append(
                    self._warn(
                        step,
                        "dead_relu",
                        name,
                        (
                            f"ReLU `{name}` is mostly dead: {share:.0%} of its units gave 0 for a whole "
                            "batch, so they pass no gradient back and stop learning. Lower the "
                            "learning rate, or use LeakyReLU."
                        ),
                    )
                )
        return events

    def _strike(self, kind: str, layer: str, bad: bool) -> bool:
        """True when a look shows a problem that has not been said before."""
        return bad and (kind, layer) not in self.said

    def _warn(self, step: int, kind: WarningKind, layer: str, message: str) -> WarningEvent:
        self.said.add((kind, layer))
        return WarningEvent(step=step, kind=kind, layer=layer, message=message)
