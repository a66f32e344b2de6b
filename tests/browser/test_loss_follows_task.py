"""Moving between a regression and a classification dataset puts the loss back to the task's
default and says so beside it: MSELoss, set for Noisy sine, once stayed for the digits and Wines, and
a classifier trained with mean squared error while nothing said why. On the same task a loss the
person picked stays."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, open_template


def test_the_loss_follows_the_dataset_s_task_and_says_so(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_template(page, "mlp")
    dataset = page.get_by_test_id("dataset-select")
    loss = page.get_by_test_id("loss-select")
    note = page.get_by_test_id("loss-note")

    dataset.select_option("sine")
    expect(loss).to_have_value("MSELoss")
    expect(note).to_have_text("Loss set to MSELoss for a regression dataset.")

    for classes in ("digits", "wine"):
        dataset.select_option("sine")
        dataset.select_option(classes)
        expect(loss).to_have_value("CrossEntropyLoss")
        expect(note).to_have_text("Loss set to CrossEntropyLoss for a classification dataset.")
    screenshot("editor-loss-note")

    # The person's own loss on the same task stays, and the note goes once they pick.
    loss.select_option("L1Loss")
    expect(note).to_have_count(0)
    dataset.select_option("digits")
    expect(loss).to_have_value("L1Loss")
    expect(note).to_have_count(0)
    dataset.select_option("diabetes")  # a loss fitting both still goes back on another task
    expect(loss).to_have_value("MSELoss")
    expect(note).to_have_text("Loss set to MSELoss for a regression dataset.")
