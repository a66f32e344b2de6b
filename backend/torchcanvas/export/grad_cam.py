"""Grad-CAM for one sample: where in its input a trained convolutional model found the evidence for
a class (Selvaraju et al., 2017): the chosen class's score (before a last Softmax, LogSoftmax or
Sigmoid) differentiated with respect to a convolution's output, each channel weighted by its mean
gradient, summed, ReLU'd, scaled up to the input's height and width and normalised to 0..1."""

import math
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from pydantic import BaseModel, Field

from torchcanvas.design.build import Network
from torchcanvas.design.graph import INPUT
from torchcanvas.design.schema import Design, format_shape
from torchcanvas.design.walk import walk_design
from torchcanvas.export.predict import OVERFLOWED, BadInput, PredictRequest, model_input
from torchcanvas.export.trained import cached_trained
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec
from torchcanvas.training.class_chances import predicted_classes, reads_as_classes
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.pictures import picture_sample
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

MAX_SIDE = 128  # the map's height and width at most: a larger input's map is averaged down to fit
CLASS_HELP = "the index of a class, from 0, as the prediction's `classes` lists them"
LAYER_HELP = (
    "the id of a layer whose output is (C, H, W), such as a Conv2d; the last Conv2d if left out "
    "(or, where a skip connection goes round it, the layer where the paths join again)"
)


class GradCamRequest(PredictRequest):
    """One sample, as predict takes it, and what to explain."""

    class_index: int | None = Field(
        default=None,
        strict=True,  # not "3"
        description=f"Explain this class: {CLASS_HELP}; the predicted class if left out.",
    )
    layer: str | None = Field(
        default=None, max_length=200, description=f"Look at this layer: {LAYER_HELP}."
    )


class GradCam(BaseModel):
    """Where the model looked for a class: a heat map over the input, 1 where it counted most."""

    layer: str = Field(description="The id of the layer whose output the map is made from.")
    layer_type: str = Field(description="That layer's type, such as Conv2d.")
    layer_shape: list[int] = Field(description="That layer's output for one sample, (C, H, W).")
    class_index: int = Field(description="The class explained, from 0.")
    class_name: str
    predicted_index: int = Field(description="The class the model answers for the sample.")
    height: int = Field(description="The map's rows: the input's height, or at most 128.")
    width: int = Field(description="The map's columns: the input's width, or at most 128.")
    scaled_from: list[int] | None = Field(
        description="The input's (height, width) when the map was averaged down to fit; null if not."
    )
    heat: list[float] = Field(
        description="height × width values in [0, 1], row by row: how much each place of the "
        "input drove the class's score (all 0 when nothing in it pushed toward the class)."
    )
    elapsed_ms: float


class NoConvolution(BadInput):
    """A model with no layer whose output Grad-CAM can map onto its input."""


def grad_cam(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    request: GradCamRequest,
    data_dir: Path | None = None,
) -> GradCam:
    """The Grad-CAM map for one raw sample, standardised first as its dataset was."""
    start = time.perf_counter()
    info, x = model_input(folder, design, training, request.input, data_dir)
    spec = LOSSES_BY_NAME[training.loss]
    return model_grad_cam(folder, design, info, spec, x, request.class_index, request.layer, start)


def picture_grad_cam(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    picture: bytes,
    limits: UploadLimits,
    data_dir: Path | None = None,
    class_index: int | None = None,
    layer: str | None = None,
) -> GradCam:
    """The Grad-CAM map for a picture's file, made into a sample as for predict-image."""
    start = time.perf_counter()
    info = run_dataset(RunFolder(folder), training.dataset, data_dir)
    sample = picture_sample(picture, design.input_shape, info, limits)
    spec = LOSSES_BY_NAME[training.loss]
    return model_grad_cam(folder, design, info, spec, sample.x, class_index, layer, start)


def model_grad_cam(
    folder: Path,
    design: Design,
    info: DatasetInfo | None,
    loss: LossSpec,
    x: torch.Tensor,
    class_index: int | None,
    layer: str | None,
    start: float,
) -> GradCam:
    """The trained model's Grad-CAM for `x`, scaled as its dataset's samples are."""
    classes = info.classes if info is not None and info.task == "classification" else None
    if classes is None:
        raise BadInput(
            "Grad-CAM explains a class, and this model answers values (a regression): "
            "look inside the model instead."
        )
    model = cached_trained(folder, design)
    node = _chosen_layer(model, design, layer)
    side = _input_side(design)
    output, scores, activation = _run_to(model, x.reshape(1, *design.input_shape), node)
    row = output.detach().reshape(1, -1)  # (1, ...) -> (1, outputs)
    if not reads_as_classes(row.shape[1], len(classes)):
        raise BadInput(
            f"Grad-CAM explains a class, and this model gives {row.shape[1]} values for {len(classes)} classes."
        )
    if not bool(torch.isfinite(row).all()):
        raise BadInput(OVERFLOWED)
    predicted = int(predicted_classes(row, loss)[0])
    chosen = predicted if class_index is None else class_index
    if not 0 <= chosen < len(classes):
        raise BadInput(
            f"class_index: {chosen} is not a class of this model: give {CLASS_HELP} (0 to {len(classes) - 1})."
        )
    heat = class_activation_map(scores.reshape(1, -1), activation, chosen, side)
    height, width = heat.shape
    return GradCam(
        layer=node,
        layer_type=type(model.get_submodule(node)).__name__,
        layer_shape=list(activation.shape[1:]),
        class_index=chosen,
        class_name=classes[chosen],
        predicted_index=predicted,
        height=height,
        width=width,
        scaled_from=list(side) if (height, width) != side else None,
        heat=[round(v, 4) for v in heat.reshape(-1).tolist()],
        elapsed_ms=round((time.perf_counter() - start) * 1000, 3),
    )


