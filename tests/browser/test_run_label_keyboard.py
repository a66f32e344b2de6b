"""The runs page's Rename / note form by keyboard: Escape cancels it, Cancel and Save give the
focus back to its Rename / note button (it fell to <body>), and a save the server refuses is said at
once (role="alert")."""

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

FOCUSED_TEST_ID = "document.activeElement?.dataset.testid ?? document.activeElement?.tagName"


def test_the_rename_form_by_keyboard(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2))
    page.goto(f"{server_url}/runs")
    button = page.get_by_test_id(f"run-edit-{run_id}")
    form = page.get_by_test_id(f"label-form-{run_id}")
    button.focus()

    # Escape, in the name field, cancels: the form goes, the name is as it was, the focus is back.
    page.keyboard.press("Enter")
    expect(form.get_by_test_id("run-name-input")).to_be_focused()
    page.keyboard.type(" changed")
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    assert page.evaluate(FOCUSED_TEST_ID) == f"run-edit-{run_id}"
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_test_id(f"run-link-{run_id}")).to_have_text("digits-mlp")

    # Cancel, reached by Tab: the same.
    page.keyboard.press("Enter")
    expect(form).to_be_visible()
    page.keyboard.press("Tab")  # the note
    page.keyboard.press("Tab")  # Save
    page.keyboard.press("Tab")  # Cancel
    assert page.evaluate("document.activeElement.textContent") == "Cancel"
    page.keyboard.press("Enter")
    expect(form).to_have_count(0)
    assert page.evaluate(FOCUSED_TEST_ID) == f"run-edit-{run_id}"

    # A name with a hidden character: the server refuses it, and the refusal is an alert.
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("mlp\u200b one")
    page.keyboard.press("Enter")
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("invisible character U+200B")
    screenshot("run-label-error")
    # Fixed and saved: the form goes, the focus is back on its button, the row has its name.
    expect(form.get_by_test_id("run-name-input")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("mlp one")
    page.keyboard.press("Enter")
    expect(form).to_have_count(0)
    expect(page.get_by_test_id(f"run-link-{run_id}")).to_have_text("mlp one")
    assert page.evaluate(FOCUSED_TEST_ID) == f"run-edit-{run_id}"
