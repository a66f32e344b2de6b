"""A browser with more runs than the runs page lists at first (200) reaches the older ones: a
status's or a kind's runs are found by the server, however old; the counts say they are the newest
alone, Show older runs lists 200 more, and once every run is listed a line says so and takes the
focus."""

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
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.settings import RangeTest

PAGE = 200  # the page's first list, and what each press adds: RUNS_PAGE
NEWER = 2 * PAGE  # newer than the failed run: it is listed after two presses
WHY = "The loss became NaN at epoch 2: lower the learning rate (try 1e-3)."


def test_show_older_runs_reaches_the_oldest(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    failed = EndEvent(status="failed", message=WHY, metrics=Metrics())
    range_test = DIGITS_SETTINGS.model_copy(update={"range_test": RangeTest()})
    oldest = write_run(server_data, owner, DIGITS_MLP, range_test, [failed], error=WHY)
    newer = [
        write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(1))
        for _ in range(NEWER)
    ]

    # The server finds a status's runs, however old: the failed one is listed at once, alone.
    page.goto(f"{server_url}/runs?status=failed")
    expect(page.get_by_test_id(f"run-row-{oldest}")).to_be_visible()
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 failed run")
    older = page.get_by_test_id("runs-older")
    expect(older).to_have_count(0)
    page.get_by_test_id("filter-status").select_option("all")
    expect(page.get_by_test_id("runs-shown")).to_have_text(f"the newest {PAGE} runs")
    expect(older).to_have_text(f"Show {PAGE} older runs")
    screenshot("runs-older-more")
    page.set_viewport_size(PHONE)  # the button and its words wrap under the cards
    older.scroll_into_view_if_needed()
    expect(older).to_be_in_viewport()
    page.set_viewport_size({"width": 1440, "height": 1000})

    # So does a kind's: the oldest run, a range test, is listed at once too.
    page.goto(f"{server_url}/runs?kind=range-test")
    expect(page.get_by_test_id(f"run-row-{oldest}")).to_be_visible()
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 range test")
    expect(older).to_have_count(0)
    page.get_by_test_id("filter-status").select_option("succeeded")
    expect(page.get_by_test_id("runs-none-match")).to_have_text(
        "No succeeded range tests match these filters. Show all runs"
    )
    expect(page.get_by_test_id("runs-shown")).to_have_text("0 succeeded range tests")
    screenshot("runs-older-none-match")
    page.get_by_test_id("runs-none-match").get_by_role("button").click()  # Show all runs
    expect(page.get_by_test_id("runs-shown")).to_have_text(f"the newest {PAGE} runs")
    assert page.url.endswith("/runs")
    older.click()  # 200 more, and more still: the button keeps the focus
    expect(page.get_by_test_id("runs-shown")).to_have_text(f"the newest {NEWER} runs")
    expect(older).to_have_text(f"Show {PAGE} older runs")
    expect(older).to_be_focused()
    # A search that lists all it finds says so, and leaves the focus in the search box: the
    # line takes it only as the answer to a press.
    search = page.get_by_test_id("runs-search")
    search.fill(oldest)
    expect(page.get_by_test_id("runs-all-listed")).to_have_text("The one run found is listed.")
    expect(search).to_be_focused()
    search.fill("")
    expect(older).to_be_visible()
    older.click()
    expect(page.get_by_test_id("runs-shown")).to_have_text(f"{NEWER + 1} runs")
    listed = page.get_by_test_id("runs-all-listed")
    expect(listed).to_have_text(f"All {NEWER + 1} runs are listed.")
    expect(listed).to_be_focused()
    expect(older).to_have_count(0)
    screenshot("runs-older")

    expect(page.get_by_test_id(f"run-row-{oldest}")).to_be_visible()
    rows = page.get_by_test_id("runs-table").locator("tbody tr[data-testid^='run-row-']")
    expect(rows).to_have_count(NEWER + 1)
    expect(page.get_by_test_id(f"run-row-{newer[-1]}")).to_be_visible()
