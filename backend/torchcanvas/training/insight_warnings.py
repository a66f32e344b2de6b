"""Plain-words warnings of training going wrong, each said once per layer, with advice that
fits the network and what its run went through (an explosion first, or dead ReLUs)."""

import math
from typing import Literal

import torch.nn as nn
from pydantic import BaseModel

VANISHED = 1e-6  # a gradient norm below this passes next to nothing back
# A layer whose gradients, per weight, are this share or less of a later layer's have all but
# vanished on the way back, however large both are: a 5-deep Sigmoid stack's first layer got
# 1/25,000 of its last's, learnt nothing, and was told nothing (a review). Healthy networks'
# layers stay within a few tens of each other; a healthy 10-deep Tanh stack came to 1/951.
FADED = 5e-4
# Layers of fewer weights are not compared: a PReLU's one weight sums its gradient over every
# unit, and made a healthy layer's per weight look 674 times smaller.
FEWEST_COMPARED = 64
EXPLODING = 1e3
MOSTLY_DEAD = 0.9  # share of a ReLU's units that give 0 for every sample looked at
# A frame's loss this many times the run's first means the rate threw the network out of its
# valley: gradients that vanish after that died of the rate, not of the design.
BLOWN_UP = 10.0
SATURATING = (nn.Sigmoid, nn.Tanh)  # flat at both ends: they shrink gradients on the way back
SAID_BY_NAME = 3  # saturating layers named one by one in advice; more are counted
# untrained_class, untested_class: said of the data as a run starts (held_out.py), layer "".
WarningKind = Literal["vanishing", "exploding", "dead_relu", "untrained_class", "untested_class"]
# What a warning found behind the trouble, for the run page's verdict to read rather than its words
# (verdict.ts): the learning rate too high, or ReLUs that died in an earlier part of the run.
WarningCause = Literal["rate_too_high", "died_before"]


class WarningEvent(BaseModel):
    """Something going wrong in training, in plain words; each kind is said once per layer."""

    type: Literal["warning"] = "warning"
    step: int
    kind: WarningKind
    layer: str
    message: str
    cause: WarningCause | None = None
    fix: str | None = None  # the message's advice alone, for the verdict to quote


