"""Trying an image model on a picture: the sample a picture makes is the dataset's own, to the
byte, so the answer is the one `predict` gives for the stored sample; bad files get a 4xx."""

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from PIL import Image

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.oriented_files import (
    DAMAGED_EXIF,
    QUARTER_TURNS,
    exif_block,
    saved,
    sideways,
    turned_by_hand,
)
from tests.backend.upload_files import png_header, shapes_zip, write_cifar10, write_mnist
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.downloads import download_folder
from torchcanvas.training.data.images import IMAGE_FORMATS
from torchcanvas.training.data.info import ArraySplit, describe
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.pictures import NotForPictures, picture_sample
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder

LIMITS = UploadLimits()


def png(pixels: np.ndarray) -> bytes:
    """(H, W) or (H, W, 3) bytes as a PNG file."""
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def as_picture(sample: torch.Tensor) -> np.ndarray:
    """A stored (C, H, W) sample in [0, 1] as the bytes of a picture: (H, W) or (H, W, 3)."""
    pixels = (sample * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()  # (H, W, C)
    return pixels[:, :, 0] if pixels.shape[2] == 1 else pixels


@pytest.mark.parametrize("name", ["digits", "mnist", "fashion_mnist", "cifar10"])
def test_a_picture_of_a_stored_sample_is_that_sample(name: str, tmp_path: Path) -> None:
    """Each built-in image set: its own images, saved as pictures, come back as its samples."""
    if name in ("mnist", "fashion_mnist"):
        write_mnist(download_folder(tmp_path, name), train=20, test=10)
    elif name == "cifar10":
        write_cifar10(download_folder(tmp_path, name))
    info = find_dataset(name, tmp_path)
    split = load_split(name, tmp_path)
    for sample in split.x_train[:5]:
        made = picture_sample(png(as_picture(sample)), info.sample_shape, info, LIMITS)
        assert torch.equal(made.x, sample)
    assert info.pictures is not None and info.pictures.looks


def test_bytes_of_any_image_shape_take_pictures_and_numbers_do_not() -> None:
    """An NPZ of (H, W) bytes, not square: a picture of a sample, 10 wide and 6 high, is it."""
    x = np.random.default_rng(0).integers(0, 256, (12, 6, 10), dtype=np.uint8)
    split = ArraySplit(x[:10], np.arange(10) % 2, x[10:], np.arange(2))
    info = describe("upload-0123456789ab", "wide.npz", "", "classification", ["a", "b"], split)
    made = picture_sample(png(x[3]), [6, 10], info, LIMITS)
    assert torch.equal(made.x, split.tensors("classification").x_train[3])
    numbers = ArraySplit(x[:10] / 255, np.arange(10) % 2, x[10:] / 255, np.arange(2))
    info = describe("upload-0123456789ab", "wide.npz", "", "classification", ["a", "b"], numbers)
    with pytest.raises(NotForPictures, match="values are not pictures' bytes"):
        picture_sample(png(x[3]), [6, 10], info, LIMITS)


@pytest.mark.parametrize(
    ("kept", "levels"),
    [
        ({"name": "digits", "source": "builtin"}, 16),
        ({"name": "cifar10", "source": "download"}, 255),
        ({"name": "upload-0123456789ab", "source": "upload", "format": "zip"}, 255),
        ({"name": "upload-0123456789ab", "source": "upload", "format": "npz"}, None),
    ],
)
def test_a_run_kept_before_pictures_takes_them_as_its_dataset_does(
    kept: dict[str, str], levels: int | None, tmp_path: Path
) -> None:
    """A run's dataset.json written before datasets said whether they take pictures."""
    info = {
        "title": "old",
        "help": "",
        "task": "classification",
        "sample_shape": [3, 32, 32],
        "target_shape": [],
        "classes": ["a", "b"],
        "train_size": 8,
        "val_size": 2,
        **kept,
    }
    folder = RunFolder(tmp_path)
    folder.dataset.write_text(json.dumps(info))
    read = run_dataset(folder, kept["name"], None)
    assert read is not None
    assert (read.pictures.levels if read.pictures else None) == levels


def trained(client: TestClient, design: dict[str, Any], **training: Any) -> str:
    reply = client.post(
        "/api/runs", json={"design": design, "training": {**DIGITS_TRAINING, **training}}
    )
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    return run_id


@pytest.fixture(scope="module")
def digits_run(client: TestClient) -> str:
    return trained(client, DIGITS_CNN, epochs=1)


def send(client: TestClient, url: str, data: bytes, kind: str = "image/png") -> Any:
    return client.post(url, content=data, headers={"Content-Type": kind})


def predicted(client: TestClient, run_id: str, sample: torch.Tensor) -> list[float]:
    """What `predict` gives for a stored sample: the oracle."""
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": sample.flatten().tolist()})
    assert reply.status_code == 200, reply.text
    probabilities: list[float] = reply.json()["probabilities"]
    return probabilities


def test_a_grey_picture_gets_what_predict_gives_its_sample(
    client: TestClient, digits_run: str
) -> None:
    sample = load_split("digits").x_val[7]  # (1, 8, 8), sixteenths in [0, 1]
    reply = send(client, f"/api/runs/{digits_run}/predict-image", png(as_picture(sample)))
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    torch.testing.assert_close(
        torch.tensor(answer["probabilities"]),
        torch.tensor(predicted(client, digits_run, sample)),
        rtol=0,
        atol=1e-6,
    )
    assert answer["classes"] == [str(d) for d in range(10)] and answer["note"] is None
    seen = answer["seen"]
    assert (seen["height"], seen["width"], seen["channels"]) == (8, 8, 1)
    assert seen["pixels"] == as_picture(sample).reshape(-1).tolist()


def test_a_picture_sent_in_a_form_or_json_says_to_send_its_bytes(
    client: TestClient, digits_run: str
) -> None:
    # It was read whole as a picture, and "cannot be read as a picture" of a PNG misled.
    picture = png(as_picture(load_split("digits").x_val[0]))
    path = f"/api/runs/{digits_run}/predict-image"
    form = client.post(path, files={"file": ("a.png", picture, "image/png")})
    json_body = client.post(path, json={"picture": "a.png"})
    for reply, inside in [(form, "a form (multipart/form-data)"), (json_body, "JSON")]:
        assert (reply.status_code, reply.json()["detail"]) == (
            415,
            f"The picture came inside {inside}: send the picture's own bytes as the body, with "
            "its type, such as curl --data-binary @cat.png -H 'Content-Type: image/png'.",
        )


def test_a_colour_picture_from_an_upload_is_its_stored_sample(
    client: TestClient, data_dir: Path
) -> None:
    """One of a ZIP's own images, sent as it was zipped: the model sees the stored sample."""
    zipped = shapes_zip(per_class=10, size=20)
    reply = client.post(
        "/api/datasets",
        files={"file": ("shapes.zip", zipped)},
        data={"image_size": "16", "color": "rgb"},
    )
    assert reply.status_code == 201, reply.text
    dataset = reply.json()["id"]
    design = {
        "version": 1,
        "name": "shapes",
        "input_shape": [3, 16, 16],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    run_id = trained(client, design, dataset=dataset, epochs=1, batch_size=8)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        picture = archive.read("shapes/crosses/3.png")  # 20 wide, 24 high: resized both ways
    reply = send(client, f"/api/runs/{run_id}/predict-image", picture)
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    seen = np.array(answer["seen"]["pixels"], dtype=np.uint8).reshape(16, 16, 3)
    split = load_split(dataset, data_dir)
    stored = torch.cat([split.x_train, split.x_val])  # (N, 3, 16, 16)
    matches = [i for i, x in enumerate(stored) if np.array_equal(as_picture(x), seen)]
    assert len(matches) == 1, "the picture the model saw is not one of the stored samples"
    torch.testing.assert_close(
        torch.tensor(answer["probabilities"]),
        torch.tensor(predicted(client, run_id, stored[matches[0]])),
        rtol=0,
        atol=1e-6,
    )
    assert answer["classes"] == ["crosses", "squares"]


def test_a_share_link_takes_pictures_and_a_stranger_gets_404(
    client: TestClient, digits_run: str
) -> None:
    picture = png(as_picture(load_split("digits").x_val[0]))
    share = client.post(f"/api/runs/{digits_run}/shares", json={})
    assert share.status_code == 201, share.text
    token = share.json()["url"].rsplit("/", 1)[1]
    stranger = TestClient(client.app)
    owners = send(client, f"/api/runs/{digits_run}/predict-image", picture).json()
    shared = send(stranger, f"/api/shared/{token}/predict-image", picture)
    assert shared.status_code == 200, shared.text
    assert shared.json()["probabilities"] == owners["probabilities"]
    refused = send(stranger, f"/api/runs/{digits_run}/predict-image", picture)
    assert refused.status_code == 404
    assert refused.json()["detail"].startswith(f"Run {digits_run} is not among this browser's runs")


def test_an_animated_picture_is_seen_by_its_first_frame(
    client: TestClient, digits_run: str
) -> None:
    frames = [Image.fromarray(np.full((8, 8), v, np.uint8)) for v in (255, 0)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    reply = send(client, f"/api/runs/{digits_run}/predict-image", out.getvalue(), "image/gif")
    assert reply.status_code == 200, reply.text
    assert reply.json()["note"] == "The picture is animated: the model saw its first frame."
    assert set(reply.json()["seen"]["pixels"]) == {255}


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
@pytest.mark.parametrize("orientation", QUARTER_TURNS)
def test_a_sideways_photo_is_seen_upright(
    client: TestClient, digits_run: str, orientation: int, image_format: str
) -> None:
    """A phone's photo, stored sideways with an EXIF Orientation: the model is shown the picture
    turned upright by hand, to the byte; 10 wide and 14 high, so that a turn changes what it sees."""
    upright = np.random.default_rng(orientation).integers(0, 256, (14, 10), dtype=np.uint8)
    photo = saved(sideways(upright, orientation), image_format, exif_block(orientation))
    url = f"/api/runs/{digits_run}/predict-image"
    reply = send(client, url, photo, f"image/{image_format.lower()}")
    oracle = send(client, url, turned_by_hand(photo, orientation))
    assert reply.status_code == oracle.status_code == 200, reply.text
    assert _seen_and_answer(reply.json()) == _seen_and_answer(oracle.json())
    as_stored = send(client, url, saved(sideways(upright, orientation), image_format))
    assert as_stored.json()["seen"] != oracle.json()["seen"]


@pytest.mark.parametrize("damage", DAMAGED_EXIF)
def test_a_photo_whose_exif_is_damaged_is_seen_as_stored(
    client: TestClient, digits_run: str, damage: str
) -> None:
    stored = np.random.default_rng(0).integers(0, 256, (14, 10), dtype=np.uint8)
    url = f"/api/runs/{digits_run}/predict-image"
    reply = send(client, url, saved(stored, "PNG", DAMAGED_EXIF[damage]))
    assert reply.status_code == 200, reply.text
    assert _seen_and_answer(reply.json()) == _seen_and_answer(send(client, url, png(stored)).json())


def _seen_and_answer(reply: dict[str, Any]) -> tuple[Any, Any]:
    return reply["seen"], reply["probabilities"]


def test_a_large_photo_is_taken_past_the_json_limit(client: TestClient, digits_run: str) -> None:
    """A phone's photo is larger than a design (the 1 MiB JSON limit): it has a limit of its own."""
    photo = png(np.random.default_rng(0).integers(0, 256, (800, 900, 3), dtype=np.uint8))
    assert 2**20 < len(photo) < LIMITS.max_picture_bytes
    reply = send(client, f"/api/runs/{digits_run}/predict-image", photo)
    assert reply.status_code == 200, reply.text


def saved_as(kind: str) -> bytes:
    """An 8×8 grey picture in one of PIL's formats."""
    out = io.BytesIO()
    Image.fromarray(np.full((8, 8), 200, np.uint8)).save(out, format=kind)
    return out.getvalue()


UNREADABLE = (
    "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."
)
BAD_PICTURES = [
    # Read by PIL, but no upload's: each decoder is more code open to any sender.
    *[(saved_as(kind), 415, UNREADABLE) for kind in ("ICO", "PPM", "TGA", "PCX", "SGI")],
    (b"just some words", 415, "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."),
    (b"", 415, "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."),
    (png(np.zeros((8, 8), np.uint8))[:40], 415, "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."),
    (png_header(8, 8, header_bytes=12), 415, "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."),
    (png_header(5000, 4000), 413, "The picture is 5,000×4,000 pixels, more than the limit of 16,777,216: shrink it to at most 4096×4096."),
    (png_header(10000, 10000), 413, "The picture has more pixels than the limit of 16,777,216: shrink it to at most 4096×4096."),  # PIL's warning
    (png_header(20000, 20000), 413, "The picture has more pixels than the limit of 16,777,216: shrink it to at most 4096×4096."),
    (bytes(LIMITS.max_picture_bytes + 1), 413, "The picture is larger than the limit of 10 MiB: shrink it, or save it as JPEG."),
]  # fmt: skip


@pytest.mark.parametrize("kind", IMAGE_FORMATS)
def test_each_format_an_upload_takes_is_taken_and_named_in_the_refusal(
    client: TestClient, digits_run: str, kind: str
) -> None:
    """BMP and TIFF were taken, but the refusal of a file named only PNG, JPEG, WebP or GIF."""
    reply = send(client, f"/api/runs/{digits_run}/predict-image", saved_as(kind))
    assert reply.status_code == 200, reply.text
    refusal = send(client, f"/api/runs/{digits_run}/predict-image", b"just some words")
    assert {"WEBP": "WebP"}.get(kind, kind) in refusal.json()["detail"]


@pytest.mark.parametrize(("data", "status", "message"), BAD_PICTURES)
def test_bad_files_are_refused_saying_what_to_do(
    client: TestClient, digits_run: str, data: bytes, status: int, message: str
) -> None:
    reply = send(client, f"/api/runs/{digits_run}/predict-image", data)
    assert (reply.status_code, reply.json()["detail"]) == (status, message)


def test_a_model_that_takes_no_pictures_says_its_shape(client: TestClient) -> None:
    design = {
        "version": 1,
        "name": "wine",
        "input_shape": [13],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
    }
    run_id = trained(client, design, dataset="wine", epochs=1)
    reply = send(client, f"/api/runs/{run_id}/predict-image", png(np.zeros((8, 8), np.uint8)))
    assert reply.status_code == 422
    assert reply.json()["detail"] == (
        "This model takes samples of shape (13), not pictures: pictures are (1, H, W), "
        "(3, H, W) or (H, W). Give it numbers with predict instead."
    )
