"""A finished run says what its curves show a learner: a run that "succeeded" at chance learnt
nothing (lr 1e-7 on digits: a flat loss at ln 10, 8.9 %), and one whose validation loss rose while
its training loss fell overfits, each with what to try; one on a set that is mostly one class is weighed against always answering
that class."""

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.events import EndEvent, EpochEvent, TrainingEvent
from torchcanvas.training.insight_warnings import WarningEvent


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
    run_id = at_chance = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, flat)
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
    # A run that learnt is told so, and where to go next (it was told nothing).
    expect(verdict).to_have_attribute("data-kind", "learnt")
    expect(verdict).to_have_text(
        "Learnt it: 95.0% of the validation samples right, where a guess is right 10.0% of the "
        "time. Try it on its model page, and see below which classes it still confuses."
    )
    screenshot("run-verdict-learnt")

    # The runs list says it too, under "succeeded": not the learnt run, nor the overfitting one.
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-chance-{at_chance}")).to_have_text("at chance")
    expect(page.get_by_test_id(f"run-status-{at_chance}")).to_contain_text("succeeded")
    expect(page.locator("[data-testid^='run-chance-']")).to_have_count(1)
    screenshot("runs-at-chance")


def _mostly_one_class_csv(rows: int = 300, seed: int = 0) -> bytes:
    """Noise features; nine rows in ten are "normal", the rest "fraud": nothing to learn but the
    commonest class."""
    rng = np.random.default_rng(seed)
    lines = ["a,b,c,kind"]
    for _ in range(rows):
        a, b, c = rng.normal(0, 1, 3)
        kind = "fraud" if rng.random() < 0.1 else "normal"
        lines.append(f"{a:.3f},{b:.3f},{c:.3f},{kind}")
    return ("\n".join(lines) + "\n").encode()


def test_a_run_on_a_lopsided_set_is_weighed_against_its_commonest_class(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """About 90 % looks well past a coin's 50 %, but not past always answering "normal"."""
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "payments.csv", "mimeType": "text/csv", "buffer": _mostly_one_class_csv()}
    )
    page.get_by_test_id("upload-target").select_option("kind")
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("shape-input")).to_have_text("(3)")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "2")
    page.get_by_test_id("epochs-input").fill("3")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_attribute("data-kind", "chance")
    expect(verdict).to_contain_text(
        re.compile(r"better than guessing: \d+\.\d%, where always answering “normal” is right")
    )
    expect(verdict).to_contain_text("(the validation set is mostly “normal”)")
    screenshot("run-verdict-lopsided")
    # The runs list weighs it against the same guess (it took the two classes as even: 50 %).
    run_id = page.url.rsplit("/", 1)[1]
    page.goto(f"{server_url}/runs")
    chance = page.get_by_test_id(f"run-chance-{run_id}")
    expect(chance).to_have_text("at chance")
    expect(chance).to_have_attribute(
        "title", re.compile(r"than always answering the class its validation set holds most of")
    )
    page.go_back()

    # As the verdict says: in the editor, the rarer class's mistakes count nine times.
    page.get_by_test_id("run-open-in-editor").click()
    weights = page.get_by_test_id("class-weights")
    weights.locator("summary").click()
    expect(weights.get_by_label("fraud")).to_have_value("1")
    weights.get_by_label("fraud").fill("9")
    expect(weights.locator("summary")).to_have_text("Class weights (set)")
    weights.get_by_label("normal").fill("-1")
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text("weight of normal")
    weights.get_by_label("normal").fill("1")
    screenshot("class-weights")
    # Weights belong to a set's classes: another set starts from none.
    dataset = page.get_by_test_id("dataset-select")
    payments = dataset.input_value()
    dataset.select_option("digits")
    expect(weights.locator("summary")).to_have_text("Class weights")
    expect(weights.locator("input")).to_have_count(10)
    dataset.select_option(payments)
    expect(weights.locator("summary")).to_have_text("Class weights")
    expect(weights.get_by_label("fraud")).to_have_value("1")
    weights.get_by_label("fraud").fill("9")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    page.get_by_test_id("run-settings").locator("summary").click()
    expect(page.get_by_test_id("run-settings")).to_contain_text("CrossEntropyLoss (weight=[9,1])")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)


def test_a_run_at_chance_whose_gradients_vanished_is_told_so_with_its_layers_as_code(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """A Sigmoid stack whose loss hardly moved was told to raise the rate, under its own warning
    that its first layers' gradients had vanished (a teacher's review)."""
    events = _with_epochs([2.32, 2.31, 2.31], [2.32, 2.31, 2.31], 0.103)
    advice = "Try ReLU in place of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm."
    vanished = WarningEvent(
        step=2,
        kind="vanishing",
        layer="fc1",
        message=f"Gradients in `fc1` have all but vanished: `fc1` itself barely learns. {advice}",
        fix=advice,
    )
    events.insert(2, vanished)
    run_id = write_run(server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_text(
        "No better than guessing: 10.3% on 10 classes, where a guess is right 10.0% of the time. "
        "Its gradients vanished on the way back (from step 2, in fc1): the layers before the last "
        "learnt next to nothing, which more epochs do not mend. Try ReLU in place of the 5 Sigmoid "
        "layers act1 … act5, add BatchNorm."
    )
    expect(verdict.locator("code")).to_have_text(["fc1", "act1", "act5"])
    verdict.scroll_into_view_if_needed()
    screenshot("run-verdict-vanished")


def test_a_run_whose_loss_levelled_off_early_is_told_its_network_is_too_simple(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """A network too small for its data (a Linear layer alone on a spiral): its loss flat for most
    of the run, and it was told to train longer or with a higher rate (a teacher's review)."""
    train = [2.3, 2.2, 2.1, 2.05, *([2.04] * 8)]
    events = _with_epochs(train, [v + 0.01 for v in train], 0.103)
    for event in events:
        if isinstance(event, EpochEvent):
            event.train_accuracy = 0.101
    run_id = write_run(server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-verdict")).to_contain_text(
        "Its training loss levelled off from epoch 4 (2.05 then, 2.04 at its end), with its "
        "training samples right no more often than the validation ones (10.1%): the network is "
        "too simple for this data"
    )
    page.get_by_test_id("run-verdict").scroll_into_view_if_needed()
    screenshot("run-verdict-too-simple")
