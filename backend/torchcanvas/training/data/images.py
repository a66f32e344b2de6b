"""ZIP uploads of image folders: one folder per class, each image resized to one square size."""

import io
import struct
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
from PIL import Image, UnidentifiedImageError

from torchcanvas.training.data.class_order import ordered_classes
from torchcanvas.training.data.limits import (
    MAX_LABEL_CHARS,
    UploadError,
    UploadLimits,
    UploadTooLarge,
    UploadUnsupported,
    open_zip,
    read_member,
)
from torchcanvas.training.data.orientation import SIDEWAYS, upright_turn

Color = Literal["grayscale", "rgb"]
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}
# PIL's names of the formats of those: no other of its decoders reads what anyone sends (ICO, PCX,
# TGA and dozens more were read, whatever a file was called, each more code open to any sender).
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")
_JUNK = {"thumbs.db", "desktop.ini"}


def is_junk(parts: tuple[str, ...]) -> bool:
    """What operating systems add to archives: macOS resource forks, hidden files, thumbnails."""
    return (
        parts[0] == "__MACOSX"
        or any(p.startswith(".") for p in parts)
        or parts[-1].lower() in _JUNK
    )


def picture_words(color: Color, size: int) -> str:
    """What an uploaded ZIP's images were made, as a person reads it: "colour, 32×32"."""
    return f"{'grey' if color == 'grayscale' else 'colour'}, {size}×{size}"


def _folders(entries: list[tuple[tuple[str, ...], zipfile.ZipInfo]]) -> set[tuple[str, ...]]:
    """Every folder the ZIP holds, empty or not: its folder entries and the folders its files
    are in (a folder with only a .DS_Store in it is still one a person made)."""
    folders: set[tuple[str, ...]] = set()
    for parts, member in entries:
        inside = parts if member.is_dir() else parts[:-1]
        folders.update(inside[:depth] for depth in range(1, len(inside) + 1))
    return {folder for folder in folders if not is_junk(folder)}


def _empty_classes(folders: list[str]) -> str:
    names = ", ".join(f"`{name}`" for name in folders)
    if len(folders) == 1:
        return (
            f"The class folder {names} holds no images: add its pictures, or remove the folder "
            "if you do not mean to have that class."
        )
    return (
        f"The class folders {names} hold no images: add their pictures, or remove the folders "
        "if you do not mean to have those classes."
    )


def _class_paths(members: list[zipfile.ZipInfo]) -> list[tuple[str, zipfile.ZipInfo]]:
    """(class, member) for each image: the class is the folder the image is in. A class folder
    without images is refused, not skipped: the model would silently have one class fewer."""
    entries = [(PurePosixPath(m.filename.replace("\\", "/")).parts, m) for m in members]
    entries = [(parts, m) for parts, m in entries if parts]
    folders = _folders(entries)
    files = [(parts, m) for parts, m in entries if not m.is_dir() and not is_junk(parts)]
    if not files:
        raise UploadError(
            "The ZIP holds no images: put them in one folder per class, e.g. cats/1.png."
        )
    # One folder around all the class folders (what zipping a folder makes) is stepped into.
    tops = {parts[0] for parts, _ in files}
    around: tuple[str, ...] = ()
    if len(tops) == 1 and all(len(parts) >= 3 for parts, _ in files):
        around = (tops.pop(),)
        files = [(parts[1:], m) for parts, m in files]
    paired: list[tuple[str, zipfile.ZipInfo]] = []
    for parts, member in files:
        name = member.filename
        if PurePosixPath(parts[-1]).suffix.lower() not in IMAGE_SUFFIXES:
            raise UploadError(
                f"`{name}` is not an image ({', '.join(sorted(IMAGE_SUFFIXES))}): the ZIP must hold "
                "only image folders; remove it."
            )
        if len(parts) == 1:
            raise UploadError(
                f"`{name}` is not in a class folder: put each image in a folder named after its "
                "class, e.g. cats/1.png."
            )
        if len(parts) > 2:
            raise UploadError(
                f"`{name}` is nested too deep: put each image directly in its class folder, "
                "e.g. cats/1.png."
            )
        if len(parts[0]) > MAX_LABEL_CHARS:
            raise UploadError(
                f"The class folder `{parts[0][:40]}…` is named in {len(parts[0]):,} characters: a "
                f"class name may have at most {MAX_LABEL_CHARS}; shorten the folder's name."
            )
        paired.append((parts[0], member))
    class_folders = {f[-1] for f in folders if len(f) == len(around) + 1 and f[:-1] == around}
    empty = sorted(class_folders - {label for label, _ in paired})
    if empty:
        raise UploadError(_empty_classes(empty))
    return paired


