"""A photo stored sideways with an EXIF Orientation is made into the sample of the picture turned
upright by hand; a damaged EXIF block leaves the picture as stored, never an error."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.backend.oriented_files import (
    DAMAGED_EXIF,
    QUARTER_TURNS,
    exif_block,
    saved,
    sideways,
    turned_by_hand,
)
from torchcanvas.training.data.images import read_image_zip
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.orientation import exif_orientation


@pytest.mark.parametrize("endian", ["<", ">"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_tag_reads_as_pil_reads_it(orientation: int, endian: str) -> None:
    block = exif_block(orientation, endian)
    with Image.open(io.BytesIO(saved(np.zeros((4, 6), np.uint8), "JPEG", block))) as image:
        assert image.getexif()[0x0112] == orientation
    assert exif_orientation(block) == orientation


@pytest.mark.parametrize("damage", DAMAGED_EXIF)
def test_a_damaged_block_reads_as_stored(damage: str) -> None:
    assert exif_orientation(DAMAGED_EXIF[damage]) == 1


def _zip(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "TIFF"])
def test_a_zip_of_sideways_photos_gives_the_samples_of_upright_ones(
    image_format: str, tmp_path: Path
) -> None:
    """Each class folder holds pictures 10 wide and 14 high, stored turned each way a phone turns
    them; the oracle is a ZIP of the same pictures turned upright by hand, with no EXIF."""
    rng = np.random.default_rng(0)
    suffix = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "TIFF": ".tif"}[image_format]
    tagged: dict[str, bytes] = {}
    upright: dict[str, bytes] = {}
    for label in ("a", "b"):
        for orientation in QUARTER_TURNS:
            picture = rng.integers(0, 256, (14, 10, 3), dtype=np.uint8)  # (H, W, C), upright
            stored = saved(sideways(picture, orientation), image_format, exif_block(orientation))
            tagged[f"{label}/{orientation}{suffix}"] = stored
            upright[f"{label}/{orientation}.png"] = turned_by_hand(stored, orientation)
    args = (7, "rgb", UploadLimits())  # resized to 7×7: sideways, the rows would be columns
    x, y, classes, _ = read_image_zip(_zip(tmp_path, "tagged.zip", tagged), "tagged.zip", *args)
    want, want_y, _, _ = read_image_zip(
        _zip(tmp_path, "upright.zip", upright), "upright.zip", *args
    )
    assert np.array_equal(x, want) and np.array_equal(y, want_y) and classes == ["a", "b"]


def test_a_16_bit_pngs_levels_are_scaled_to_bytes_not_clipped(tmp_path: Path) -> None:
    """A 16-bit grey ramp (0 to 65535) read as L was clipped at 255: all but one pixel white."""
    ramp = np.linspace(0, 65535, 16 * 16).reshape(16, 16).astype(np.uint16)
    picture = io.BytesIO()
    Image.fromarray(ramp).save(picture, format="PNG")
    members = {f"{c}/{i}.png": picture.getvalue() for c in ("a", "b") for i in range(2)}
    x, _, _, _ = read_image_zip(
        _zip(tmp_path, "scans.zip", members), "scans.zip", 16, "grayscale", UploadLimits()
    )
    assert np.array_equal(np.asarray(x[0, 0]), np.round(ramp / 257).astype(np.uint8))
