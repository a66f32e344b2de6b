"""The runs page's filters offer every dataset, sweep and kind among the browser's runs, not only
among those listed: opened on one dataset's runs (?dataset=), the others are still offered, and
an old sweep or range test outside the list still has its filter."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_runs_kind import DESIGN
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.training.settings import RangeTest


def test_one_datasets_runs_still_offer_the_others(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    range_test = DIGITS_SETTINGS.model_copy(update={"range_test": RangeTest()})
    tested = write_run(server_data, owner, DESIGN, range_test, finished_events(1))
    swept = write_run(
        server_data, owner, DESIGN, DIGITS_SETTINGS, finished_events(1), group="lr sweep"
    )
    on_wine = DIGITS_SETTINGS.model_copy(update={"dataset": "wine"})
    wine = write_run(server_data, owner, DESIGN, on_wine, finished_events(1), dataset_title="Wines")

    page.goto(f"{server_url}/runs?dataset=wine")
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 run on Wines")
    expect(page.get_by_test_id(f"run-link-{wine}")).to_be_visible()
    dataset = page.get_by_test_id("filter-dataset")
    expect(dataset.locator("option")).to_have_text(
        ["Any dataset", "Handwritten digits (8×8)", "Wines"]
    )
    # The sweep and the range test, on digits, are not listed: their filters are there all the same.
    expect(page.get_by_test_id("filter-group").locator("option")).to_have_text(["Any", "lr sweep"])
    expect(page.get_by_test_id("filter-kind")).to_be_visible()
    expect(page.get_by_test_id("runs-kept-for")).to_have_count(0)  # this server keeps all
    screenshot("runs-facets")

    dataset.select_option("digits")
    expect(page.get_by_test_id("runs-shown")).to_have_text("2 runs on Handwritten digits (8×8)")
    expect(page.get_by_test_id(f"run-link-{tested}")).to_be_visible()
    page.get_by_test_id("filter-group").select_option("lr sweep")
    expect(page.get_by_test_id(f"run-link-{swept}")).to_be_visible()
    expect(page.get_by_test_id(f"run-link-{tested}")).to_have_count(0)
    page.get_by_test_id("filter-group").select_option("")
    page.get_by_test_id("filter-kind").select_option("range-test")
    expect(page.get_by_test_id("runs-shown")).to_have_text(
        "1 range test on Handwritten digits (8×8)"
    )