class _Budget:
    """What decoding one upload's images may cost: pixels in all, and seconds."""

    def __init__(self, limits: UploadLimits, size: int = 0) -> None:
        self.limits, self.size = limits, size
        self.pixels = 0
        self.deadline = time.monotonic() + limits.max_decode_seconds
        self.at_size = True  # whether every image so far came `size` pixels a side

    def spend(self, name: str, width: int, height: int) -> None:
        """Counts one image's pixels before it is decoded; refuses past either budget."""
        self.at_size = self.at_size and (width, height) == (self.size, self.size)
        if width * height > self.limits.max_image_pixels:
            raise UploadError(
                f"`{name}` is {width}×{height} pixels, more than the limit of "
                f"{self.limits.max_image_pixels:,}: shrink it before zipping."
            )
        self.pixels += width * height
        if self.pixels > self.limits.max_total_pixels:
            raise UploadTooLarge(
                f"The images hold more than {self.limits.max_total_pixels:,} pixels together "
                f"(at `{name}`): shrink them to about the size they are trained at before "
                "zipping, or upload fewer."
            )
        if time.monotonic() > self.deadline:
            raise UploadTooLarge(
                f"Decoding the images took more than {self.limits.max_decode_seconds:.0f} s (at "
                f"`{name}`): shrink them to about the size they are trained at, or upload fewer."
            )


class UnreadableImage(UploadUnsupported):
    """Bytes that cannot be decoded as an image; each caller says what to do about it."""


class TooManyPixels(UploadTooLarge):
    """An image whose header promises more pixels than PIL will decode (a decompression bomb)."""


@dataclass(frozen=True)
class DecodedImage:
    """An image as a sample's bytes, and whether it had more frames than the one decoded."""

    pixels: np.ndarray  # (C, height, width) uint8
    animated: bool


# PIL only warns of a decompression bomb of MAX_IMAGE_PIXELS to twice that, and decodes it; made
# an error, it is refused as a larger one is (TooManyPixels), with our message and nothing logged.
# Each caller's own bound (check_size) is far lower, and refuses what PIL lets by.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

# What PIL raises for a damaged file, by its format: a cut PNG header (ValueError), a GIF whose
# frames point past their data (IndexError, struct.error), an APNG with a broken chunk
# (SyntaxError), a file that ends early (EOFError).
_DAMAGED = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    IndexError,
    EOFError,
    SyntaxError,
    struct.error,
)


# Modes PIL opens a 16-bit image in (a PNG's or TIFF's grey levels, 0 to 65535).
SIXTEEN_BIT = ("I", "I;16", "I;16B", "I;16L", "I;16N")


def eight_bit(image: Image.Image) -> Image.Image:
    """A 16-bit image's levels scaled to 0..255 (a level over 257); convert("L") clipped them, so
    all but its darkest 256 levels read as white. Any other image as it is."""
    if image.mode not in SIXTEEN_BIT:
        return image
    levels = np.asarray(image, dtype=np.float64)
    if image.mode == "I" and levels.max(initial=0) <= 255:
        return image  # 32-bit levels already in 0..255 (a PGM): as convert("L") always read them
    return Image.fromarray(np.clip(np.round(levels / 257), 0, 255).astype(np.uint8), "L")


