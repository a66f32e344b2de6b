"""When to look inside a training network, every few frames, and what a look gathers first;
the look's events (insight.py) and warnings (insight_warnings.py).

The watch measures one whole step: a frame arms it, the next forward passes record which of the
ReLUs' units fire, until MIN_SAMPLES samples have gone through (one pass, with batches that big),
and after that step's optimizer update it reads everything back to the CPU at once. Every
progress frame's gradient norms, read back already, are checked for an explosion besides.
"""

import math
import time

import torch
import torch.nn as nn
from torch.utils.hooks import RemovableHandle

from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.insight_look import LookNumbers, flat_params, read_layers, read_look
from torchcanvas.training.insight_warnings import WarningEvent, Warnings
from torchcanvas.training.live_weights import WeightsDrawing

INSIGHT_EVERY = 10  # frames between looks (sooner at an epoch end)
# Seconds at least between looks: on epochs shorter than a frame interval every frame ends an
# epoch, and frames alone would bring a look every few epochs, several a second.
INSIGHT_SECONDS = 1.0
# A look's histograms take time in proportion to the network's size (about 3 ms for 150k
# parameters on a CPU core): the next waits LOOK_SHARE times as long, at most 1 % of the run.
LOOK_SHARE = 100
# A step's loss below this leaves next to nothing to learn: its gradients are small because the
# network fits its data (a spiral at 100 %), not because they vanish on the way back, and its
# dead units, if any, cost it nothing.
FITTED = 1e-4
# Samples a ReLU is watched over, a batch or the last few, before any of its units is called
# dead: one sample of a healthy ReLU gives 0 in about half its units.
MIN_SAMPLES = 64


def _fired_units(output: torch.Tensor) -> torch.Tensor:
    """(U,) whether each of a ReLU's units, each feature of (N, F) or channel of (N, C, ...),
    gave more than 0 for some sample of the batch. A unit at 0 for some samples is sparse, and
    healthy: it passes gradient back from the others. One at 0 for all passes none."""
    if output.ndim < 2:
        return (output.amax() > 0).reshape(1)
    others = [dim for dim in range(output.ndim) if dim != 1]
    return output.amax(dim=others) > 0


