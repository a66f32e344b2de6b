"""The trained weights of a run: its state dict as safetensors, keys `<layer id>.<tensor name>`.

The model of a trained run, and a run started from it, read them through `read_weights` and
`weight_shapes`: a file cut short, overwritten or holding other tensors than the design's is a
DamagedWeights that says so and what to do, not a safetensors or load_state_dict error.
"""

from pathlib import Path

import torch
import torch.nn as nn
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file, save_file

from torchcanvas.design.schema import format_shape
from torchcanvas.training.damaged import TRAIN_AGAIN, DamagedRunFile
from torchcanvas.training.run_folder import WEIGHTS, RunFolder

Shapes = dict[str, tuple[int, ...]]  # tensor name -> shape, as state_dict names them
_NAMED = 3  # tensors named in a message, of each kind; the rest are counted


class DamagedWeights(DamagedRunFile):
    """A run's weights file that cannot be read, or whose tensors are not its design's."""


def save_weights(model: nn.Module, folder: RunFolder) -> None:
    """Writes the state dict (weights and buffers), renamed into place once whole."""
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    folder.write(WEIGHTS, lambda path: save_file(tensors, str(path)))


def read_weights(path: Path, design: Shapes, fix: str = TRAIN_AGAIN) -> dict[str, torch.Tensor]:
    """The run's tensors (on the CPU), once they are exactly the design's (`design`);
    DamagedWeights saying how they are not, and `fix`."""
    try:
        tensors = load_file(str(path))
    except SafetensorError as exc:  # cut short or overwritten: a missing file stays an OSError
        raise DamagedWeights(path, f"it cannot be read ({exc})", fix) from None
    _check(path, {name: tuple(tensor.shape) for name, tensor in tensors.items()}, design, fix)
    return tensors


def weight_shapes(path: Path, design: Shapes, fix: str = TRAIN_AGAIN) -> Shapes:
    """The name and shape of each tensor of the run's weights, from the file's header alone,
    once they are exactly the design's; DamagedWeights saying how they are not, and `fix`."""
    try:
        shapes = stored_shapes(path)
    except SafetensorError as exc:
        raise DamagedWeights(path, f"it cannot be read ({exc})", fix) from None
    _check(path, shapes, design, fix)
    return shapes


def check_readable(path: Path) -> None:
    """DamagedWeights unless the file's header reads and its tensors fill the file exactly: a
    file cut short or overwritten is caught from its header, without reading its tensors."""
    try:
        stored_shapes(path)
    except SafetensorError as exc:
        raise DamagedWeights(path, f"it cannot be read ({exc})") from None


def stored_shapes(path: Path) -> Shapes:
    """The name and shape of every tensor in a safetensors file, read from its header alone,
    unchecked: SafetensorError where it cannot be read."""
    with safe_open(str(path), framework="pt", device="cpu") as file:
        return {name: tuple(file.get_slice(name).get_shape()) for name in file.keys()}  # noqa: SIM118


def _check(path: Path, found: Shapes, design: Shapes, fix: str) -> None:
    """DamagedWeights unless the file holds the design's tensors, each in the design's shape."""
    reshaped = [
        f"{name} {format_shape(found[name])} where the design has {format_shape(shape)}"
        for name, shape in design.items()
        if name in found and found[name] != shape
    ]
    missing = [name for name in design if name not in found]
    foreign = [name for name in found if name not in design]
    whys = []
    if reshaped:
        whys.append(f"it holds tensors of other shapes than the design ({_some(reshaped)})")
    if missing:
        whys.append(f"it lacks tensors of the design ({_some(missing)})")
    if foreign:
        whys.append(f"it holds tensors the design has not ({_some(foreign)})")
    if whys:
        raise DamagedWeights(path, "; ".join(whys), fix)


def _some(items: list[str]) -> str:
    """`a, b, c and 4 more`: the first few of a list that may be long."""
    more = len(items) - _NAMED
    return ", ".join(items[:_NAMED]) + (f" and {more} more" if more > 0 else "")