def on_white(image: Image.Image) -> Image.Image:
    """A picture with transparency laid over white, as a browser shows it; any other as it is.
    convert() drops the alpha, so an icon's transparent background read as black: the dialog
    showed dark shapes on white, and the model was given them on black."""
    # Pillow's has_transparency_data, spelt out: it came in Pillow 10.1.
    if image.mode not in ("RGBA", "RGBa", "LA", "La", "PA") and "transparency" not in image.info:
        return image
    picture = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture)


def decode_image(
    data: bytes,
    height: int,
    width: int,
    color: Color,
    check_size: Callable[[int, int], None],
) -> DecodedImage:
    """An image file as every uploaded image is made into a sample: laid over white where it is
    transparent, converted to L or RGB,
    turned the way up it was taken (its EXIF Orientation), then resized with PIL's BILINEAR
    filter; an animated one's first frame. `check_size(width, height)` is called before
    anything is decoded, and raises to refuse it. A file of none of IMAGE_FORMATS is unreadable."""
    mode = "L" if color == "grayscale" else "RGB"
    try:
        with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as opened:
            check_size(opened.width, opened.height)
            turn = upright_turn(opened)
            stored = (height, width) if turn in SIDEWAYS else (width, height)
            opened.draft(mode, stored)  # JPEG: decode small
            image = on_white(eight_bit(opened)).convert(mode)
            if turn is not None:  # turned before resizing: the same sample as a picture upright
                image = image.transpose(turn)
            image = image.resize((width, height), Image.Resampling.BILINEAR)
            pixels = np.asarray(image, dtype=np.uint8)
            animated = bool(getattr(opened, "is_animated", False))
    except UploadError:  # check_size's refusal (an UploadError is a ValueError too)
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooManyPixels("The image has more pixels than are safe to decode.") from None
    except _DAMAGED:
        raise UnreadableImage("The file cannot be read as an image.") from None
    # (H, W) or (H, W, C) -> (C, H, W)
    return DecodedImage(pixels[None] if pixels.ndim == 2 else pixels.transpose(2, 0, 1), animated)


def _pixels(data: bytes, name: str, size: int, color: Color, budget: _Budget) -> np.ndarray:
    """One image as (C, size, size) bytes."""
    try:
        check = partial(budget.spend, name)
        return decode_image(data, size, size, color, check).pixels
    except UnreadableImage:
        raise UploadError(
            f"`{name}` cannot be read as an image: remove it, or save it again as PNG or JPEG."
        ) from None
    except TooManyPixels:  # refused by PIL from its header, before budget.spend saw it
        raise UploadError(
            f"`{name}` has more pixels than the limit of {budget.limits.max_image_pixels:,}: "
            "shrink it before zipping."
        ) from None


def read_image_zip(
    path: Path,
    file_name: str,
    size: int,
    color: Color,
    limits: UploadLimits,
    class_order: list[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str], bool]:
    """The images as (N, C, size, size) bytes, their class indices, the class names (in
    `class_order` where it is given, else sorted), and whether every image came at that size
    (as Make an image dataset sends them): none was resized here."""
    with open_zip(path, file_name, limits) as archive:
        paired = _class_paths(archive.infolist())
        folders = {label for label, _ in paired}
        if len(folders) > limits.max_classes:
            raise UploadError(
                f"The ZIP has {len(folders):,} class folders, more than the limit of {limits.max_classes:,}."
            )
        classes = ordered_classes(folders, class_order or [])
        if len(classes) < 2:
            raise UploadError(
                f"The ZIP has one class folder, `{classes[0]}`: a classifier needs at least two, "
                "one folder per class."
            )
        index = {label: i for i, label in enumerate(classes)}
        budget = _Budget(limits, size)
        try:
            x = np.stack(
                [
                    _pixels(read_member(archive, m), m.filename, size, color, budget)
                    for _, m in paired
                ]
            )
        except zipfile.BadZipFile as exc:
            raise UploadError(f"The ZIP is damaged ({exc}): zip the folders again.") from None
    y = np.array([index[label] for label, _ in paired], dtype=np.int64)
    return x, y, classes, budget.at_size
