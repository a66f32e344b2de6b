"""Graph-only layers that torch.nn has no module for: they join branches."""

import torch
import torch.nn as nn

from torchcanvas.design.recurrent import RECURRENT_MODULES


class Add(nn.Module):
    """Sums its inputs, which must have the same shape (a residual connection)."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        total = inputs[0]
        for other in inputs[1:]:
            total = total + other
        return total


class Concat(nn.Module):
    """Joins its inputs along the channel (or feature) dimension."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return torch.cat(inputs, dim=1)  # (B, C1, ...), (B, C2, ...) -> (B, C1 + C2, ...)


CUSTOM_MODULES: dict[str, type[nn.Module]] = {"Add": Add, "Concat": Concat}


def module_class(layer_type: str) -> type[nn.Module]:
    """The class that builds a layer type: torch.nn's own, one of the joins above, or a recurrent
    layer on (C, L) sequences (design/recurrent.py)."""
    if layer_type in CUSTOM_MODULES:
        return CUSTOM_MODULES[layer_type]
    if layer_type in RECURRENT_MODULES:
        return RECURRENT_MODULES[layer_type]
    cls: type[nn.Module] = getattr(nn, layer_type)
    return cls