class Warnings:
    """What a run's warnings have said, and what they remember of the run to advise on."""

    def __init__(
        self,
        model: nn.Module,
        layers: list[str],
        sizes: dict[str, int] | None = None,
        clip: float | None = None,
        continued: bool = False,
    ) -> None:
        """`sizes`: each layer's count of weights (its gradient norm per weight is compared with
        the others'); `clip`: the run's gradient clipping, None where it has none; `continued`:
        this part of the run goes on from a checkpoint (a Continue, or a server's restart)."""
        self.sizes, self.clip = sizes or {}, clip
        # Judged at this part's first look, its ReLUs' deaths came before it: of another rate.
        self.judging_first = continued
        order = [name for name, _ in model.named_children()]
        order = list(getattr(model, "order", order))  # a graph's data-flow order
        place = {name: i for i, name in enumerate(order)}
        self.place = place
        self.first = min(layers, key=lambda name: place.get(name, 0)) if layers else None
        saturating = {n for n, m in model.named_children() if isinstance(m, SATURATING)}
        # Each layer's Sigmoid and Tanh after it: they shrink the gradients that reach it.
        self.saturating = {
            layer: [n for n in order[place.get(layer, 0) :] if n in saturating] for layer in layers
        }
        self.kinds = {n: type(m).__name__ for n, m in model.named_children()}
        self.said: set[tuple[str, str]] = set()
        self.first_loss: float | None = None
        self.peak_loss = 0.0
        self.peak_step: int | None = None  # the step of the highest loss, where known
        self.peak_norm = 0.0  # the highest gradient norm seen of any layer
        self.peak_layer = ""  # and the layer it was of
        self.dead: list[str] = []  # the ReLUs said to have died in this part of the run
        self.dead_before: list[str] = []  # and those dead as it began, in a part before it

    def loss_seen(self, loss: float | None, step: int | None = None) -> None:
        """Remembers a step's loss (or a frame's), to tell later whether the loss blew up, and
        at which step it was highest."""
        if loss is None or not math.isfinite(loss):
            return
        if self.first_loss is None:
            self.first_loss = loss
        if loss > self.peak_loss:
            self.peak_loss, self.peak_step = loss, step

    def exploding(
        self, step: int, norms: dict[str, float], diverged_at: int | None = None
    ) -> list[WarningEvent]:
        """Warns of each layer whose gradient norm is above EXPLODING, or not a number (at
        `diverged_at` where given: the step whose loss first was none, as the run's end says)."""
        events = []
        for name, norm in norms.items():
            if norm > self.peak_norm:  # NaN leaves it as it was
                self.peak_norm, self.peak_layer = norm, name
            if self._new("exploding", name, not norm <= EXPLODING):
                # The norms are read before any clipping: one that held the steps back said so.
                cause: WarningCause | None = "rate_too_high" if self.clip is not None else None
                message = self._exploded(name, norm)
                at = step if diverged_at is None or math.isfinite(norm) else diverged_at
                events.append(self._warn(at, "exploding", name, message, cause))
        return events

    def _exploded(self, name: str, norm: float) -> str:
        if not math.isfinite(norm):  # the loss went with them: the run's end says where
            return (
                f"Gradients in `{name}` are no longer numbers (infinite or NaN), nor will the "
                "weights they update be: lower the learning rate (a tenth, say) and train again"
                + ("." if self.clip is not None else ", or turn on gradient clipping.")
            )
        if self.clip is not None:  # the norms are read before the clipping
            return (
                f"Gradients in `{name}` are exploding (norm {norm:.1e}, before clipping to "
                f"{self.clip:g}): the clipping holds each step back, but the learning rate is "
                "too high: lower it."
            )
        return (
            f"Gradients in `{name}` are exploding (norm {norm:.1e}): lower the learning rate, "
            "or turn on gradient clipping."
        )

    def dead_relus(self, step: int, dead: dict[str, float]) -> list[WarningEvent]:
        """Warns of each ReLU whose units are mostly dead over the samples looked at."""
        events = []
        before, self.judging_first = self.judging_first, False
        for name, share in dead.items():
            if self._new("dead_relu", name, share > MOSTLY_DEAD):
                (self.dead_before if before else self.dead).append(name)
                said = (
                    f"ReLU `{name}` is mostly dead: {share:.0%} of its units gave 0 for every "
                    "sample looked at, so they pass no gradient back and stop learning."
                )
                # A rate lowered by a Continue does not bring units dead before it back (a
                # review: told to lower a rate already lowered a thousandfold).
                advice = (
                    " They died before this part of the run began, and no rate brings them "
                    "back: train a new run, with a lower learning rate from the start, or use "
                    "LeakyReLU."
                    if before
                    else " Lower the learning rate, or use LeakyReLU."
                )
                cause: WarningCause | None = "died_before" if before else None
                events.append(self._warn(step, "dead_relu", name, said + advice, cause))
        return events

    def vanishing(self, step: int, norms: dict[str, float]) -> list[WarningEvent]:
        """Warns of each layer whose gradients have vanished, or all but vanished beside
        another layer's (per weight), saying why where the run shows it."""
        events = []
        per_weight = self._per_weight(norms)
        for name, norm in norms.items():
            if self._new("vanishing", name, 0 <= norm < VANISHED):
                said = f"Gradients in `{name}` have vanished (norm {norm:.1e})"
                events.append(self._vanished(step, name, said))
                continue
            later = [n for n in per_weight if self.place.get(n, 0) > self.place.get(name, 0)]
            top = max(later, key=lambda n: per_weight[n], default=None)
            if top is not None and name in per_weight:
                fall = per_weight[top] / per_weight[name] if per_weight[name] > 0 else math.inf
                if self._new("vanishing", name, fall >= 1 / FADED):
                    said = (
                        f"Gradients in `{name}` have all but vanished ({_times(fall)} smaller "
                        f"per weight than in `{top}`)"
                    )
                    events.append(self._vanished(step, name, said))
        return events

    def _per_weight(self, norms: dict[str, float]) -> dict[str, float]:
        """Each layer's gradient norm per weight (the norm over the root of the count: a large
        layer's norm is larger for its size alone), of the layers of FEWEST_COMPARED weights or
        more."""
        return {
            name: norm / math.sqrt(self.sizes[name])
            for name, norm in norms.items()
            if self.sizes.get(name, 0) >= FEWEST_COMPARED and math.isfinite(norm) and norm >= 0
        }

    def _vanished(self, step: int, name: str, said: str) -> WarningEvent:
        """The warning of `name`'s gradients vanished, with what caused it where the run showed
        it: the rate (an explosion before), ReLUs dead before a Continue, or Sigmoid and Tanh."""
        learns = (
            f"`{name}` itself barely learns"
            if name == self.first
            else "it and the layers before it barely learn"
        )
        shown = self._too_high()
        if shown:
            fix = "Lower the learning rate (a tenth, say) and train again."
            message = (
                f"{said} after {shown}: {learns}. The learning rate is too high: lower it "
                "(a tenth, say) and train again."
            )
            return self._warn(step, "vanishing", name, message, "rate_too_high", fix)
        if self.dead_before:
            fix = "Train a new run, with a lower learning rate from the start."
            message = (
                f"{said} after {_relus(self.dead_before)} died, before this part of the run "
                f"began: {learns}, whatever the rate now. {fix}"
            )
            return self._warn(step, "vanishing", name, message, "died_before", fix)
        saturating = self.saturating.get(name, [])
        fixes = ["add BatchNorm", "raise the learning rate"]
        if saturating:
            fixes.insert(0, f"try ReLU in place of {self._named(saturating)}")
        advice = ", ".join(fixes[:-1]) + f", or {fixes[-1]}"
        fix = f"{advice[0].upper()}{advice[1:]}."
        return self._warn(step, "vanishing", name, f"{said}: {learns}. {fix}", fix=fix)

    def _named(self, layers: list[str]) -> str:
        """Sigmoid `sig1` and Tanh `t2`; past three, the count and the ends: a deep stack's list
        read as a wall of names."""
        if len(layers) <= SAID_BY_NAME:
            return " and ".join(f"{self.kinds[n]} `{n}`" for n in layers)
        kinds = " and ".join(dict.fromkeys(self.kinds[n] for n in layers))
        return f"the {len(layers)} {kinds} layers `{layers[0]}` … `{layers[-1]}`"

    def _too_high(self) -> str | None:
        """What showed the rate too high before the gradients vanished, if anything did."""
        if self.peak_norm > EXPLODING:
            # The layer's own name: another layer's peak read as this one's (a review).
            if math.isinf(self.peak_norm):
                return f"exploding (to no number at all, in `{self.peak_layer}`)"
            return f"exploding (norm up to {self.peak_norm:.1e}, in `{self.peak_layer}`)"
        first = self.first_loss
        if first is not None and first > 0 and self.peak_loss > BLOWN_UP * first:
            at = "" if self.peak_step is None else f" at step {self.peak_step}"
            return f"the loss blew up (from {first:.3g} to {self.peak_loss:.3g}{at})"
        if self.dead:
            return f"{_relus(self.dead)} died"
        return None

    def _new(self, kind: str, layer: str, bad: bool) -> bool:
        """True when a problem shows that has not been said before."""
        return bad and (kind, layer) not in self.said

    def _warn(
        self,
        step: int,
        kind: WarningKind,
        layer: str,
        message: str,
        cause: WarningCause | None = None,
        fix: str | None = None,
    ) -> WarningEvent:
        self.said.add((kind, layer))
        return WarningEvent(
            step=step, kind=kind, layer=layer, message=message, cause=cause, fix=fix
        )


def _times(fall: float) -> str:
    """15,000 times; two figures are all the gradients' noise leaves meaningful."""
    return f"{float(f'{fall:.2g}'):,.0f} times"


def _relus(names: list[str]) -> str:
    """ReLU `a`, or ReLUs `a`, `b`."""
    listed = ", ".join(f"`{n}`" for n in names)
    return f"ReLU {listed}" if len(names) == 1 else f"ReLUs {listed}"
