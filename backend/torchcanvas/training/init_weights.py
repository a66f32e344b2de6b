"""Starting a run from another run's trained weights: check that they fit the design, load them."""

from pathlib import Path

import torch
import torch.nn as nn
from safetensors import safe_open
from safetensors.torch import load_file

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design

INIT_FILE = "init.safetensors"  # the parent run's weights, copied into the new run's folder
Shapes = dict[str, tuple[int, ...]]


def design_tensors(design: Design) -> Shapes:
    """The name and shape of every weight and buffer the design's network holds (built on meta)."""
    network = build_network(design, "meta")
    return {name: tuple(tensor.shape) for name, tensor in network.state_dict().items()}


def file_tensors(path: Path) -> Shapes:
    """The name and shape of every tensor in a safetensors file, read from its header alone."""
    with safe_open(str(path), framework="pt", device="cpu") as file:
        return {name: tuple(file.get_slice(name).get_shape()) for name in file.keys()}  # noqa: SIM118


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def tensor_differences(design: Shapes, parent: Shapes, run_id: str) -> list[str]:
    """Each tensor that differs between the design and run `run_id`'s weights, in name order."""
    differences = []
    for name in sorted(design.keys() | parent.keys()):
        mine, theirs = design.get(name), parent.get(name)
        if theirs is None:
            differences.append(f"`{name}` {_shape(mine or ())} is not in run {run_id}")
        elif mine is None:
            differences.append(f"`{name}` {_shape(theirs)} of run {run_id} is not in this design")
        elif mine != theirs:
            differences.append(
                f"`{name}` is {_shape(mine)} here but {_shape(theirs)} in run {run_id}"
            )
    return differences


def mismatch_message(run_id: str, differences: list[str]) -> str:
    """What a design that does not fit run `run_id`'s weights is told, and how to fix it."""
    return (
        f"This design does not fit the weights of run {run_id}: {'; '.join(differences)}. "
        f"Give its layers the same ids, types and sizes as run {run_id}, "
        "or clear init_from to train from freshly initialised weights."
    )


def load_initial_weights(model: nn.Module, path: str | Path, device: torch.device) -> None:
    """Loads a safetensors file (never torch.load) into a freshly built network, every tensor."""
    model.load_state_dict(load_file(str(path), device=str(device)), strict=True)
