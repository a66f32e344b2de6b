"""Builds the nn.Module that a valid design describes, on a real device."""

from collections import OrderedDict

import torch
import torch.nn as nn

from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.design.walk import walk_design


class DesignInvalid(ValueError):
    """A design that cannot be built, with the issues that say why."""

    def __init__(self, issues: list[DesignIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


def build_network(design: Design, device: torch.device | str = "cpu") -> nn.Sequential:
    """The design as an nn.Sequential whose submodules are named by layer id (`conv1.weight`)."""
    walk = walk_design(design)
    if walk.issues:
        raise DesignInvalid(walk.issues)
    # Modules are made in list order, so the same seed gives the same weights as hand-written code.
    with torch.device(device):
        modules = OrderedDict(
            (node, getattr(nn, layer.spec.type)(**layer.kwargs))
            for node, layer in walk.layers.items()
        )
    return nn.Sequential(modules)
