"""Inside a trained model for one sample: every layer's output, in the order the data flows, and
the first convolution's filters, as small bounded bytes a page draws (DIGITS' layer view)."""

import math
import time
from pathlib import Path

import torch
import torch.nn as nn
from pydantic import BaseModel, Field

from torchcanvas.design.build import Network, layer_outputs
from torchcanvas.design.graph import INPUT
from torchcanvas.design.schema import Design
from torchcanvas.export.predict import OVERFLOWED, BadInput, model_input
from torchcanvas.export.quantised import (
    MAX_SIDE,
    MAX_TILES,
    MAX_VALUES,
    Quantised,
    encoded_bytes,
    quantise,
)
from torchcanvas.export.trained import cached_trained
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.pictures import picture_sample
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

MAX_BYTES = 2**20  # bytes of all layers together (base64 adds a third); later layers say omitted


class ActivationLimits(BaseModel):
    """What a reply sends at most, so that a wide or deep model's reply stays small."""

    max_tiles: int = Field(
        default=MAX_TILES, description="Channels drawn a layer; the rest counted."
    )
    max_side: int = Field(default=MAX_SIDE, description="A tile's height and width at most.")
    max_values: int = Field(default=MAX_VALUES, description="Values of a vector: the first ones.")
    max_bytes: int = Field(default=MAX_BYTES, description="Bytes of all layers' outputs together.")


class LayerActivation(BaseModel):
    """One layer's output for the sample (the first is the input itself, as the model takes it)."""

    id: str = Field(description="The layer's id; `input` for the sample.")
    type: str = Field(description="The layer's type, such as Conv2d; `Input` for the sample.")
    shape: list[int] = Field(description="The output's shape for one sample, without the batch.")
    output: Quantised | None = Field(
        description="The values, or null where the reply's byte budget was spent before it."
    )


class Filters(BaseModel):
    """The first Conv2d's weights: one tile a kernel, (out, in) pairs in order."""

    layer: str = Field(description="The Conv2d's id.")
    shape: list[int] = Field(description="(out_channels, in_channels, kernel height, width).")
    weights: Quantised


class Activations(BaseModel):
    """What each layer of the trained model made of one sample."""

    layers: list[LayerActivation] = Field(description="In the order the data flows.")
    filters: Filters | None = Field(description="Null for a model without a Conv2d.")
    limits: ActivationLimits
    elapsed_ms: float


def activations(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    sample: list[float],
    data_dir: Path | None = None,
) -> Activations:
    """Every layer's output for one raw sample, standardised first as its dataset was."""
    start = time.perf_counter()
    _, x = model_input(folder, design, training, sample, data_dir)
    return model_activations(folder, design, x, start)


def picture_activations(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    picture: bytes,
    limits: UploadLimits,
    data_dir: Path | None = None,
) -> Activations:
    """Every layer's output for a picture's file, made into a sample as for predict-image."""
    start = time.perf_counter()
    info = run_dataset(RunFolder(folder), training.dataset, data_dir)
    sample = picture_sample(picture, design.input_shape, info, limits)
    return model_activations(folder, design, sample.x, start)


def model_activations(folder: Path, design: Design, x: torch.Tensor, start: float) -> Activations:
    """The trained model run on `x` (scaled as its dataset's samples are) layer by layer."""
    model = cached_trained(folder, design)
    types = {layer.id: layer.type for layer in design.layers} | {INPUT: "Input"}
    budget = MAX_BYTES
    layers = []
    for node, output in layer_outputs(model, x.reshape(1, *design.input_shape)):
        encoded = quantise(output[0])  # (1, ...) -> (...)
        if not (math.isfinite(encoded.min) and math.isfinite(encoded.max)):  # NaN or ±inf in it
            raise BadInput(OVERFLOWED)
        fits = encoded_bytes(encoded) <= budget  # past the budget: listed with its shape only
        budget -= encoded_bytes(encoded) if fits else 0
        shape = list(output.shape[1:])
        layers.append(
            LayerActivation(
                id=node, type=types[node], shape=shape, output=encoded if fits else None
            )
        )
    return Activations(
        layers=layers,
        filters=first_filters(model),
        limits=ActivationLimits(),
        elapsed_ms=round((time.perf_counter() - start) * 1000, 3),
    )


def first_filters(model: Network) -> Filters | None:
    """The weights of the first Conv2d the data reaches."""
    for node in model.order:
        layer = model.get_submodule(node)
        if isinstance(layer, nn.Conv2d):
            return Filters(
                layer=node, shape=list(layer.weight.shape), weights=quantise(layer.weight)
            )
    return None