class Watch:
    """Arms itself every INSIGHT_EVERY frames, once `seconds` and `share` times the last look's
    length have passed since it, and measures the first step after by which its ReLUs have
    been watched over MIN_SAMPLES samples (the next step, with batches that big)."""

    def __init__(
        self,
        model: nn.Module,
        layers: list[tuple[str, list[nn.Parameter]]],
        seconds: float = INSIGHT_SECONDS,
        share: float = LOOK_SHARE,
        inputs: list[str] | None = None,
        clip: float | None = None,
        continued: bool = False,
    ) -> None:
        """`inputs`: the input units' names, where the dataset names them (a 2-D set's features);
        `clip`: the run's gradient clipping, if any (the norms watched are read before it);
        `continued`: this part of the run goes on from a checkpoint."""
        self.model, self.layers = model, layers
        self.drawing = WeightsDrawing(model, inputs)  # a small MLP's weights, sent with each look
        self.frames = 0
        self.last_look = -INSIGHT_EVERY
        self.seconds, self.share = seconds, share
        self.looked_at = -math.inf  # time.monotonic() of the last look
        self.look_seconds = 0.0  # how long the last look took
        self.arm_next = False  # a frame asked for a look from the next step
        self.collecting = False  # the ReLUs' hooks are on, gathering which units fire
        self.holding = False  # gathering for the run's last look, which look_now arms
        self.armed = False  # this step is being looked at
        self.before: list[torch.Tensor] = []
        self.fired: dict[str, torch.Tensor] = {}  # each ReLU's (U,) units that fired so far
        self.samples = 0  # samples the network has trained on since the hooks went on
        self.peak_grads: torch.Tensor | None = None  # (L,) highest gradient norms gathered
        sizes = {name: sum(p.numel() for p in params) for name, params in layers}
        self.warnings = Warnings(model, [name for name, _ in layers], sizes, clip, continued)
        self.relus = [(n, m) for n, m in model.named_children() if isinstance(m, nn.ReLU)]
        # Hooked only while a look gathers: a module with a hook is slower to call.
        self.hooks: list[RemovableHandle] = []

    def _relu_hook(self, name: str):  # type: ignore[no-untyped-def]
        def hook(module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
            if not module.training:  # the validation pass that may come between
                return
            fired = _fired_units(output.detach())
            seen = self.fired.get(name)
            self.fired[name] = fired if seen is None else seen | fired

        return hook

    def frame_done(self, epoch_end: bool = False) -> None:
        """Counts a progress frame; every INSIGHT_EVERY frames (half as many after an epoch),
        once the last look is far enough behind, a look gathers from the next step."""
        self.frames += 1
        since = self.frames - self.last_look
        due = since >= INSIGHT_EVERY or (epoch_end and since >= INSIGHT_EVERY // 2)
        if due and not self.collecting:  # a look gathering still is this one
            now = time.monotonic()
            if now - self.looked_at >= max(self.seconds, self.share * self.look_seconds):
                self.arm_next = True
                self.last_look, self.looked_at = self.frames, now

    def frame_seen(
        self,
        step: int,
        loss: float | None,
        grad_norms: dict[str, float | None],
        diverged_at: int | None = None,
        losses: list[float | None] | None = None,
    ) -> list[WarningEvent]:
        """Checks a progress frame's numbers, already read back: its gradient norms for an
        explosion (on every frame: between two looks a high rate may blow the gradients up
        and kill them), its losses for the advice that may come later: each step's (`losses`,
        ending at `step`) where given, so that a peak is said as the loss chart shows it, else
        the frame's. `diverged_at`: the step whose loss was first no number in the frame,
        where gradients that are none are said."""
        if losses:
            for i, step_loss in enumerate(losses):
                self.warnings.loss_seen(step_loss, step - len(losses) + 1 + i)
        else:
            self.warnings.loss_seen(loss, step)
        return self.warnings.exploding(step, self._read_norms(grad_norms), diverged_at)

    def _read_norms(self, grad_norms: dict[str, float | None]) -> dict[str, float]:
        """A frame's gradient norms, where None is infinite or NaN (JSON carries neither) for a
        layer that has gradients, and no gradient for one that has none (it is left out)."""
        params = dict(self.layers)
        norms = {}
        for name, norm in grad_norms.items():
            if norm is not None:
                norms[name] = norm
            elif any(p.grad is not None for p in params.get(name, [])):
                norms[name] = math.inf
        return norms

    def look_now(self) -> None:
        """Looks at the step about to run, whatever the pacing says: the run's last, so that
        the last look shows the trained network."""
        self.armed = True
        self._collect()

    def gather_for_last(self) -> None:
        """Starts watching the ReLUs a few steps before the run's last look, which look_now
        then takes: a last batch alone (29 samples) said nothing of dead units, and an early
        stop's last look came from near the run's start."""
        self._collect()
        self.holding = True  # gathered until look_now arms it, not armed at MIN_SAMPLES

    def looks_at(self, samples: int) -> bool:
        """Whether this step, of `samples` samples, is looked at (before_step will arm it): its
        progress frame then ends here, so the gradient norms a look warns of are on the chart
        at their step, not only in the warning."""
        if self.armed:
            return True
        return self.collecting and not self.holding and self.samples + samples >= MIN_SAMPLES

    def _collect(self) -> None:
        if not self.collecting:
            self.collecting, self.fired, self.samples, self.peak_grads = True, {}, 0, None
            self.hooks = [m.register_forward_hook(self._relu_hook(n)) for n, m in self.relus]

    def _stop_collecting(self) -> None:
        for hook in self.hooks:
            hook.remove()
        self.hooks, self.fired, self.samples, self.collecting = [], {}, 0, False
        self.holding = False
        self.peak_grads = None

    @property
    def looking(self) -> bool:
        """Whether this step is gathered for a look, looked at or arms the next: else
        before_step and after_step have nothing to do, and need not be called."""
        return self.armed or self.arm_next or self.collecting

    def before_step(self, samples: int) -> None:
        """Keeps the weights before the optimizer moves them, on a step being looked at: the
        first whose forward pass (of `samples` samples) brought those gathered to MIN_SAMPLES.
        Counted here, not by a hook on the model: a compiled forward may skip hooks (and traced
        one into an error)."""
        if self.collecting:
            self._gather_grad_norms()
            self.samples += samples
        if self.collecting and self.samples >= MIN_SAMPLES and not self.holding:
            self.armed = True
        if self.armed:
            self.before = [flat_params(params).clone() for _, params in self.layers]

    def _gather_grad_norms(self) -> None:
        """Keeps each layer's highest gradient norm over the steps gathered, (L,) on the device:
        one sample's gradient may be 0 (its ReLUs all gave 0), its layers' gradients are not gone."""
        norms = []
        for _, params in self.layers:
            grads = [p.grad for p in params if p.grad is not None]
            each = [torch.linalg.vector_norm(g) for g in grads]
            norms.append(torch.linalg.vector_norm(torch.stack(each)) if each else None)
        device = next((n.device for n in norms if n is not None), None)
        if device is None:
            return
        zero = torch.zeros((), device=device)
        stacked = torch.stack([zero if n is None else n for n in norms])
        peak = self.peak_grads
        self.peak_grads = stacked if peak is None else torch.maximum(peak, stacked)

    def after_step(
        self, epoch: int, step: int, loss: torch.Tensor
    ) -> list[InsightEvent | WarningEvent]:
        """The look at this step and any new warnings, when this step was looked at; `loss` is
        the step's (0-d, on the device), read back with the rest."""
        events = self._look(epoch, step, loss) if self.armed else []
        if self.arm_next:
            self._collect()
        self.arm_next = False
        return events

    def _look(self, epoch: int, step: int, loss: torch.Tensor) -> list[InsightEvent | WarningEvent]:
        started = time.monotonic()
        numbers = read_look(
            self.layers, self.before, self.fired, self.peak_grads, self.drawing, loss
        )
        samples = self.samples
        self.armed, self.before = False, []
        self._stop_collecting()
        # With the read-backs, which wait for the device to finish the step.
        self.look_seconds = time.monotonic() - started
        self.warnings.loss_seen(numbers.step_loss, step)
        fitted = numbers.step_loss < FITTED
        return self._events(epoch, step, numbers, samples, fitted)

    def _events(
        self, epoch: int, step: int, numbers: LookNumbers, samples: int, fitted: bool
    ) -> list[InsightEvent | WarningEvent]:
        dead_names = numbers.dead_names
        layers, norms, rest = read_layers([name for name, _ in self.layers], numbers.values)
        dead = dict(zip(dead_names, rest[: len(dead_names)], strict=True))
        gathered = dict(zip(norms, rest[len(dead_names) :], strict=True))  # the highest norms
        look = InsightEvent(
            epoch=epoch,
            step=step,
            layers=layers,
            dead=dead,
            dead_samples=samples,
            network=numbers.network,
        )
        # Explosions and dead ReLUs first: vanished gradients after them say the rate is why.
        warnings = self.warnings.exploding(step, norms)
        # Small gradients and dead units are the fit where the loss is near 0, and may be one
        # sample's (the run's last look may have gathered fewer).
        if not fitted and samples >= MIN_SAMPLES:
            warnings += self.warnings.dead_relus(step, dead)
            warnings += self.warnings.vanishing(step, gathered)
        return [look, *warnings]
