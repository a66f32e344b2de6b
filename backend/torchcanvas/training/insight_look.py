"""One look's numbers: every layer's weight and gradient histograms, update ratio and gradient
norm, each ReLU's dead share, the peak gradient norms and a small MLP's weights, computed on the
device and read back to the CPU at once; then read into the look's parts."""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn

from torchcanvas.training.insight import BINS, Histogram, LayerInsight
from torchcanvas.training.live_weights import NetworkWeights, WeightsDrawing

# The numbers of one layer in a look: its weights' and its gradients' histograms (min, max, then
# BINS counts each), its update ratio and its gradient norm.
LAYER_NUMBERS = 2 * (BINS + 2) + 2


@dataclass
class LookNumbers:
    """A look's numbers, read back: LAYER_NUMBERS for each layer, then each ReLU's dead share
    (in `dead_names`' order), then each layer's peak gradient norm over the steps gathered."""

    values: list[float]
    dead_names: list[str]
    network: NetworkWeights  # a small MLP's weights, or why it is not drawn
    step_loss: float


def histograms(tensors: list[torch.Tensor]) -> list[torch.Tensor]:
    """Each (N,) tensor -> (BINS + 2,): min, max, then the counts; one read-back for the ranges."""
    ranges = torch.stack([torch.stack(torch.aminmax(t)) for t in tensors]).tolist()
    return [
        torch.cat([t.new_tensor([low, high]), torch.histc(t, BINS, low, high)])
        for t, (low, high) in zip(tensors, ranges, strict=True)
    ]


def _read_histogram(values: list[float]) -> Histogram:
    return Histogram(min=values[0], max=values[1], counts=[int(c) for c in values[2:]])


def flat_params(params: list[nn.Parameter]) -> torch.Tensor:
    """Parameters -> one (P,) tensor of their values, detached."""
    return torch.cat([p.detach().reshape(-1) for p in params])


def read_look(
    layers: list[tuple[str, list[nn.Parameter]]],
    before: list[torch.Tensor],
    fired: dict[str, torch.Tensor],
    peak_grads: torch.Tensor | None,
    drawing: WeightsDrawing,
    loss: torch.Tensor,
) -> LookNumbers:
    """The look at the step just taken: `before`, each layer's weights before it (flat); `fired`,
    each ReLU's (U,) units that fired over the samples gathered; `loss`, the step's (0-d)."""
    flats: list[torch.Tensor] = []
    extras: list[torch.Tensor] = []
    for (_, params), weights_before in zip(layers, before, strict=True):
        weights = flat_params(params)
        grads = [p.grad.reshape(-1) for p in params if p.grad is not None]
        grad = torch.cat(grads) if grads else torch.zeros(1, device=weights.device)
        ratio = torch.linalg.vector_norm(weights - weights_before) / torch.linalg.vector_norm(
            weights_before
        ).clamp_min(1e-12)
        flats += [weights, grad]
        extras.append(torch.stack([ratio, torch.linalg.vector_norm(grad)]))
    counted = histograms(flats) if flats else []
    parts = [
        torch.cat([counted[2 * i], counted[2 * i + 1], extra]) for i, extra in enumerate(extras)
    ]
    dead_names = list(fired)
    dead_shares = [1 - fired[n].float().mean() for n in dead_names]
    parts += [torch.stack(dead_shares)] if dead_names else []
    parts.append(peak_grads.float() if peak_grads is not None else loss.new_zeros(len(layers)))
    parts.append(drawing.flat(loss.device))  # (W,): a small MLP's weights, or none
    parts.append(loss.detach().float().reshape(1))  # (1,): the step's loss, on the device
    *values, step_loss = torch.cat(parts).tolist()  # one more read-back for the rest
    drawn = len(values) - drawing.size
    network = drawing.read(values[drawn:])
    return LookNumbers(values[:drawn], dead_names, network, step_loss)


def read_layers(
    names: list[str], values: list[float]
) -> tuple[dict[str, LayerInsight], dict[str, float], list[float]]:
    """Each layer's insight and gradient norm from a look's values, and the values after them."""
    layers: dict[str, LayerInsight] = {}
    norms: dict[str, float] = {}
    for i, name in enumerate(names):
        chunk = values[i * LAYER_NUMBERS : (i + 1) * LAYER_NUMBERS]
        ratio, norm = chunk[-2], chunk[-1]
        layers[name] = LayerInsight(
            weights=_read_histogram(chunk[: BINS + 2]),
            grads=_read_histogram(chunk[BINS + 2 : 2 * (BINS + 2)]),
            update_ratio=ratio if math.isfinite(ratio) else None,
        )
        norms[name] = norm
    return layers, norms, values[len(names) * LAYER_NUMBERS :]
