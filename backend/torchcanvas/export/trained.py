"""A run's trained model, rebuilt from its design and its safetensors weights (never torch.load)."""

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch

from torchcanvas.design.build import Network, build_network
from torchcanvas.design.schema import Design
from torchcanvas.problems import NotFound
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.weights import read_weights

MODEL_CACHE_BYTES = 256 * 2**20  # a 50 M-parameter model (200 MB) still fits
# The bytes count tensors only, and a small model's modules, Parameters and dicts cost more than
# its weights (some 23 KB beside the 18 KB of a 64-wide moons MLP): bytes alone admitted about
# 800,000 of the README's 82-parameter model.
MODEL_CACHE_ENTRIES = 256


@dataclass(frozen=True)
class CacheUse:
    """What the loaded-model cache holds now."""

    models: int
    bytes: int
    limit: int


Key = tuple[str, int]  # the run folder, resolved, and its weights file's version


@dataclass
class _Loading:
    """One model being loaded, and how many requests wait on it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: int = 0


class ModelCache:
    """Trained models kept loaded in the API process, least recently used evicted first, bounded
    by their tensors' bytes (a count alone let 16 models of 50 M parameters hold 3 GB) and by
    their number; one version of a run's weights at a time, none once the run is deleted.

    A model is in memory once however many requests use it at a time: one request loads it and
    the others wait for that load; a model too big to keep is shared while any request holds it."""

    def __init__(self, limit: int = MODEL_CACHE_BYTES, entries: int = MODEL_CACHE_ENTRIES) -> None:
        self.limit = limit
        self.entries = entries
        self.loads = 0  # models built, for tests: a hit or a shared model builds none
        self._models: OrderedDict[Key, tuple[Network, int]] = OrderedDict()
        self._held = 0
        self._in_use: weakref.WeakValueDictionary[Key, Network] = weakref.WeakValueDictionary()
        self._loading: dict[Key, _Loading] = {}
        self._lock = threading.Lock()

    def get(self, key: Key) -> Network | None:
        """The model if it is kept, or held by a request now."""
        with self._lock:
            if key not in self._models:
                return self._in_use.get(key)
            self._models.move_to_end(key)
            return self._models[key][0]

    def load(self, key: Key, build: Callable[[], Network]) -> Network:
        """The model for `key`, built by `build` only when no one has it: requests for the same
        model at once wait on one build."""
        if (model := self.get(key)) is not None:
            return model
        with self._lock:
            loading = self._loading.setdefault(key, _Loading())
            loading.waiting += 1
        try:
            with loading.lock:
                if (model := self.get(key)) is None:
                    model = build()
                    with self._lock:
                        self.loads += 1
                        self._in_use[key] = model
                    self.keep(key, model)
                return model
        finally:
            with self._lock:
                loading.waiting -= 1
                if not loading.waiting:
                    del self._loading[key]

    def keep(self, key: Key, model: Network) -> None:
        """Keeps `model`, evicting the least recently used; one bigger than the whole limit
        is not kept (its request still gets it)."""
        size = model_bytes(model)
        if size > self.limit:
            return
        with self._lock:
            if key in self._models:
                return
            # Weights written since (Continue) make a newer version, and the older goes unused.
            self._drop(key[0])
            self._models[key] = (model, size)
            self._held += size
            while self._held > self.limit or len(self._models) > self.entries:
                _, (_, evicted) = self._models.popitem(last=False)
                self._held -= evicted

    def forget(self, folder: Path) -> None:
        """Lets go of every version of a run's model: the run is deleted."""
        run = run_key(folder)
        with self._lock:
            self._drop(run)

    def _drop(self, run: str) -> None:
        """Drops the kept versions of the run in folder `run`; the lock is held."""
        for key in [key for key in self._models if key[0] == run]:
            self._held -= self._models.pop(key)[1]

    def use(self) -> CacheUse:
        with self._lock:
            return CacheUse(models=len(self._models), bytes=self._held, limit=self.limit)

    def clear(self, limit: int | None = None) -> None:
        """Empties the cache, with a new limit when given (the server's setting, at start-up)."""
        with self._lock:
            self._models.clear()
            self._in_use.clear()
            self._held = 0
            if limit is not None:
                self.limit = limit


MODELS = ModelCache()  # the API process's one cache: Services.open sets its limit


def run_key(folder: Path) -> str:
    """How the cache names a run's folder: the same however the path was spelt."""
    return str(folder.resolve())


def model_bytes(model: Network) -> int:
    """The bytes of a model's parameters and buffers."""
    tensors = [*model.parameters(), *model.buffers()]
    return sum(tensor.numel() * tensor.element_size() for tensor in tensors)


class NoWeights(NotFound, FileNotFoundError):
    """A run that has not saved weights (yet)."""


def weights_path(folder: Path) -> Path:
    path = RunFolder(folder).weights
    if not path.is_file():
        raise NoWeights(path)
    return path


def build_trained(folder: Path, design: Design) -> Network:
    """A fresh module in eval mode with the run's weights, on the CPU; DamagedWeights when the
    file cannot be read or holds other tensors than the design's."""
    path = weights_path(folder)
    # Built on the meta device and given the file's tensors: initialising weights that are then
    # overwritten took 0.7 s of the 0.8 s a 50 M-parameter model took to load.
    model = build_network(design, "meta")
    shapes = {name: tuple(tensor.shape) for name, tensor in model.state_dict().items()}
    model.load_state_dict(read_weights(path, shapes), assign=True)  # checked: every tensor fits
    return model.eval()


def cached_trained(folder: Path, design: Design) -> Network:
    """The same as build_trained, from MODELS, keyed by the weights file's version."""
    key = (run_key(folder), weights_path(folder).stat().st_mtime_ns)
    return MODELS.load(key, lambda: build_trained(folder, design))


def example_input(design: Design, batch: int = 2) -> torch.Tensor:
    """A fixed random batch in the design's input shape, for tracing and exporting."""
    generator = torch.Generator().manual_seed(0)
    return torch.randn(batch, *design.input_shape, generator=generator)  # (B, *input_shape)
