"""Starting a run from another run's trained weights: every tensor whose name and shape match is
copied, the others start fresh (fine-tuning with a new head), and the run says which is which."""

from pathlib import Path

import torch
import torch.nn as nn
from pydantic import BaseModel, Field
from safetensors import safe_open

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design, format_shape
from torchcanvas.training.weights import Shapes


class LayerStart(BaseModel):
    """How one layer with tensors starts: copied from the parent run, fresh, or partly each."""

    layer: str = Field(examples=["fc"])
    copied: list[str] = Field(description="Its tensors copied from the parent run, by name.")
    fresh: list[str] = Field(
        description="Why each of its other tensors starts fresh, e.g. `weight (10, 256) → (3, 256)`."
    )


class InitMatch(BaseModel):
    """Which tensors of a design a parent run's weights give, layer by layer."""

    run_id: str = Field(description="The parent run.")
    tensors: list[str] = Field(description="The tensors copied, as state_dict names them.")
    layers: list[LayerStart] = Field(description="Each layer with tensors, in the design's order.")
    unused: list[str] = Field(description="The layers of the parent run this design leaves out.")
    summary: str = Field(
        examples=["conv1 copied; fc fresh (shape differs: weight (10, 256) → (3, 256))"],
        description="The same in one line, as the editor and the run page show it.",
    )


def design_tensors(design: Design) -> Shapes:
    """The name and shape of every weight and buffer the design's network holds (built on meta)."""
    network = build_network(design, "meta")
    return {name: tuple(tensor.shape) for name, tensor in network.state_dict().items()}


def match_tensors(design: Shapes, parent: Shapes, run_id: str) -> InitMatch:
    """What of run `run_id`'s weights (`parent`) a design's tensors (`design`) can start from."""
    layers: dict[str, LayerStart] = {}
    reshaped: dict[str, list[str]] = {}  # per layer: `weight (10, 256) → (3, 256)`
    for name, shape in design.items():
        layer, tensor = name.split(".", 1)  # each layer is a submodule named by its id
        start = layers.setdefault(layer, LayerStart(layer=layer, copied=[], fresh=[]))
        theirs = parent.get(name)
        if theirs == shape:
            start.copied.append(tensor)
        elif theirs is None:
            start.fresh.append(f"{tensor} not in run {run_id}")
        else:
            why = f"{tensor} {format_shape(theirs)} → {format_shape(shape)}"
            start.fresh.append(why)
            reshaped.setdefault(layer, []).append(why)
    in_parent = dict.fromkeys(name.split(".", 1)[0] for name in parent)
    match = InitMatch(
        run_id=run_id,
        tensors=[name for name, shape in design.items() if parent.get(name) == shape],
        layers=list(layers.values()),
        unused=[layer for layer in in_parent if layer not in layers],
        summary="",
    )
    match.summary = _summary(match, reshaped)
    return match


def _summary(match: InitMatch, reshaped: dict[str, list[str]]) -> str:
    """`conv1, conv2 copied; fc fresh (shape differs: weight (10, 256) → (3, 256))`."""
    copied = [start.layer for start in match.layers if not start.fresh]
    parts = [f"{', '.join(copied)} copied"] if copied else []
    for start in match.layers:
        if not start.fresh:
            continue
        shapes = reshaped.get(start.layer, [])
        whys = [f"shape differs: {', '.join(shapes)}"] if shapes else []
        if len(shapes) < len(start.fresh):  # some tensors the parent run has not at all
            missing = [why.split()[0] for why in start.fresh if why not in shapes]
            everything = not start.copied and not shapes
            whys.append(
                f"{'' if everything else ', '.join(missing) + ' '}not in run {match.run_id}"
            )
        kept = f"{', '.join(start.copied)} copied, " if start.copied else ""
        parts.append(f"{start.layer} {'partly ' if kept else ''}fresh ({kept}{'; '.join(whys)})")
    if match.unused:
        parts.append(f"{', '.join(match.unused)} of run {match.run_id} not used")
    return "; ".join(parts)


def no_match_message(match: InitMatch) -> str:
    """What a design none of whose tensors fit run `match.run_id`'s weights is told."""
    return (
        f"No tensor of this design fits the weights of run {match.run_id}: {match.summary}. "
        f"Keep at least one layer with the same id, type and sizes as in run {match.run_id} "
        "(its layers' ids start the tensor names), "
        "or clear init_from to train from freshly initialised weights."
    )


def load_initial_weights(model: nn.Module, path: str | Path, device: torch.device) -> None:
    """Copies into a freshly built network every tensor of a safetensors file (never torch.load)
    whose name and shape match; the others keep their fresh values."""
    shapes = {name: tuple(tensor.shape) for name, tensor in model.state_dict().items()}
    with safe_open(str(path), framework="pt", device=str(device)) as file:
        given = {
            name: file.get_tensor(name)
            for name in file.keys()  # noqa: SIM118
            if shapes.get(name) == tuple(file.get_slice(name).get_shape())
        }
    loaded = model.load_state_dict(given, strict=False)
    assert not loaded.unexpected_keys  # only the network's own names were read
