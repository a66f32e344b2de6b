"""One layer on the meta device, memoised: an edit recomputes only the layers whose inputs changed.

A layer's output shape, parameter count and errors depend only on its type, its full constructor
arguments and its input shapes, never on its id or its place in the design, so they are cached by
those. MACs come from torch's flop counter, which costs about as much again, so they are cached
apart and computed only for callers that show them: shapes and counts never wait for MACs.
"""

import threading
from collections import OrderedDict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import torch
from torch.utils.flop_counter import FlopCounterMode

from torchcanvas.design.dynamo_import import defer_dynamo_import
from torchcanvas.design.modules import module_class

Shape = tuple[int, ...]
V = TypeVar("V")

# Once torch and its flop counter are loaded: a layer on the meta device, counted or not, then
# runs without importing torch._dynamo (design/dynamo_import.py).
defer_dynamo_import()


@dataclass(frozen=True)
class LayerShape:
    """What one layer gives on its inputs: its output shape and learnable tensors."""

    output_shape: Shape  # one sample's shape, without the batch
    params: int
    tensors: tuple[tuple[str, Shape], ...]  # name and shape of each learnable tensor


@dataclass(frozen=True)
class LayerKeeps:
    """What autograd keeps of a layer for the backward pass, as torch saves it in training mode:
    which inputs, whether its output (whole tensors, shared with the layers beside it), and the
    bytes of anything else one sample adds (MaxPool's indices, Dropout's mask)."""

    inputs: tuple[bool, ...]
    output: bool
    view_of: int | None  # its output is a view of this input (Flatten): no values of its own
    other_bytes: int


@dataclass(frozen=True)
class LayerFailure:
    """The first line of what torch raised when the layer ran on its inputs."""

    reason: str


class LayerCache(Generic[V]):
    """A thread-safe, bounded, least-recently-used map; values are computed outside its lock."""

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self.misses = 0  # how many values were computed: what tests count to see an edit's cost
        self._entries: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self.misses += 1
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.misses = 0


@dataclass
class LayerCaches:
    """The caches of the walk: shapes and counts (cheap), and MACs (about as costly again); and
    above them, each node that worked as the walk keeps it, and whole validation results."""

    shapes: LayerCache[LayerShape | LayerFailure]
    macs: LayerCache[int]
    # What autograd keeps of each layer, found with the MACs, on the same path.
    keeps: LayerCache[LayerKeeps] = field(default_factory=LayerCache)
    # Keyed by a layer's type, params as written and input shapes: a hit skips the checks too.
    nodes: LayerCache[Any] = field(default_factory=LayerCache)
    # Keyed by a hash of the design's JSON and the settings it was validated with.
    results: LayerCache[Any] = field(default_factory=lambda: LayerCache(max_entries=256))

    def clear(self) -> None:
        for cache in (self.shapes, self.macs, self.keeps, self.nodes, self.results):
            cache.clear()


# One per server process: designs differ by an edit at a time, so most layers repeat.
SHARED_CACHES = LayerCaches(shapes=LayerCache(), macs=LayerCache())


def layer_key(layer_type: str, kwargs: dict[str, Any], shapes: list[Shape]) -> str:
    """Everything a layer's result depends on; repr keeps 1, 1.0 and True apart."""
    return repr((layer_type, sorted(kwargs.items()), shapes))


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


def _root(tensor: torch.Tensor) -> torch.Tensor:
    return tensor._base if tensor._base is not None else tensor


def _saved(layer_type: str, kwargs: dict[str, Any], shapes: list[Shape], batch: int) -> LayerKeeps:
    """What autograd saves of the layer on a batch, its other tensors in bytes for the batch."""
    return _trained(layer_type, kwargs, shapes, batch, None)[0]


def _trained(
    layer_type: str,
    kwargs: dict[str, Any],
    shapes: list[Shape],
    batch: int,
    flops: FlopCounterMode | None,
) -> tuple[LayerKeeps, torch.nn.Module, Shape]:
    """The layer run as it trains on a batch (counted by `flops`, if given): what autograd saves
    of it, its other tensors in bytes for the batch, the module, and one sample's output shape."""
    saved: list[torch.Tensor] = []

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        saved.append(tensor)
        return tensor

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    counted = flops or nullcontext()
    with torch.device("meta"), torch.enable_grad(), hooks, counted:  # saved only where grad is on
        module = module_class(layer_type)(**kwargs)
        # A BatchNorm keeps the same of a sample in both modes, its input (its batch statistics
        # are per channel), and its training mode's statistics on meta took 7 ms a run: half of
        # what validating an edit cost. Every other layer runs as it trains (Dropout's mask).
        module.train(not isinstance(module, torch.nn.modules.batchnorm._BatchNorm))
        inputs = [torch.empty((batch, *shape)).requires_grad_() for shape in shapes]
        out = module(*inputs)
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
    keeps = LayerKeeps(tuple(kept), output, view_of, sum(others.values()))
    return keeps, module, tuple(out.shape[1:])


def _keeps(layer_type: str, kwargs: dict[str, Any], shapes: list[Shape]) -> LayerKeeps:
    try:  # batches of 2 and 3 (BatchNorm refuses 1): what grows by a sample is kept per sample
        two = _saved(layer_type, kwargs, shapes, 2)
        # Nothing besides its inputs and output (a Conv2d, a ReLU): nothing per sample either,
        # and no second run is needed.
        three = _saved(layer_type, kwargs, shapes, 3) if two.other_bytes else two
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
        two, module, sample = _trained(layer_type, kwargs, shapes, 2, flops)
        # Nothing besides its inputs and output (a Conv2d, a ReLU): nothing per sample either.
        three = _saved(layer_type, kwargs, shapes, 3) if two.other_bytes else two
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
