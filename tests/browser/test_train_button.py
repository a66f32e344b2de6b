"""Beside Train: why it is off, and why the server refused a run, with names shown as code."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_names_in_the_reasons_are_code_not_backticks(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Linear")  # on the 8×8 digits, without a Flatten first
    reason = page.get_by_test_id("train-disabled-reason")
    expect(reason).to_contain_text("Linear fc1 expects")
    expect(reason.locator("code").first).to_have_text("fc1")
    expect(reason).not_to_contain_text("`")
    # Alt+T goes to Train off too, which says why it is off (its description is the reason).
    page.get_by_test_id("design-name").focus()
    page.keyboard.press("Alt+T")
    train = page.get_by_test_id("train-button")
    expect(train).to_be_focused()
    expect(train).to_have_accessible_description(
        re.compile("^Fix 1 error in the design first: Linear fc1 expects")
    )

    # A run the server refuses (BatchNorm on batches of one sample): the alert shows code too.
    page.get_by_test_id("new-design").click()
    for layer in ("Flatten", "BatchNorm1d", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("batch-size-input").fill("1")
    page.get_by_test_id("train-button").click()
    errors = page.get_by_test_id("run-errors")
    expect(errors).to_contain_text("BatchNorm bn1 needs batches of at least 2 samples")
    expect(errors.locator("code")).to_have_text("bn1")
    expect(errors).not_to_contain_text("`")

    # A decimal comma in a setting (Chromium drops it: "0,001" was a rate of 1) holds Train until
    # the number has a point.
    lr = page.get_by_test_id("lr-input")
    lr.fill("")
    lr.press_sequentially("0,001")
    comma = page.get_by_test_id("lr-input-error")
    expect(comma).to_have_text("A comma is not a decimal point here: type a point, as in 0.001.")
    expect(page.get_by_test_id("train-button")).to_have_attribute("aria-disabled", "true")
    lr.fill("0.001")
    expect(comma).to_have_count(0)


def test_a_refusal_clears_once_the_design_or_settings_change(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    for layer in ("Flatten", "BatchNorm1d", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("batch-size-input").fill("1")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-errors")).to_contain_text("needs batches of at least 2")
    page.get_by_test_id("batch-size-input").fill("2")  # the fix it names
    expect(page.get_by_test_id("run-errors")).to_have_count(0)


def test_a_design_name_that_would_read_backwards_is_refused_once_said(
    page: Page, server_url: str
) -> None:
    """A right-to-left override in the name reversed it on the run's and the share page."""
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("design-name").fill("cnn\u202e1.0 ycarucca")
    page.get_by_test_id("train-button").click()
    errors = page.get_by_test_id("run-errors")
    expect(errors).to_have_text(
        "Design name: has the invisible character U+202E at position 4: remove it, names and "
        "notes are shown as typed."
    )  # its field in the editor's words, not the body's path `design.name`
    expect(errors.locator("strong")).to_have_text("Design name:")
    page.get_by_test_id("design-name").fill("cnn 1.0")
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))


def test_a_run_over_the_training_limits_is_refused_where_train_was_pressed(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """One anonymous run of 1,000 epochs at batch 1 once held the only worker for days."""
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("epochs-input").fill("1000")
    page.get_by_test_id("batch-size-input").fill("1")
    page.get_by_test_id("train-button").click()
    errors = page.get_by_test_id("run-errors")
    expect(errors).to_have_text(
        "Epochs: Training this run for 1,000 epochs takes 1,437,000 optimizer steps "
        "(batches of 1 from 1,437 training samples), over this server's limit of 1,000,000 "
        "(TORCHCANVAS_MAX_TRAINING_STEPS): train at most 695 epochs, or use a larger batch size "
        "or a smaller dataset."
    )
    errors.scroll_into_view_if_needed()
    screenshot("train-over-the-work-limit")
    expect(page).not_to_have_url(re.compile(r"/runs/"))  # no run page: nothing was started
