"""A dataset's preview says the test set a run keeps apart where its samples are not a 2-D set's
points (whose scatter draws the test rows as crosses): pictures or a table's rows, counted as the
server holds them out (held_out.py) and as the line above counts them; it said nothing of the
test set, its counts and samples reading as all trained on."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, open_editor
from torchcanvas.training.held_out import held_out_size


def test_the_preview_says_the_test_set_kept_apart(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("digits")
    preview = page.get_by_test_id("dataset-preview")
    preview.locator("summary").click()
    expect(preview.get_by_test_id("preview-shapes")).to_contain_text("x (1437, 1, 8, 8)")
    said = preview.get_by_test_id("preview-test-share")
    expect(said).to_have_count(0)  # no test set: nothing to say

    page.get_by_test_id("test-fraction-input").fill("0.1")
    held = held_out_size(1437, 0.1)  # the server's count: 144
    expect(page.get_by_test_id("dataset-sizes")).to_contain_text(f"/ {held} test")
    expect(said).to_have_text(
        f"A run with test set share 0.1 keeps {held} of these 1,437 training samples apart as its "
        f"test set, {1437 - held:,} left to train on. The server picks which as the run starts: "
        "the class counts and samples below are of all 1,437, the test samples among them."
    )
    preview.scroll_into_view_if_needed()
    screenshot("preview-test-share")

    # A table's rows too, and the share followed as it changes.
    page.get_by_test_id("dataset-select").select_option("wine")
    expect(preview.get_by_test_id("preview-rows")).to_be_attached()  # a new preview: closed
    preview.locator("summary").click()
    page.get_by_test_id("test-fraction-input").fill("0.25")
    wine = held_out_size(142, 0.25)
    expect(said).to_contain_text(f"keeps {wine} of these 142 training samples apart")
    expect(said).to_be_visible()
    screenshot("preview-test-share-table")
    page.get_by_test_id("test-fraction-input").fill("0")
    expect(said).to_have_count(0)

    # A 2-D set says it on its scatter, with crosses: not twice.
    page.get_by_test_id("test-fraction-input").fill("0.1")
    page.get_by_test_id("dataset-select").select_option("spiral")
    expect(page.get_by_test_id("plane-scatter").locator("path.test-point")).to_have_count(48)
    expect(said).to_have_count(0)

    page.get_by_test_id("dataset-select").select_option("digits")
    page.set_viewport_size(PHONE)
    expect(preview.get_by_test_id("preview-shapes")).to_contain_text("x (1437, 1, 8, 8)")
    preview.locator("summary").click()
    expect(said).to_be_visible()
    said.scroll_into_view_if_needed()
    box = said.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("preview-test-share-phone")
