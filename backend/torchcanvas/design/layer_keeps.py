"""What autograd keeps of a layer for the backward pass, found by running it as it trains on meta
tensors with torch's saved-tensor hooks."""

from contextlib import nullcontext
from typing import Any

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from torchcanvas.design.layer_cache import LayerCache, LayerKeeps, Shape, layer_key
from torchcanvas.design.modules import module_class


def _root(tensor: torch.Tensor) -> torch.Tensor:
    return tensor._base if tensor._base is not None else tensor


def _never_unpacked(_: None) -> torch.Tensor:
    raise RuntimeError("a layer run to find what autograd keeps has no backward pass")


def saved_by_autograd(
    layer_type: str, kwargs: dict[str, Any], shapes: list[Shape], batch: int
) -> LayerKeeps:
    """What autograd saves of the layer on a batch, its other tensors in bytes for the batch."""
    return run_as_trained(layer_type, kwargs, shapes, batch, None)[0]


def run_as_trained(
    layer_type: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    batch: int,
    flops: FlopCounterMode | None,
) -> tuple[LayerKeeps, nn.Module, Shape]:
    """The layer run as it trains on a batch (counted by `flops`, if given): what autograd saves
    of it, its other tensors in bytes for the batch, the module, and one sample's output shape."""
    saved: list[torch.Tensor] = []

    # Autograd keeps what pack returns, and the hooks with it, in the output's graph: returning the
    # tensor (its output, for a ReLU) or keeping `saved` past the end made cycles through torch's
    # C++ objects that the garbage collector cannot see, 2 tensors leaked a run. No backward runs,
    # so nothing ever unpacks the placeholder.
    def pack(tensor: torch.Tensor) -> None:
        saved.append(tensor)

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, _never_unpacked)
    counted = flops or nullcontext()
    try:  # autograd saves only where grad is on
        with torch.device("meta"), torch.enable_grad(), hooks, counted:
            module = module_class(layer_type)(**kwargs)
            # A BatchNorm keeps the same of a sample in both modes, its input (its batch statistics
            # are per channel), and its training mode's statistics on meta took 7 ms a run: half of
            # what validating an edit cost. Every other layer runs as it trains (Dropout's mask).
            module.train(not isinstance(module, nn.modules.batchnorm._BatchNorm))
            inputs = [torch.empty((batch, *shape)).requires_grad_() for shape in shapes]
            out = module(*inputs)
        keeps = _kept(saved, inputs, out, module)
    finally:
        saved.clear()
    return keeps, module, tuple(out.shape[1:])


def _kept(
    saved: list[torch.Tensor], inputs: list[torch.Tensor], out: torch.Tensor, module: nn.Module
) -> LayerKeeps:
    """Which of the inputs and the output autograd saved, and the bytes of the other tensors."""
    own = {id(t) for t in (*module.parameters(), *module.buffers())}
    kept = [False] * len(inputs)
    output = False
    others: dict[int, int] = {}
    for tensor in saved:
        root = _root(tensor)
        at = next((i for i, x in enumerate(inputs) if root is x), None)
        if at is not None:
            kept[at] = True
        elif root is _root(out):
            output = True
        elif id(root) not in own:
            others[id(root)] = root.numel() * root.element_size()
    view_of = next((i for i, x in enumerate(inputs) if _root(out) is x), None)
    return LayerKeeps(tuple(kept), output, view_of, sum(others.values()))


def _keeps(layer_type: str, kwargs: dict[str, Any], shapes: list[Shape]) -> LayerKeeps:
    try:  # batches of 2 and 3 (BatchNorm refuses 1): what grows by a sample is kept per sample
        two = saved_by_autograd(layer_type, kwargs, shapes, 2)
        # Nothing besides its inputs and output (a Conv2d, a ReLU): nothing per sample either,
        # and no second run is needed.
        three = saved_by_autograd(layer_type, kwargs, shapes, 3) if two.other_bytes else two
    except Exception:  # it ran in eval mode; one that torch cannot train here keeps nothing known
        return LayerKeeps((False,) * len(shapes), False, None, 0)
    return LayerKeeps(two.inputs, two.output, two.view_of, three.other_bytes - two.other_bytes)


def layer_keeps(
    layer_type: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    cache: LayerCache[LayerKeeps] | None,
) -> LayerKeeps:
    """What autograd keeps of a layer that works, found by running it in training mode on meta
    tensors with torch's saved-tensor hooks."""
    key = layer_key(layer_type, kwargs, shapes) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = _keeps(layer_type, kwargs, shapes)
        if cache is not None:
            cache.put(key, found)
    return found
