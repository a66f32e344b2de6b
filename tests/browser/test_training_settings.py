"""The training settings beside the design: a number out of range says so, and Train waits for it."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_a_setting_out_of_range_says_why_and_stops_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    train = page.get_by_test_id("train-button")
    reason = page.get_by_test_id("train-disabled-reason")
    expect(train).to_be_enabled()

    # The bounds are the server's (TrainingSettings: lr > 0 and <= 10, 1 <= epochs <= 1000).
    lr = page.get_by_test_id("lr-input")
    for typed, wrong in (("-1", "too small"), ("0", "too small"), ("1000", "too large")):
        lr.fill(typed)
        expect(page.get_by_test_id("lr-input-error")).to_have_text(
            f"{typed} is {wrong}; use a number above 0, at most 10."
        )
        expect(train).to_be_disabled()
        expect(reason).to_have_text(
            f"Learning rate: {typed} is {wrong}; use a number above 0, at most 10."
        )
    screenshot("settings-out-of-range")
    lr.fill("0.01")
    expect(page.get_by_test_id("lr-input-error")).to_have_count(0)
    expect(train).to_be_enabled()

    page.get_by_test_id("epochs-input").fill("0")
    expect(page.get_by_test_id("epochs-input-error")).to_have_text(
        "0 is too small; use a whole number from 1 to 1,000."
    )
    expect(train).to_be_disabled()
    page.get_by_test_id("batch-size-input").fill("")
    expect(page.get_by_test_id("batch-size-input-error")).to_have_text(
        "Enter a whole number from 1 to 65,536."
    )
    page.get_by_test_id("epochs-input").fill("3")
    expect(reason).to_have_text("Batch size: Enter a whole number from 1 to 65,536.")
    page.get_by_test_id("batch-size-input").fill("32")
    expect(train).to_be_enabled()
    expect(reason).to_have_count(0)
