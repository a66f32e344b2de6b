"""The runs page with filters that keep no run says which filters matched nothing and offers all
the runs back, under headings that keep their columns (the actions' one too)."""

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


def test_filters_that_keep_no_run_say_so(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    digits = "Handwritten digits (8×8)"
    run_id = write_run(
        server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2), dataset_title=digits
    )
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-row-{run_id}")).to_be_visible()

    page.goto(f"{server_url}/runs?status=failed&dataset=digits")
    none = page.get_by_test_id("runs-none-match")
    expect(none).to_have_text(f"No failed runs on {digits} match these filters. Show all runs")
    expect(page.get_by_test_id(f"run-row-{run_id}")).to_have_count(0)
    # Every heading stays, the actions' hidden one as wide as a row's button wrapped (60 px): it
    # shrank to its padding, 17 px, and the other columns moved into its room.
    expect(page.get_by_test_id("runs-table").locator("thead th")).to_have_count(12)
    empty = page.get_by_test_id("runs-table").locator("thead th").last.bounding_box()
    assert empty is not None and empty["width"] >= 60, empty
    screenshot("runs-none-match")
    page.set_viewport_size(PHONE)
    expect(none).to_be_visible()
    screenshot("runs-none-match-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    page.get_by_test_id("runs-none-show-all").click()
    expect(page.get_by_test_id(f"run-row-{run_id}")).to_be_visible()
    expect(none).to_have_count(0)
    expect(page.get_by_test_id("filter-status")).to_have_value("all")
    expect(page).to_have_url(f"{server_url}/runs")
