"""A picture made into one sample of an image dataset, as its own images were: the same decoding,
resizing and scaling, so that a model is shown a new photo exactly as it was shown its training."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch

from torchcanvas.design.schema import format_shape
from torchcanvas.problems import Invalid
from torchcanvas.sizes import size_text
from torchcanvas.training.data.images import (
    IMAGE_FORMATS,
    Color,
    TooManyPixels,
    UnreadableImage,
    decode_image,
)
from torchcanvas.training.data.info import DatasetInfo, image_shape
from torchcanvas.training.data.limits import UploadLimits, UploadTooLarge

# Every format decode_image reads, as people write them: naming only the common four sent a
# BMP's or TIFF's sender elsewhere, though those were taken too.
_NAMES = [{"WEBP": "WebP"}.get(name, name) for name in IMAGE_FORMATS]
PICTURE_TYPES = f"{', '.join(_NAMES[:-1])} or {_NAMES[-1]}"  # "PNG, JPEG, GIF, BMP, WebP or TIFF"


class NotForPictures(Invalid, ValueError):
    """A model whose samples a picture cannot be made into."""


@dataclass(frozen=True)
class PictureSample:
    """One picture as a sample, and what the model is shown of it."""

    x: torch.Tensor  # the sample, shaped as the dataset's: (C, H, W) or (H, W), values in [0, 1]
    seen: np.ndarray  # (H, W, C) bytes: the sample as an image, for people to look at
    animated: bool  # only its first frame was used


def picture_sample(
    data: bytes,
    shape: list[int],
    info: DatasetInfo | None,
    limits: UploadLimits,
    spend: Callable[[int, int], None] | None = None,
) -> PictureSample:
    """The sample of shape `shape` that a picture's file makes for a model trained on `info`;
    `spend(width, height)`, where given, is called before it is decoded (a set's budget)."""
    image = image_shape(shape)
    if image is None:
        raise NotForPictures(
            f"This model takes samples of shape {format_shape(shape)}, not pictures: pictures "
            "are (1, H, W), (3, H, W) or (H, W). Give it numbers with predict instead."
        )
    pictures = info.pictures if info is not None else None
    if pictures is None:
        what = f"`{info.title}`" if info is not None else "its dataset"
        raise NotForPictures(
            f"This model's samples of shape {format_shape(shape)} come from {what}, whose "
            "values are not pictures' bytes, so a picture cannot be made into one: give it "
            "numbers with predict instead."
        )
    if len(data) > limits.max_picture_bytes:
        raise UploadTooLarge(
            f"The picture is {size_text(len(data))}, more than the limit of "
            f"{size_text(limits.max_picture_bytes)}: shrink it, or save it as JPEG."
        )
    channels, height, width = image
    color: Color = "rgb" if channels == 3 else "grayscale"
    try:
        check = partial(_check_pixels, limits, spend)
        decoded = decode_image(data, height, width, color, check)
    except UnreadableImage:
        raise UnreadableImage(
            f"The file cannot be read as a picture: choose a {PICTURE_TYPES} image."
        ) from None
    except TooManyPixels:  # refused by PIL from its header, before _check_pixels saw it
        raise UploadTooLarge(_too_many("The picture has more pixels than", limits)) from None
    # Bytes rounded to the dataset's levels, then scaled as its samples were (info.py):
    # (C, H, W) bytes -> (C, H, W) whole steps in 0..levels -> values in [0, 1]
    levels = pictures.levels
    steps = np.rint(decoded.pixels.astype(np.float64) * (levels / 255))
    x = torch.from_numpy(steps.astype(np.float32)).div_(levels)
    seen = np.rint(steps * (255 / levels)).astype(np.uint8).transpose(1, 2, 0)  # (H, W, C)
    return PictureSample(x.reshape(shape), seen, decoded.animated)


def _check_pixels(
    limits: UploadLimits, spend: Callable[[int, int], None] | None, width: int, height: int
) -> None:
    """Refuses a picture of more pixels than one uploaded image may hold, before it is decoded."""
    if width * height > limits.max_image_pixels:
        raise UploadTooLarge(
            _too_many(f"The picture is {width:,}×{height:,} pixels, more than", limits)
        )
    if spend is not None:
        spend(width, height)


def _too_many(what: str, limits: UploadLimits) -> str:
    side = math.isqrt(limits.max_image_pixels)
    return f"{what} the limit of {limits.max_image_pixels:,}: shrink it to at most {side}×{side}."
