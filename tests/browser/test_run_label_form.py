"""The runs page's Rename / note form: its Name and Note fields side by side with their labels on
one line, and the buttons at the foot of the note."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)


def test_the_name_and_the_note_start_on_one_line(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2))
    page.goto(f"{server_url}/runs")
    page.get_by_test_id(f"run-edit-{run_id}").click()
    form = page.get_by_test_id(f"label-form-{run_id}")
    name, note = form.get_by_test_id("run-name-input"), form.get_by_test_id("run-note-input")
    expect(note).to_be_visible()
    # The name sat 17 px lower, its foot level with the taller note's.
    name_box, note_box = name.bounding_box(), note.bounding_box()
    assert name_box and note_box and abs(name_box["y"] - note_box["y"]) <= 2, (name_box, note_box)
    labels = [form.get_by_text(text, exact=True).bounding_box() for text in ("Name", "Note")]
    assert labels[0] and labels[1] and abs(labels[0]["y"] - labels[1]["y"]) <= 2, labels
    # Save and Cancel stay at the note's foot.
    save = form.get_by_test_id("run-label-save").bounding_box()
    assert save and abs(save["y"] + save["height"] - note_box["y"] - note_box["height"]) <= 2
    screenshot("run-label-form")
    page.set_viewport_size(PHONE)
    expect(note).to_be_visible()
    screenshot("run-label-form-phone")
