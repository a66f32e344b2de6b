"""One layer on the meta device, memoised: its output shape, parameter count, MACs and errors.

MACs come from torch's flop counter, which costs about as much again as the shape, so they are
cached apart and computed only for callers that show them: shapes and counts never wait for MACs.
"""

from contextlib import nullcontext
from dataclasses import replace
from typing import Any

import torch
from torch.utils.flop_counter import FlopCounterMode

from torchcanvas.design.dynamo_import import defer_dynamo_import
from torchcanvas.design.layer_cache import (
    LayerCache,
    LayerCaches,
    LayerFailure,
    LayerKeeps,
    LayerShape,
    Shape,
    layer_key,
)
from torchcanvas.design.layer_keeps import layer_keeps, run_as_trained, saved_by_autograd
from torchcanvas.design.modules import module_class

# Once torch and its flop counter are loaded: a layer on the meta device, counted or not, then
# runs without importing torch._dynamo (design/dynamo_import.py).
defer_dynamo_import()


def _sample_batch(shapes: list[Shape]) -> list[torch.Tensor]:
    return [torch.empty((2, *shape)) for shape in shapes]  # 2: BatchNorm refuses a batch of 1


def _run(
    layer_type: str, kwargs: dict[str, Any], shapes: list[Shape], flops: FlopCounterMode | None
) -> tuple[torch.nn.Module, Shape] | LayerFailure:
    """The layer built and run on meta tensors, and one sample's output shape."""
    try:
        with torch.device("meta"), flops or nullcontext():
            # eval: the same shapes and products, and BatchNorm on meta tensors runs 5× faster
            # without batch statistics (a batch of 2 passes its training-mode check anyway)
            module = module_class(layer_type)(**kwargs).eval()
            out = module(*_sample_batch(shapes))
    except Exception as exc:  # torch's own message says what is wrong with the shape
        text = str(exc).strip()
        return LayerFailure(text.splitlines()[0] if text else type(exc).__name__)
    sample = tuple(out.shape[1:])  # (2, *sample) -> sample
    if 0 in sample:  # meta tensors make it; real ones refuse ("Output size is too small")
        shown = ", ".join(str(size) for size in sample)
        return LayerFailure(f"its output would be ({shown}), with a size of 0")
    return module, sample


def _shape_of(module: torch.nn.Module, output_shape: Shape) -> LayerShape:
    tensors = tuple((name, tuple(p.shape)) for name, p in module.named_parameters())
    return LayerShape(output_shape, sum(p.numel() for p in module.parameters()), tensors)


def layer_shape(
    layer_type: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    cache: LayerCache[LayerShape | LayerFailure] | None,
) -> LayerShape | LayerFailure:
    """The layer's output shape and tensors on these input shapes, or what torch raised."""
    key = layer_key(layer_type, kwargs, shapes) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is not None:
        return found
    ran = _run(layer_type, kwargs, shapes, None)
    result: LayerShape | LayerFailure = ran if isinstance(ran, LayerFailure) else _shape_of(*ran)
    if cache is not None:
        cache.put(key, result)
    return result


def layer_macs(
    layer_type: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    ran: LayerShape,
    cache: LayerCache[int] | None,
) -> int:
    """Multiply-accumulates for one sample, as torch's flop counter says, of a layer that works.

    The flop counter counts matrix products and convolutions, and only layers with a weight
    matrix or kernel (a learnable tensor of two or more dims) do those: the rest are 0 without
    running it (tests/backend/test_layer_cache.py checks this against the counter, per layer).
    """
    if not _multiplies(ran):
        return 0
    key = layer_key(layer_type, kwargs, shapes) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is not None:
        return found
    flops = FlopCounterMode(display=False)
    macs = 0
    if not isinstance(_run(layer_type, kwargs, shapes, flops), LayerFailure):
        macs = flops.get_total_flops() // 4  # 2 flops a MAC, and the batch holds two samples
    if cache is not None:
        cache.put(key, macs)
    return macs


def layer_counted(
    layer_type: str, kwargs: dict[str, Any], shapes: list[Shape], caches: LayerCaches | None
) -> tuple[LayerShape | LayerFailure, int, LayerKeeps | None]:
    """The layer's shape, MACs and what autograd keeps, each from its cache or, for what is not
    there, all three from one run as it trains, counted by the flop counter: an edit's layers ran
    three or four times each (shape, MACs, saved tensors), and validating an edit waited on them.
    A layer that torch cannot run so, or whose output would be empty, is found apart, as before."""
    key = layer_key(layer_type, kwargs, shapes) if caches is not None else ""
    known = caches.shapes.get(key) if caches is not None else None
    if isinstance(known, LayerFailure):
        return known, 0, None
    if known is not None and caches is not None:
        counted = caches.macs.get(key) if _multiplies(known) else 0
        kept = caches.keeps.get(key)
        if counted is not None and kept is not None:
            return known, counted, kept
    flops = FlopCounterMode(display=False)
    try:
        two, module, sample = run_as_trained(layer_type, kwargs, shapes, 2, flops)
        # Nothing besides its inputs and output (a Conv2d, a ReLU): nothing per sample either.
        three = saved_by_autograd(layer_type, kwargs, shapes, 3) if two.other_bytes else two
    except Exception:  # the separate runs say what torch raised, or keep nothing known
        return _apart(layer_type, kwargs, shapes, caches)
    if 0 in sample:
        return _apart(layer_type, kwargs, shapes, caches)
    ran = known or _shape_of(module, sample)
    # 2 flops a MAC, and the batch holds two samples; a layer without a matrix has none
    macs = flops.get_total_flops() // 4 if _multiplies(ran) else 0
    keeps = replace(two, other_bytes=three.other_bytes - two.other_bytes)
    if caches is not None:  # each cache gets what it lacked, as the separate runs would put it
        if known is None:
            caches.shapes.put(key, ran)
        if _multiplies(ran):
            caches.macs.put(key, macs)
        caches.keeps.put(key, keeps)
    return ran, macs, keeps


def _multiplies(ran: LayerShape) -> bool:
    """Whether the layer has a weight matrix or kernel: only such layers have MACs to count."""
    return any(len(shape) >= 2 for _, shape in ran.tensors)


def _apart(
    layer_type: str, kwargs: dict[str, Any], shapes: list[Shape], caches: LayerCaches | None
) -> tuple[LayerShape | LayerFailure, int, LayerKeeps | None]:
    ran = layer_shape(layer_type, kwargs, shapes, caches.shapes if caches else None)
    if isinstance(ran, LayerFailure):
        return ran, 0, None
    macs = layer_macs(layer_type, kwargs, shapes, ran, caches.macs if caches else None)
    return ran, macs, layer_keeps(layer_type, kwargs, shapes, caches.keeps if caches else None)
