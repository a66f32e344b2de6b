"""Train N more, on a finished run's page: it says what Train does to the run's model, and "Train as
a new run" keeps it: a copy trains on, the page goes to the copy, whose head says its history, and
the run's own page reads its numbers as they were. A run continued on itself says its history too."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page


def _numbers(page: Page) -> tuple[str, str, str]:
    return (
        page.get_by_test_id("epochs-done").inner_text(),
        page.get_by_test_id("val-loss-value").inner_text(),
        page.get_by_test_id("accuracy-value").inner_text(),
    )


def test_train_more_as_a_new_run_keeps_the_run_and_opens_the_copy(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(
        page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 2, "batch_size": 256}
    )
    api_of(page).patch(f"/api/runs/{run_id}", data={"name": "digits"})
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    before = _numbers(page)
    val_loss = before[1]
    # What Train does to the model, before it is pressed, and the way to keep it.
    note = page.get_by_test_id("more-epochs-note")
    expect(note).to_contain_text(
        f"Train replaces this run's model (epoch 2, val loss {val_loss}) with the one after epoch 7"
    )
    expect(note).to_contain_text("Train as a new run keeps this run and its model: a copy of it")
    page.get_by_test_id("more-epochs-input").fill("3")
    expect(note).to_contain_text("with the one after epoch 5")
    expect(page.get_by_test_id("run-history")).to_have_count(0)  # trained once: nothing to say
    screenshot("more_as_new_run_offered")
    # A run started after it, before the copy is made.
    later = api_of(page).post(
        "/api/runs", data={"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    )
    assert later.status == 201, later.text()

    page.get_by_test_id("more-epochs-new-run").click()
    page.wait_for_url(lambda url: "/runs/" in url and run_id not in url)
    copy_id = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.get_by_test_id("run-title")).to_have_text("digits (more)")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    expect(page.get_by_test_id("epochs-done")).to_have_text("5 of 5 epochs done")
    history = page.get_by_test_id("run-history")
    expect(history).to_contain_text(
        "Trained 2 epochs, then 3 more as this new run (copied at epoch 2; the original keeps "
        "its model)."
    )
    # Its charts hold the whole history: the run's 2 epochs, then its own 3.
    expect(page.get_by_test_id("epoch-chart")).to_have_attribute("data-points", "5")
    screenshot("more_as_new_run_copy")

    # Runs, newest started first: the copy began as it was made, after the later run (its record
    # keeps the run's start, which listed it below the later one, among the run's days).
    page.goto(f"{server_url}/runs")
    rows = page.locator("[data-testid^='run-row-']")
    expect(rows.nth(0)).to_have_attribute("data-testid", f"run-row-{copy_id}")
    expect(rows.nth(1)).to_have_attribute("data-testid", f"run-row-{later.json()['id']}")
    expect(page.get_by_test_id(f"run-started-{copy_id}")).to_have_attribute(
        "title", re.compile(rf"^Made as a copy of run {run_id} then; it started \d")
    )
    page.goto(f"{server_url}/runs/{copy_id}")

    # The run's own page: its numbers as they were, and no history (it trained once).
    page.get_by_test_id("run-history-original").click()
    page.wait_for_url(f"**/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    expect(page.get_by_test_id("epochs-done")).to_have_text(before[0])
    assert _numbers(page) == before
    expect(page.get_by_test_id("run-history")).to_have_count(0)
    expect(page.get_by_test_id("epoch-chart")).to_have_attribute("data-points", "2")

    # Train on the run itself: it goes on in place, and its head then says so.
    page.get_by_test_id("more-epochs-input").fill("1")
    page.get_by_test_id("more-epochs-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    expect(page.get_by_test_id("epochs-done")).to_have_text("3 of 3 epochs done")
    expect(page.get_by_test_id("run-history")).to_have_text(
        "Trained 2 epochs, then 1 more (Continue at epoch 2)."
    )
    screenshot("more_in_place_history")
    # The copy's page was left as it was: its own 5 epochs.
    page.goto(f"{server_url}/runs/{copy_id}")
    expect(page.get_by_test_id("epochs-done")).to_have_text("5 of 5 epochs done")
