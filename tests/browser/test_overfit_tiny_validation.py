"""A run that learnt its training samples by heart is told it overfitted, not to train longer: a
review's LeNet on 41 pictures (9 for validation) reached a training loss of 1.2e-5, every training
picture right, while its validation loss rose from 0.70 to 4.76; its accuracy, 44 % at the turn
and 56 % at the end (one picture of 9 more right), was taken for learning, and the page said
"Train longer or with a higher learning rate"."""

import math
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.events import EndEvent, EpochEvent, TrainingEvent

EPOCHS = 500
FALLING = [1.09, 0.98, 0.88, 0.8, 0.75, 0.72, 0.7]  # the validation loss to its lowest, epoch 7


def _learnt_by_heart() -> list[TrainingEvent]:
    """The review's curves: training loss 1.1 → 1.2e-5, validation loss 0.70 → 4.76 from epoch 7,
    validation accuracy 4 or 5 of 9 (4 at the turn, 5 at the end), every training sample right."""
    events = finished_events(EPOCHS)
    for event in events:
        if not isinstance(event, EpochEvent):
            continue
        e = event.epoch
        rise = ((e - 7) / (EPOCHS - 7)) ** 0.6
        event.val_loss = FALLING[e - 1] if e <= 7 else 0.7 + 4.06 * rise + 0.04 * math.sin(e)
        event.train_loss = 1.1 * (1.2e-5 / 1.1) ** (e / EPOCHS)
        event.val_accuracy = 4 / 9 if e == 7 or e % 3 == 0 else 5 / 9
        event.train_accuracy = min(1.0, 0.4 + e / 40)
    last = events[-2]
    assert isinstance(last, EpochEvent)
    last.val_loss, last.val_accuracy = 4.76, 5 / 9
    end = events[-1]
    assert isinstance(end, EndEvent)
    end.metrics.val_loss, end.metrics.val_accuracy = 4.76, 5 / 9
    end.metrics.train_loss = last.train_loss
    return events


def test_a_run_that_learnt_its_training_samples_is_told_it_overfitted(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, _learnt_by_heart())
    page.goto(f"{server_url}/runs/{run_id}")
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_attribute("data-kind", "overfitting")
    expect(verdict).to_have_text(
        "Overfitting from epoch 7: the validation loss rose from 0.7 to 4.76 while the training "
        "loss kept falling, so the network learnt its training samples more than the task. Stop "
        "near epoch 7 (an early-stopping patience does it), add Dropout or weight decay, or give "
        "it more data."
    )
    expect(verdict).not_to_contain_text("Train longer")
    screenshot("run-verdict-learnt-by-heart")