def class_activation_map(
    output: torch.Tensor, activation: torch.Tensor, chosen: int, side: tuple[int, int]
) -> torch.Tensor:
    """(height, width) in [0, 1]: Grad-CAM of class `chosen` from the model's `output` (1, K) and
    the layer's `activation` (1, C, h, w), which the output was computed from."""
    score = output[0, chosen] if output.shape[1] > 1 else output[0, 0] * (1 if chosen == 1 else -1)
    (gradients,) = torch.autograd.grad(score, activation)  # (1, C, h, w)
    with torch.no_grad():
        weights = gradients.mean(dim=(2, 3), keepdim=True)  # (1, C, h, w) -> (1, C, 1, 1)
        cam = F.relu((weights * activation).sum(dim=1, keepdim=True))  # -> (1, 1, h, w)
        cam = F.interpolate(cam, size=side, mode="bilinear", align_corners=False)  # -> (1, 1, H, W)
        if max(side) > MAX_SIDE:  # a big picture's map: averaged down to what a page draws
            cam = F.adaptive_avg_pool2d(cam, fitted(side))
        cam = cam[0, 0]  # -> (H, W)
        peak = float(cam.max())
        if not math.isfinite(peak):
            raise BadInput(OVERFLOWED)
        return cam / peak if peak > 0 else torch.zeros_like(cam)


def fitted(side: tuple[int, int]) -> tuple[int, int]:
    """A (height, width) scaled down, in proportion, to at most MAX_SIDE a side."""
    scale = MAX_SIDE / max(side)
    return max(1, round(side[0] * scale)), max(1, round(side[1] * scale))


def _input_side(design: Design) -> tuple[int, int]:
    """The input's (height, width): a map needs a picture-like input, (C, H, W) or (H, W)."""
    shape = design.input_shape
    if len(shape) not in (2, 3):
        raise NoConvolution(
            f"Grad-CAM maps onto a picture, and this model takes samples of shape "
            f"{format_shape(shape)}: it needs an image model, whose input is (C, H, W)."
        )
    return shape[-2], shape[-1]


_MAPS = (nn.Conv2d, nn.ConvTranspose2d)  # the layers whose output is a map of the picture


def _chosen_layer(model: Network, design: Design, layer: str | None) -> str:
    """The layer asked for, or the last Conv2d (or ConvTranspose2d) the data reaches (past a skip
    connection that goes round it, the layer where the paths join again)."""
    if layer is None:
        convolutions = [n for n in model.order if isinstance(model.get_submodule(n), _MAPS)]
        if not convolutions:
            raise NoConvolution(
                "Grad-CAM needs a convolution layer: this model has no Conv2d (nor "
                "ConvTranspose2d), so it has no map of where it looked. Add a Conv2d to the "
                "design, or look inside the model instead."
            )
        return _on_every_path(model, design, convolutions[-1])
    if layer not in model.order:
        ids = ", ".join(layer.id for layer in design.layers)
        raise BadInput(f"layer: `{layer}` is not a layer of this model: give {LAYER_HELP} ({ids}).")
    return layer


def _on_every_path(model: Network, design: Design, node: str) -> str:
    """`node`, or, when the data can reach the output without it (a convolution inside a residual
    block), the first layer after it that all the data goes through and that still gives a map
    (C, H, W): the block's output, as Grad-CAM's authors take ResNet's last block. A map of one
    branch leaves out what the skip carried, and its gradient is only that branch's share."""
    if not _bypassed(model, node):
        return node
    layers = walk_design(design, count_macs=False).layers
    later = model.order[model.order.index(node) + 1 :]
    for name in later:
        walked = layers.get(name)
        if walked is None or len(walked.output_shape) != 3:
            return node
        if not _bypassed(model, name):
            return name
    return node


def _bypassed(model: Network, node: str) -> bool:
    """Whether the data reaches the model's output by a path that does not go through `node`."""
    reached = {INPUT}
    for name in model.order:
        if name != node and any(source in reached for source in model.inputs[name]):
            reached.add(name)
    return model.output in reached


def _squashes_scores(module: nn.Module, output: torch.Tensor) -> bool:
    """Whether the model's last layer turns class scores into probabilities (Softmax or
    LogSoftmax over the classes, a Sigmoid): Grad-CAM explains the scores before it, as the
    paper does; a probability near 1 has almost no gradient (a sure digit's map was all 0)."""
    if isinstance(module, nn.Softmax | nn.LogSoftmax):
        return output.dim() == 2 and module.dim in (1, -1)
    return isinstance(module, nn.Sigmoid)


def _run_to(
    model: Network, x: torch.Tensor, node: str
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The model's output for `x`; the class scores Grad-CAM explains (the output, or what the
    last layer squashed into probabilities); and `node`'s output (1, C, h, w) as a leaf their
    gradient reaches: the layers before it run without a graph, so only the rest is kept."""
    values = {INPUT: x}
    activation: torch.Tensor | None = None
    for name in model.order:
        module = model.get_submodule(name)
        with torch.set_grad_enabled(activation is not None):
            values[name] = module(*(values[source] for source in model.inputs[name]))
        if name == node:
            if values[name].dim() != 4:
                shape = format_shape(list(values[name].shape[1:]))
                raise BadInput(
                    f"layer: `{node}` gives {shape}, not a map (C, H, W): give {LAYER_HELP}."
                )
            activation = values[name].detach().requires_grad_(True)
            values[name] = activation
    assert activation is not None
    output = values[model.output]
    last = model.get_submodule(model.output)
    if model.output != node and _squashes_scores(last, output):
        (source,) = model.inputs[model.output]
        return output, values[source], activation
    return output, output, activation
