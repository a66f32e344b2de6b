"""Each field is found by its own label alone: a dropdown's name is its label, not its label and
every option's text (the "Try several values" list held "Learning rate (lr)", the Target column
list each column's name)."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, open_section
from tests.browser.test_upload_form import open_upload


def test_the_learning_rate_is_one_field_by_its_label(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    open_section(page, "sweep")
    expect(page.get_by_label("Learning rate", exact=True)).to_have_count(1)
    expect(page.get_by_label("Learning rate")).to_have_count(1)
    expect(page.get_by_label("Learning rate", exact=True)).to_have_attribute(
        "data-testid", "lr-input"
    )
    expect(page.get_by_test_id("sweep-setting")).to_have_accessible_name("Setting to try")
    expect(page.get_by_test_id("optimizer-select")).to_have_accessible_name("Optimizer")


def test_a_csv_column_is_one_tick_box_by_its_name(page: Page, server_url: str) -> None:
    rows = "".join(f"{i % 7},{'nice' if i % 2 else 'late'},{'ab'[i % 2]}\n" for i in range(10))
    open_upload(page, server_url, "notes.csv", f"visits,comment,label\n{rows}".encode())
    expect(page.get_by_label("comment")).to_have_count(1)
    expect(page.get_by_label("comment")).to_have_attribute("type", "checkbox")
    expect(page.get_by_test_id("upload-target")).to_have_accessible_name("Target column")
