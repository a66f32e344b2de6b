"""A tensor as bytes a page can draw: a few small greyscale tiles or a strip of values, each byte
a step between the tensor's own min and max. Bounded, so any layer's reply stays small."""

import base64
import math
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import BaseModel, Field

MAX_TILES = 16  # channels (or kernels) sent as tiles; the rest are counted, not sent
MAX_SIDE = 64  # a tile's height and width at most: a larger map is averaged down to fit
MAX_VALUES = 256  # values of a vector sent as a strip: the first ones
LEVELS = 255  # a byte's steps between min and max


class Quantised(BaseModel):
    """Values sent as bytes: each value is about min + byte × (max − min) / 255."""

    view: Literal["tiles", "strip"] = Field(
        description="tiles: one greyscale image a channel; strip: a row of values."
    )
    shape: list[int] = Field(
        description="The bytes' shape: (tiles, height, width) for tiles, (values,) for a strip."
    )
    of: int = Field(description="How many tiles (channels, kernels) or values the tensor holds.")
    scaled_from: list[int] | None = Field(
        description="Each tile's (height, width) before it was averaged down to fit; null if not."
    )
    min: float = Field(description="The smallest value of the whole tensor: byte 0.")
    max: float = Field(description="The largest value of the whole tensor: byte 255.")
    data: str = Field(description="The bytes, base64, in row-major order of `shape`.")


def quantise(values: torch.Tensor) -> Quantised:
    """One sample's tensor, without a batch: (C, H, W) or more as tiles, (H, W) as one tile,
    (N,) as a strip."""
    values = values.detach().float().cpu()
    low, high = (float(end) for end in torch.aminmax(values))  # NaN if any value is NaN
    if values.dim() >= 2:
        maps = values.reshape(-1, *values.shape[-2:])  # (..., H, W) -> (tiles, H, W)
        shown, scaled_from = _fit(maps[:MAX_TILES])
        view: Literal["tiles", "strip"] = "tiles"
        of = maps.shape[0]
    else:
        shown, scaled_from, view = values.reshape(-1)[:MAX_VALUES], None, "strip"
        of = values.numel()
    return Quantised(
        view=view,
        shape=list(shown.shape),
        of=of,
        scaled_from=scaled_from,
        min=low,
        max=high,
        data=base64.b64encode(_bytes(shown, low, high)).decode("ascii"),
    )


def encoded_bytes(quantised: Quantised) -> int:
    """The bytes `quantised` sends, before base64."""
    return math.prod(quantised.shape)


def _fit(maps: torch.Tensor) -> tuple[torch.Tensor, list[int] | None]:
    """Tiles no larger than MAX_SIDE a side, each averaged over the pixels it stands for."""
    height, width = maps.shape[-2:]
    if height <= MAX_SIDE and width <= MAX_SIDE:
        return maps, None
    size = (min(height, MAX_SIDE), min(width, MAX_SIDE))
    pooled = F.adaptive_avg_pool2d(maps.unsqueeze(0), size).squeeze(0)  # (T, H, W) -> (T, h, w)
    return pooled, [height, width]


def _bytes(values: torch.Tensor, low: float, high: float) -> bytes:
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return bytes(values.numel())
    steps = ((values.double() - low) * (LEVELS / span)).round().clamp_(0, LEVELS)
    return steps.to(torch.uint8).numpy().tobytes()
