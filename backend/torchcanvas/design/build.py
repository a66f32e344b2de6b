"""Builds the nn.Module that a valid design describes, on a real device, and runs it layer by
layer for the pages that look inside it."""

from collections import Counter
from collections.abc import Iterator

import torch
import torch.nn as nn

from torchcanvas.design.graph import INPUT
from torchcanvas.design.layer_cache import SHARED_CACHES, LayerCaches
from torchcanvas.design.modules import module_class
from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.design.walk import walk_design
from torchcanvas.problems import Invalid


class DesignInvalid(Invalid, ValueError):
    """A design that cannot be built, with the issues that say why."""

    def __init__(self, issues: list[DesignIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


class Network(nn.Module):
    """A design as a module: its layers are submodules named by id, so weights are `conv1.weight`."""

    def __init__(
        self,
        layers: dict[str, nn.Module],
        order: list[str],
        inputs: dict[str, list[str]],
        output: str,
    ) -> None:
        super().__init__()
        for node, module in layers.items():
            self.add_module(node, module)
        self.order = order  # an order in which every layer's inputs come before it
        self.inputs = inputs  # each layer's inputs: layer ids, or "input"
        self.output = output
        # A plain stack, where each layer takes the one before, runs as a loop: no dict of values.
        sources = [INPUT, *order[:-1]]
        is_stack = all(inputs[node] == [src] for node, src in zip(order, sources, strict=True))
        self.stack = [layers[node] for node in order] if is_stack and order[-1] == output else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stack is not None:
            for module in self.stack:
                x = module(x)
            return x
        values = {INPUT: x}
        for node in self.order:
            values[node] = self._modules[node](*(values[src] for src in self.inputs[node]))  # type: ignore[misc]
        return values[self.output]


def build_network(
    design: Design, device: torch.device | str = "cpu", caches: LayerCaches | None = SHARED_CACHES
) -> Network:
    """The design as a Network; the same seed gives the same weights as hand-written code."""
    walk = walk_design(design, count_macs=False, caches=caches)
    if walk.issues or walk.graph.output is None:
        raise DesignInvalid(walk.issues)
    # Modules are made in the design's list order, as the exported code writes them.
    with torch.device(device):
        layers = {
            layer.id: module_class(walk.layers[layer.id].spec.type)(**walk.layers[layer.id].kwargs)
            for layer in design.layers
        }
    return Network(layers, walk.graph.order, walk.graph.inputs, walk.graph.output)


def layer_outputs(model: Network, x: torch.Tensor) -> Iterator[tuple[str, torch.Tensor]]:
    """The input and each layer's output, (B, ...), in the network's data-flow order. A value is
    let go once the last layer that reads it has run, so a deep model holds about what its
    forward pass holds, never every layer's output at once."""
    readers = Counter(source for node in model.order for source in model.inputs[node])
    values = {INPUT: x}
    yield INPUT, x
    for node in model.order:
        sources = model.inputs[node]
        with torch.inference_mode():  # not around the yield: the caller's code runs as it would
            output = model.get_submodule(node)(*(values[source] for source in sources))
        for source in sources:
            readers[source] -= 1
            if readers[source] == 0:
                del values[source]
        if readers[node] > 0:
            values[node] = output
        yield node, output
