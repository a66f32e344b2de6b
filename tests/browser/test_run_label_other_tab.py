"""The runs page's Rename / note form sends only the fields the person changed: a note written in
another tab while the form was open is kept by a rename here, and a name by a note. It sent both,
and a rename wiped a note written meanwhile (review finding 2)."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)


def labels(page: Page, run_id: str) -> tuple[str | None, str | None]:
    run = api_of(page).get(f"/api/runs/{run_id}").json()
    return run["name"], run["note"]


def test_a_rename_keeps_a_note_written_in_another_tab_and_a_note_keeps_the_name(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2))
    page.goto(f"{server_url}/runs")
    form = page.get_by_test_id(f"label-form-{run_id}")
    name, note = form.get_by_test_id("run-name-input"), form.get_by_test_id("run-note-input")

    page.get_by_test_id(f"run-edit-{run_id}").click()
    expect(note).to_have_value("")
    # Another tab writes a note while this form is open.
    note_elsewhere = "IMPORTANT: best lr so far, keep"
    assert api_of(page).patch(f"/api/runs/{run_id}", data={"note": note_elsewhere}).ok
    name.fill("renamed here")
    screenshot("run-label-form-other-tab")
    form.get_by_test_id("run-label-save").click()
    expect(form).to_have_count(0)
    assert labels(page, run_id) == ("renamed here", note_elsewhere)
    expect(page.get_by_text(note_elsewhere)).to_be_visible()  # the row shows the note kept
    page.set_viewport_size({"width": 640, "height": 900})
    screenshot("run-label-renamed-note-kept-640")

    # The other way: a note written here keeps a name given elsewhere meanwhile.
    page.get_by_test_id(f"run-edit-{run_id}").click()
    expect(name).to_have_value("renamed here")
    assert api_of(page).patch(f"/api/runs/{run_id}", data={"name": "renamed elsewhere"}).ok
    note.fill("my own note")
    form.get_by_test_id("run-label-save").click()
    expect(form).to_have_count(0)
    assert labels(page, run_id) == ("renamed elsewhere", "my own note")
