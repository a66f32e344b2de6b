"""A run's trained model, rebuilt from its design and its safetensors weights (never torch.load)."""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file

from torchcanvas.design.build import Network, build_network
from torchcanvas.design.schema import Design
from torchcanvas.problems import NotFound
from torchcanvas.training.run_folder import RunFolder

MODEL_CACHE_BYTES = 256 * 2**20  # a 50 M-parameter model (200 MB) still fits


@dataclass(frozen=True)
class CacheUse:
    """What the loaded-model cache holds now."""

    models: int
    bytes: int
    limit: int


class ModelCache:
    """Trained models kept loaded in the API process, least recently used evicted first, bounded
    by their tensors' bytes: a count alone let 16 models of 50 M parameters hold 3 GB."""

    def __init__(self, limit: int = MODEL_CACHE_BYTES) -> None:
        self.limit = limit
        self._models: OrderedDict[tuple[str, int], tuple[Network, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> Network | None:
        with self._lock:
            if key not in self._models:
                return None
            self._models.move_to_end(key)
            return self._models[key][0]

    def keep(self, key: tuple[str, int], model: Network) -> None:
        """Keeps `model`, evicting the least recently used; one bigger than the whole limit
        is not kept (its request still gets it)."""
        size = model_bytes(model)
        if size > self.limit:
            return
        with self._lock:
            if key in self._models:
                return
            self._models[key] = (model, size)
            self._held += size
            while self._held > self.limit:
                _, (_, evicted) = self._models.popitem(last=False)
                self._held -= evicted

    def use(self) -> CacheUse:
        with self._lock:
            return CacheUse(models=len(self._models), bytes=self._held, limit=self.limit)

    def clear(self, limit: int | None = None) -> None:
        """Empties the cache, with a new limit when given (the server's setting, at start-up)."""
        with self._lock:
            self._models.clear()
            self._held = 0
            if limit is not None:
                self.limit = limit


MODELS = ModelCache()  # the API process's one cache: Services.open sets its limit


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
    """A fresh module in eval mode with the run's weights, on the CPU."""
    path = weights_path(folder)
    # Built on the meta device and given the file's tensors: initialising weights that are then
    # overwritten took 0.7 s of the 0.8 s a 50 M-parameter model took to load.
    model = build_network(design, "meta")
    model.load_state_dict(load_file(str(path)), assign=True)  # strict: every tensor is in it
    return model.eval()


def cached_trained(folder: Path, design: Design) -> Network:
    """The same as build_trained, from MODELS, keyed by the weights file's version."""
    key = (str(folder.resolve()), weights_path(folder).stat().st_mtime_ns)
    model = MODELS.get(key)
    if model is None:
        model = build_trained(folder, design)
        MODELS.keep(key, model)
    return model


def example_input(design: Design, batch: int = 2) -> torch.Tensor:
    """A fixed random batch in the design's input shape, for tracing and exporting."""
    generator = torch.Generator().manual_seed(0)
    return torch.randn(batch, *design.input_shape, generator=generator)  # (B, *input_shape)
