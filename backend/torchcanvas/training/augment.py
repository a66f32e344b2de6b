"""Random changes to a run's training images, drawn per epoch and applied to each batch on the device.

An epoch draws every sample's changes at once, from the run's seeded shuffle generator, right
after its order: a run goes on from a checkpoint mid-epoch with the same draws, and the exported
script copies the functions below as they are (training/script_augment.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from torchcanvas.design.params import resolve_params
from torchcanvas.training.catalog import AUGMENTATIONS
from torchcanvas.training.data import DatasetInfo


def draw_flips(n: int, p: float, generator: torch.Generator) -> torch.Tensor:
    """Which of n images are mirrored, each with probability p."""
    return torch.rand(n, generator=generator) < p  # (n,)


def flip(x: torch.Tensor, flips: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) images, those where `flips` is true mirrored left to right."""
    return torch.where(flips[:, None, None, None], x.flip(-1), x)


def draw_shifts(n: int, padding: int, generator: torch.Generator) -> torch.Tensor:
    """Where each of n crops starts in its padded image: (n, 2) rows and columns, 0 to 2 × padding."""
    return torch.randint(0, 2 * padding + 1, (n, 2), generator=generator)


def crop(x: torch.Tensor, shifts: torch.Tensor, padding: int) -> torch.Tensor:
    """(B, C, H, W) images padded with `padding` zeros on each side, then cut to H × W at `shifts`."""
    B, _, H, W = x.shape  # batch, channels, height, width
    padded = F.pad(x, (padding, padding, padding, padding))  # (B, C, H+2P, W+2P)
    padded = padded.permute(0, 2, 3, 1)  # (B, H+2P, W+2P, C): one gather picks every channel
    rows = shifts[:, :1] + torch.arange(H, device=x.device)  # (B, H)
    columns = shifts[:, 1:] + torch.arange(W, device=x.device)  # (B, W)
    samples = torch.arange(B, device=x.device)[:, None, None]  # (B, 1, 1)
    cut = padded[samples, rows[:, :, None], columns[:, None, :]]  # (B, H, W, C)
    return cut.permute(0, 3, 1, 2)  # (B, H, W, C) -> (B, C, H, W)


def draw_jitters(
    n: int, brightness: float, contrast: float, generator: torch.Generator
) -> torch.Tensor:
    """Each of n images' brightness and contrast factors, (n, 2), uniform in 1 ± each."""
    spread = torch.tensor([brightness, contrast])
    return 1 + (2 * torch.rand(n, 2, generator=generator) - 1) * spread


def jitter(x: torch.Tensor, factors: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) images in [0, 1] scaled in brightness, then in contrast about their grey
    mean, as torchvision's ColorJitter does."""
    x = (x * factors[:, 0, None, None, None]).clamp(0, 1)
    # Red, green and blue weighed into grey as torchvision does; other images' channels averaged.
    rgb = x.shape[1] == 3
    grey = (
        0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2] if rgb else x.mean(dim=1)
    )  # (B, H, W)
    grey = grey.mean(dim=(1, 2))[:, None, None, None]  # (B, H, W) -> (B, 1, 1, 1)
    return ((x - grey) * factors[:, 1, None, None, None] + grey).clamp(0, 1)


@dataclass(frozen=True)
class Steps:
    """How one augmentation draws and applies, and which of its params each function takes."""

    draw: Callable[..., torch.Tensor]
    apply: Callable[..., torch.Tensor]
    draw_params: tuple[str, ...]
    apply_params: tuple[str, ...] = ()


# One entry for each of the catalogue's augmentations (a test checks they match).
STEPS: dict[str, Steps] = {
    "RandomHorizontalFlip": Steps(draw_flips, flip, ("p",)),
    "RandomCrop": Steps(draw_shifts, crop, ("padding",), ("padding",)),
    "ColorJitter": Steps(draw_jitters, jitter, ("brightness", "contrast")),
}


def takes_augmentation(info: DatasetInfo) -> bool:
    """Whether a dataset's samples are images, (C, H, W), that augmentations can change."""
    return info.pictures is not None and len(info.sample_shape) == 3


def chosen_augmentations(wanted: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The asked-for augmentations in the catalogue's order, their params with defaults filled in."""
    return [
        (spec.name, resolve_params(spec.params, wanted[spec.name], None, spec.name)[0])
        for spec in AUGMENTATIONS
        if spec.name in wanted
    ]


class Augmenter:
    """A run's augmentations: an epoch's draws, then each batch changed by its share of them."""

    def __init__(self, wanted: dict[str, dict[str, Any]], device: torch.device) -> None:
        self.chosen = chosen_augmentations(wanted)
        self.device = device

    def draw(self, n: int, generator: torch.Generator) -> list[torch.Tensor]:
        """The changes of an epoch's n samples, in the epoch's order, on the device."""
        return [
            STEPS[name]
            .draw(n, *[params[p] for p in STEPS[name].draw_params], generator)
            .to(self.device)
            for name, params in self.chosen
        ]

    def apply(self, x: torch.Tensor, drawn: list[torch.Tensor], start: int) -> torch.Tensor:
        """The batch of the epoch's samples from `start` on, each with its drawn changes."""
        memory = torch.channels_last if _channels_last(x) else torch.contiguous_format
        stop = start + len(x)
        for (name, params), draws in zip(self.chosen, drawn, strict=True):
            steps = STEPS[name]
            x = steps.apply(x, draws[start:stop], *[params[p] for p in steps.apply_params])
        return x.contiguous(memory_format=memory)


def _channels_last(x: torch.Tensor) -> bool:
    return not x.is_contiguous() and x.is_contiguous(memory_format=torch.channels_last)
