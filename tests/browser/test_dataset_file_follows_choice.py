"""The link to an upload's file is the chosen dataset's: a built-in chosen after an upload has
none (the upload's link stayed on screen under Two moons until a reload), and it comes back with
the upload."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, upload_flowers


def test_a_built_in_dataset_shows_no_uploads_file(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    upload_flowers(page)
    select = page.get_by_test_id("dataset-select")
    expect(select).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    upload = select.input_value()
    link = page.get_by_test_id("download-dataset-file")
    expect(link).to_have_text(re.compile(r"^Download this dataset's file \(flowers\.csv, "))
    expect(page.get_by_test_id("shape-input")).to_have_text("(4)")
    expect(page.get_by_test_id("delete-dataset")).to_be_visible()

    select.select_option("moons")
    expect(page.get_by_test_id("shape-input")).to_have_text("(2)")  # the moons' two coordinates
    expect(link).to_have_count(0)
    expect(page.get_by_test_id("delete-dataset")).to_have_count(0)
    screenshot("dataset-file-built-in")

    select.select_option(upload)
    expect(link).to_have_count(1)
    expect(link).to_have_text(re.compile(r"^Download this dataset's file \(flowers\.csv, "))
    expect(page.get_by_test_id("delete-dataset")).to_have_count(1)
