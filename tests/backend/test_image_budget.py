"""Decoding an upload's images has a pixel budget and a time budget, checked before each decode."""

import zipfile
from pathlib import Path

import pytest

from tests.backend.upload_files import png_header, shapes_zip
from torchcanvas.api.problem_status import status_of
from torchcanvas.training.data.images import read_image_zip
from torchcanvas.training.data.limits import UploadError, UploadLimits


@pytest.fixture
def images(tmp_path: Path) -> Path:
    path = tmp_path / "shapes.zip"
    path.write_bytes(shapes_zip(per_class=10, size=20))  # 20 images of 20×20 and 20 of 24×20
    return path


def test_images_within_both_budgets_are_read(images: Path) -> None:
    x, _, classes, _ = read_image_zip(images, "shapes.zip", 8, "rgb", UploadLimits())
    assert x.shape == (20, 3, 8, 8)
    assert classes == ["crosses", "squares"]


def test_more_pixels_than_the_budget_are_refused(images: Path) -> None:
    limits = UploadLimits(max_total_pixels=5 * 24 * 20)
    with pytest.raises(UploadError, match="pixels together") as refusal:
        read_image_zip(images, "shapes.zip", 8, "rgb", limits)
    assert status_of(refusal.value) == 413


def test_decoding_past_the_time_budget_is_refused(images: Path) -> None:
    limits = UploadLimits(max_decode_seconds=-1)  # already spent: refused at the first image
    with pytest.raises(UploadError, match="Decoding the images took more than") as refusal:
        read_image_zip(images, "shapes.zip", 8, "rgb", limits)
    assert status_of(refusal.value) == 413


@pytest.mark.parametrize(
    ("width", "height", "says"),
    [
        (5000, 4000, "is 5000×4000 pixels, more than"),
        (10000, 10000, "has more pixels than"),  # where PIL only warns
        (20000, 20000, "has more pixels than"),
    ],
)
def test_an_image_whose_header_claims_too_many_pixels_is_named(
    images: Path, width: int, height: int, says: str
) -> None:
    """A few bytes that promise 20 M, 100 M or 400 M pixels, refused before they are decoded."""
    with zipfile.ZipFile(images, "a") as archive:
        archive.writestr("shapes/squares/bomb.png", png_header(width, height))
    with pytest.raises(UploadError) as refusal:
        read_image_zip(images, "shapes.zip", 8, "rgb", UploadLimits())
    limit = "the limit of 16,777,216: shrink it before zipping."
    assert str(refusal.value) == f"`shapes/squares/bomb.png` {says} {limit}"
