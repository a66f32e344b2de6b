"""What one layer gives on the meta device, and the bounded caches that keep it.

A layer's output shape, parameter count and errors depend only on its type, its full constructor
arguments and its input shapes, never on its id or its place in the design, so they are cached by
those (`layer_key`): an edit recomputes only the layers whose inputs changed.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

Shape = tuple[int, ...]
V = TypeVar("V")


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
