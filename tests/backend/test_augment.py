"""Augmentations of training images: torch as the oracle for each change, and runs that draw them."""

from pathlib import Path
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from fastapi.testclient import TestClient
from safetensors.torch import load_file

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.augment import (
    STEPS,
    Augmenter,
    crop,
    draw_flips,
    draw_shifts,
    flip,
    jitter,
)
from torchcanvas.training.catalog import AUGMENTATIONS
from torchcanvas.training.data import DatasetInfo, load_split
from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.events import EpochEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.setting_issues import augmentation_issues
from torchcanvas.training.settings import TrainingSettings

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

torch.set_num_threads(1)  # as in a worker; the machine's other core serves other tests

ALL = {"RandomHorizontalFlip": {}, "RandomCrop": {"padding": 3}, "ColorJitter": {}}


def _images(n: int = 6, channels: int = 3) -> torch.Tensor:
    return torch.rand(n, channels, 5, 7, generator=torch.Generator().manual_seed(1))


def test_every_catalogued_augmentation_draws_and_applies() -> None:
    assert [spec.name for spec in AUGMENTATIONS] == list(STEPS)
    for spec in AUGMENTATIONS:
        names = {p.name for p in spec.params}
        assert set(STEPS[spec.name].draw_params) | set(STEPS[spec.name].apply_params) == names


def test_flip_mirrors_the_drawn_images_as_torch_flip() -> None:
    x, flips = _images(), draw_flips(6, 0.5, torch.Generator().manual_seed(0))
    assert 0 < int(flips.sum()) < 6  # these draws flip some images and keep others
    out = flip(x, flips)
    for i in range(len(x)):
        assert torch.equal(out[i], torch.flip(x[i], dims=[-1]) if flips[i] else x[i])


def test_crop_cuts_the_zero_padded_image_at_the_drawn_offsets() -> None:
    x, padding = _images(), 2
    shifts = draw_shifts(6, padding, torch.Generator().manual_seed(0))  # (B, 2): row, column
    assert len(set(map(tuple, shifts.tolist()))) > 1
    out = crop(x, shifts, padding)
    padded = F.pad(x, (padding,) * 4)
    for i, (top, left) in enumerate(shifts.tolist()):
        assert torch.equal(out[i], padded[i, :, top : top + 5, left : left + 7])
    assert torch.equal(crop(x, torch.full((6, 2), padding), padding), x)  # the middle: unchanged


@pytest.mark.parametrize("channels", [1, 3])
def test_jitter_scales_brightness_then_contrast_about_the_grey_mean(channels: int) -> None:
    x = _images(channels=channels)
    factors = torch.tensor([[1.0, 1.0], [1.3, 1.0], [0.7, 1.0], [1.0, 1.5], [1.0, 0.6], [1.2, 0.8]])
    out = jitter(x, factors)
    for i, (brightness, contrast) in enumerate(factors.tolist()):
        image = (x[i] * brightness).clamp(0, 1)
        # torchvision's grey: 0.299 R + 0.587 G + 0.114 B, averaged over the image
        rgb = torch.tensor([0.299, 0.587, 0.114])[:, None, None]
        grey = (image * rgb).sum(0).mean() if channels == 3 else image.mean()
        expected = ((image - grey) * contrast + grey).clamp(0, 1)
        torch.testing.assert_close(out[i], expected, rtol=0, atol=1e-6)
    assert torch.equal(out[0], x[0])


def test_an_epochs_draws_come_from_the_generator_and_batches_take_their_share() -> None:
    augmenter = Augmenter(ALL, torch.device("cpu"))
    drawn = augmenter.draw(10, torch.Generator().manual_seed(3))
    again = augmenter.draw(10, torch.Generator().manual_seed(3))
    assert all(torch.equal(a, b) for a, b in zip(drawn, again, strict=True))
    flips, shifts, factors = drawn
    assert flips.dtype == torch.bool and shifts.shape == (10, 2) and factors.shape == (10, 2)
    assert shifts.min() >= 0 and shifts.max() <= 6
    assert ((factors >= 0.8) & (factors <= 1.2)).all()
    x = _images(4)
    by_hand = jitter(crop(flip(x, flips[6:]), shifts[6:], 3), factors[6:])
    assert torch.equal(augmenter.apply(x, drawn, 6), by_hand)


def _epoch_losses(training: dict[str, Any], folder: Path) -> list[tuple[float, float]]:
    events: list[TrainingEvent] = []
    job = TrainingJob(design=DIGITS_CNN, training=training, folder=folder)
    assert train(job, events.append, lambda: False) == "succeeded"
    return [(e.train_loss, e.val_loss) for e in events if isinstance(e, EpochEvent)]  # type: ignore[misc]


def test_an_augmented_run_reproduces_itself_and_differs_from_a_plain_one(tmp_path: Path) -> None:
    training = {**DIGITS_TRAINING, "epochs": 2, "batch_size": 128}
    augmented = {**training, "augmentations": ALL}
    first = _epoch_losses(augmented, tmp_path / "a")
    assert _epoch_losses(augmented, tmp_path / "b") == first
    plain = _epoch_losses(training, tmp_path / "c")
    assert all(a[0] != p[0] for a, p in zip(first, plain, strict=True))
    # Validation is never augmented: the trained weights give the last validation loss on the
    # dataset's own validation images.
    model = build_network(Design.model_validate(DIGITS_CNN))
    model.load_state_dict(load_file(RunFolder(tmp_path / "b").weights))
    split = load_split("digits")
    loss_fn = LossFunction(TrainingSettings.model_validate(augmented), num_classes=10)
    loss, _, _ = evaluate(model, loss_fn, split.x_val, split.y_val, True)
    assert loss == pytest.approx(first[-1][1], abs=1e-6)


def test_the_api_records_a_runs_augmentations_and_refuses_bad_ones(client: TestClient) -> None:
    catalogued = client.get("/api/catalog").json()["augmentations"]
    assert [a["name"] for a in catalogued] == list(STEPS)
    chosen = {"RandomHorizontalFlip": {}, "RandomCrop": {"padding": 1}}
    training = {**DIGITS_TRAINING, "epochs": 1, "augmentations": chosen}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    run = wait_for(client, reply.json()["id"], {"succeeded"}, timeout=60)
    assert run["training"]["augmentations"] == chosen

    too_far = {**training, "augmentations": {"RandomCrop": {"padding": 17}}}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": too_far})
    assert reply.status_code == 422
    assert reply.json()["errors"] == [
        {
            "node": None,
            "field": "training.augmentations.RandomCrop.padding",
            "message": "RandomCrop: padding must be a whole number from 1 to 16, got 17.",
            "fix": None,
        }
    ]


def test_pictures_without_a_channel_axis_are_told_how_to_get_one() -> None:
    """An upload of (N, 28, 28) bytes holds pictures, but augmentations need (C, H, W)."""
    info = DatasetInfo.model_validate(
        {"name": "u1", "title": "u1", "help": "", "task": "classification",
         "sample_shape": [28, 28], "target_shape": [], "classes": ["a", "b"],
         "train_size": 8, "val_size": 2, "source": "upload", "pictures": {"levels": 255}}
    )  # fmt: skip
    training = TrainingSettings.model_validate(
        {**DIGITS_TRAINING, "dataset": "u1", "augmentations": {"RandomHorizontalFlip": {}}}
    )
    assert [i.message for i in augmentation_issues(training, info)] == [
        "Augmentations change images of shape (C, H, W), but `u1` holds samples of shape "
        "(28, 28): remove them (set augmentations to {}), or upload its images shaped "
        "(N, 1, H, W)."
    ]
