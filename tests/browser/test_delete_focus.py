"""Deleting runs or an upload by keyboard: the question takes the focus on its safe answer and is
read out with it, Escape and Keep give the focus back to the Delete button, and a delete that
went moves the focus somewhere that exists and says what went (the focus fell to the page at
each step, and the question was never read)."""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.backend.upload_files import blobs_csv
from tests.browser.browser_steps import open_editor
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)


def _read_as(page: Page, element: Locator) -> str:
    """The text of what `element`'s aria-labelledby names: what a screen reader reads for it."""
    return element.evaluate(
        "el => el.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )


def test_runs_deleted_by_keyboard_keep_the_focus(
    page: Page, server_url: str, server_data: Path
) -> None:
    owner = owner_of(page, server_url)
    runs = [
        write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(1))
        for _ in range(2)
    ]
    page.goto(f"{server_url}/runs")
    for run_id in runs:
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").focus()
        page.keyboard.press("Space")
    delete = page.get_by_test_id("runs-delete-button")
    delete.focus()

    # The question takes the focus on its safe answer, inside a group read as the question.
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("runs-delete-no")).to_be_focused()
    confirm = page.get_by_test_id("runs-delete-confirm")
    assert _read_as(page, confirm).startswith("Delete 2 runs (digits-mlp")
    page.keyboard.press("Escape")
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("runs-delete-no")).to_be_focused()
    page.keyboard.press("Enter")  # Keep them
    expect(delete).to_be_focused()
    expect(page.get_by_test_id(f"run-row-{runs[0]}")).to_be_visible()

    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_test_id("runs-delete-yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id(f"run-row-{runs[0]}")).to_have_count(0)
    expect(page.get_by_role("heading", name="Runs", exact=True)).to_be_focused()
    expect(page.get_by_test_id("runs-delete-said")).to_have_text("Deleted 2 runs.")
    expect(page.get_by_test_id("runs-delete-said")).to_have_attribute("role", "status")


def test_an_upload_deleted_by_keyboard_keeps_the_focus(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "focus.csv", "mimeType": "text/csv", "buffer": blobs_csv(seed=11)}
    )
    page.get_by_test_id("upload-target").select_option("species")
    page.get_by_test_id("upload-button").click()
    select = page.get_by_test_id("dataset-select")
    expect(select).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    delete = page.get_by_test_id("delete-dataset")
    delete.focus()

    page.keyboard.press("Enter")
    expect(page.get_by_test_id("delete-dataset-no")).to_be_focused()
    confirm = page.get_by_test_id("delete-dataset-confirm")
    assert _read_as(page, confirm).startswith("Delete “focus")
    page.keyboard.press("Escape")
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # Keep it
    expect(delete).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_test_id("delete-dataset-yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(select).to_have_value("digits")
    expect(select).to_be_focused()
    expect(page.get_by_test_id("dataset-deleted")).to_have_text(
        re.compile(r"^Deleted “focus.*”\. The dataset is now ")
    )
