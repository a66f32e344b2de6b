"""A small multilayer perceptron's weights as it trains, for the run page's drawing of the network
as TensorFlow Playground draws it: each edge's width its |weight|, its colour the weight's sign.

Carried by the looks inside (training/insight.py), read back with them at once, so they come as
often as those do: about once a second, at the run's last step and at each Step of a paused run;
and at epoch ends in events of their own (training/epoch_weights.py), for the drawing's slider.
Bounded: a plain stack of at most MAX_LINEAR Linear layers, with activations (and Dropout, Flatten,
Identity) between them, none wider than MAX_UNITS units in or out. That is at most 6 × (12 × 12 + 12)
= 936 numbers, each of SIGNIFICANT digits (about 8 KB of JSON); a bigger or other network sends
none, and says why in `not_drawn`.
"""

import math

import torch
import torch.nn as nn
from pydantic import BaseModel, Field

from torchcanvas.design.build import Network
from torchcanvas.design.catalog import LAYERS_BY_TYPE

MAX_LINEAR = 6  # Linear layers drawn at most, as Playground's 6 hidden layers
MAX_UNITS = 12  # units a side of any Linear drawn: its inputs and its outputs
SIGNIFICANT = (
    4  # significant digits a weight is sent with: the drawing and its tooltips need no more
)
# Layers that leave the connections as they are: an activation acts on each unit (or the layer's
# units together, as Softmax) but adds no weights; these pass their input on.
PASSING = ("Dropout", "Flatten", "Identity")


class DrawnLinear(BaseModel):
    """One Linear layer's weights at a look."""

    id: str = Field(description="The layer's id.")
    weight: list[list[float]] = Field(
        description="out_features rows of in_features weights, as torch stores `weight`: row j "
        "holds the weights of the edges into this layer's unit j."
    )
    bias: list[float] | None = Field(description="Each unit's bias; null where it has none.")
    after: list[str] = Field(
        description="The types of the layers between this one and the next Linear (or the "
        "output), in order: its activation, such as ['Tanh']."
    )


class NetworkWeights(BaseModel):
    """A small MLP's weights, or why the network is not drawn."""

    inputs: list[str] | None = Field(
        default=None,
        description="The input units' names where the dataset names them (a 2-D set's "
        "features, such as x₁²); null: the first Linear's inputs, unnamed.",
    )
    layers: list[DrawnLinear] = Field(description="The Linear layers in data-flow order.")
    not_drawn: str | None = Field(
        default=None,
        description="Why the weights are not sent (layers then empty): a network too big to "
        "draw, not a stack of Linear layers and activations, or with a weight not finite.",
    )


def _not_drawn(reason: str) -> NetworkWeights:
    return NetworkWeights(layers=[], not_drawn=reason)


class WeightsDrawing:
    """Which of a model's layers are drawn, decided once; then, at each look, their weights."""

    def __init__(self, model: nn.Module, inputs: list[str] | None = None) -> None:
        self.linears: list[tuple[str, nn.Linear, list[str]]] = []  # (id, layer, types after it)
        self.inputs = inputs
        self.reason = self._plan(model)

    def _plan(self, model: nn.Module) -> str | None:
        """Fills `linears` from a drawable network; else the reason it is not drawn."""
        if not isinstance(model, Network) or model.stack is None:
            return "Only a plain stack of layers is drawn: this network's layers join or branch."
        for node in model.order:
            module = model.get_submodule(node)
            kind = type(module).__name__
            spec = LAYERS_BY_TYPE.get(kind)
            if isinstance(module, nn.Linear):
                self.linears.append((node, module, []))
            elif spec is not None and (spec.category == "activation" or kind in PASSING):
                if self.linears:
                    self.linears[-1][2].append(kind)
            else:
                return (
                    f"Only Linear layers and activations are drawn: {kind} `{node}` is neither. "
                    "A multilayer perceptron of Linear layers, each with an activation, is drawn."
                )
        return self._size_reason()

    def _size_reason(self) -> str | None:
        if not self.linears:
            return "No Linear layer to draw: the network has no weights between units."
        if len(self.linears) > MAX_LINEAR:
            return (
                f"{len(self.linears)} Linear layers are too many to draw: the drawing shows at "
                f"most {MAX_LINEAR}."
            )
        for node, layer, _ in self.linears:
            if layer.in_features > MAX_UNITS or layer.out_features > MAX_UNITS:
                return (
                    f"Linear `{node}` is {layer.in_features} → {layer.out_features} units, too "
                    f"many edges to draw: the drawing shows layers of at most {MAX_UNITS} units. "
                    + self._how_to_draw()
                )
        if self.inputs is not None and len(self.inputs) != self.linears[0][1].in_features:
            self.inputs = None  # a Flatten of more than the names: unnamed
        return None

    def _how_to_draw(self) -> str:
        """What would make a network too wide drawable: narrower hidden layers, or a dataset
        of fewer inputs or classes (the default MLP template's 64 units are not drawn)."""
        first, last = self.linears[0][1], self.linears[-1][1]
        hidden = [
            f"`{node}`" for node, layer, _ in self.linears[:-1] if layer.out_features > MAX_UNITS
        ]
        ways: list[str] = []
        if hidden:
            ways.append(
                f"To see it drawn, give {' and '.join(hidden)} at most {MAX_UNITS} out_features "
                "(TensorFlow Playground's layers have up to 8)."
            )
        if first.in_features > MAX_UNITS:
            ways.append(
                f"The data gives {first.in_features} inputs: a 2-D set or a table of at most "
                f"{MAX_UNITS} feature columns is drawn."
            )
        if last.out_features > MAX_UNITS:
            ways.append(f"Its output has {last.out_features} units: at most {MAX_UNITS} are drawn.")
        return " ".join(ways)

    def flat(self, device: torch.device) -> torch.Tensor:
        """(W,) every drawn weight and bias in order, float32 on the device: read back with the
        look's other numbers; empty where nothing is drawn."""
        if self.reason is not None:
            return torch.zeros(0, device=device)
        parts: list[torch.Tensor] = []
        for _, layer, _ in self.linears:
            parts.append(layer.weight.detach().reshape(-1))  # (out * in,)
            if layer.bias is not None:
                parts.append(layer.bias.detach())  # (out,)
        return torch.cat(parts).float()

    @property
    def size(self) -> int:
        """How many numbers `flat` gives."""
        if self.reason is not None:
            return 0
        return sum(
            layer.weight.numel() + (layer.bias.numel() if layer.bias is not None else 0)
            for _, layer, _ in self.linears
        )

    def read(self, values: list[float]) -> NetworkWeights:
        """`flat`'s numbers, read back, as the event's weights."""
        if self.reason is not None:
            return _not_drawn(self.reason)
        if not all(math.isfinite(v) for v in values):
            return _not_drawn("Not drawn at this step: a weight is not finite (inf or NaN).")
        rounded = [float(f"{v:.{SIGNIFICANT}g}") for v in values]
        layers: list[DrawnLinear] = []
        at = 0
        for node, layer, after in self.linears:
            rows, columns = layer.out_features, layer.in_features
            weight = [rounded[at + r * columns : at + (r + 1) * columns] for r in range(rows)]
            at += rows * columns
            bias = None
            if layer.bias is not None:
                bias, at = rounded[at : at + rows], at + rows
            layers.append(DrawnLinear(id=node, weight=weight, bias=bias, after=list(after)))
        return NetworkWeights(inputs=self.inputs, layers=layers)
