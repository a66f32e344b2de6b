"""A run's trained model, rebuilt from its design and its safetensors weights (never torch.load)."""

import threading
from collections import OrderedDict
from pathlib import Path

import torch
from safetensors.torch import load_file

from torchcanvas.design.build import Network, build_network
from torchcanvas.design.schema import Design
from torchcanvas.problems import NotFound
from torchcanvas.training.run_folder import RunFolder

_CACHE_SIZE = 16  # loaded models kept in the API process: tiny, and loading costs milliseconds
_cache: OrderedDict[tuple[str, int], Network] = OrderedDict()
_lock = threading.Lock()


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
    """The same as build_trained, from a small LRU cache keyed by the weights file's version."""
    key = (str(folder.resolve()), weights_path(folder).stat().st_mtime_ns)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    model = build_trained(folder, design)
    with _lock:
        _cache[key] = model
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return model


def example_input(design: Design, batch: int = 2) -> torch.Tensor:
    """A fixed random batch in the design's input shape, for tracing and exporting."""
    generator = torch.Generator().manual_seed(0)
    return torch.randn(batch, *design.input_shape, generator=generator)  # (B, *input_shape)
