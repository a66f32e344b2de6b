"""A run whose record is damaged in the database: its page says so and what to do, and its
Delete button clears it away (the message sent its owner to the browser's console)."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page
from torchcanvas.store.db import DATABASE_NAME


def test_a_damaged_run_says_so_on_its_page_and_deletes_from_there(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 1})
    with sqlite3.connect(server_data / DATABASE_NAME) as db:
        db.execute("UPDATE runs SET metrics = 'nope' WHERE id = ?", (run_id,))
    # The runs page leaves it out of its table, and names it with a link to its page.
    page.goto(f"{server_url}/runs")
    named = page.get_by_test_id("damaged-runs")
    expect(named).to_contain_text("One of your runs cannot be read")
    expect(page.get_by_text("No runs yet")).to_have_count(0)
    screenshot("damaged-runs-list")
    named.get_by_test_id(f"damaged-run-{run_id}").click()
    page.wait_for_url(f"{server_url}/runs/{run_id}")
    said = page.get_by_test_id("run-page-error")
    expect(said).to_contain_text(f"The record of run {run_id} in the database is damaged")
    expect(said).to_contain_text("its page has a Delete button")
    ask = page.get_by_test_id("damaged-run-delete-ask")
    ask.click()
    keep = page.get_by_role("button", name="Keep it")
    expect(keep).to_be_focused()
    screenshot("damaged-run-page")
    # Keep it, from the keyboard, closes the question and hands the focus back to its button.
    page.keyboard.press("Enter")
    expect(keep).to_have_count(0)
    expect(ask).to_be_focused()
    # As does Escape, asked again from there.
    page.keyboard.press("Enter")
    expect(keep).to_be_focused()
    page.keyboard.press("Escape")
    expect(keep).to_have_count(0)
    expect(ask).to_be_focused()
    screenshot("damaged-run-page-kept")
    ask.click()
    page.get_by_test_id("damaged-run-delete").click()
    page.wait_for_url(f"{server_url}/runs")
    assert api_of(page).get(f"/api/runs/{run_id}").status == 410
    expect(page.get_by_test_id("damaged-runs")).to_have_count(0)
