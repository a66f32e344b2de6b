"""A finished run says what its curves show a learner: a run that "succeeded" at chance learnt
nothing (lr 1e-7 on digits: a flat loss at ln 10, 8.9 %), and one whose validation loss rose while
its training loss fell overfits, each with what to try."""

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


def _with_epochs(train: list[float], val: list[float], accuracy: float) -> list[TrainingEvent]:
    """finished_events' run, its epochs' losses and its accuracy as given."""
    events = finished_events(len(train))
    epochs = [event for event in events if isinstance(event, EpochEvent)]
    for event, train_loss, val_loss in zip(epochs, train, val, strict=True):
        event.train_loss, event.val_loss, event.val_accuracy = train_loss, val_loss, accuracy
    end = events[-1]
    assert isinstance(end, EndEvent)
    end.metrics.val_accuracy, end.metrics.val_loss = accuracy, val[-1]
    return events


def test_a_run_at_chance_says_so_and_what_to_try(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    flat = _with_epochs([2.31, 2.31, 2.3, 2.3], [2.31, 2.3, 2.3, 2.3], 0.089)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, flat)
    page.goto(f"{server_url}/runs/{run_id}")
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_text(
        "No better than guessing: 8.9% on 10 classes, where a guess is right 10.0% of the time. "
        "Its loss hardly moved (2.31 → 2.3): raise the learning rate (the editor's Find a "
        "learning rate suggests one), or train longer."
    )
    screenshot("run-verdict-chance")

    rising = _with_epochs([1, 0.6, 0.4, 0.3, 0.2, 0.1], [1, 0.7, 0.5, 0.6, 0.7, 0.8], 0.8)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, rising)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(verdict).to_have_attribute("data-kind", "overfitting")
    expect(verdict).to_contain_text("Overfitting from epoch 3: the validation loss rose from 0.5")

    learnt = _with_epochs([1, 0.5, 0.4, 0.4], [1, 0.5, 0.45, 0.45], 0.95)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, learnt)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-result")).to_be_visible()
    expect(verdict).to_have_count(0)
