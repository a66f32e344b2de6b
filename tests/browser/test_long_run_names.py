"""A run named or noted in one long word (a path, a hash, a URL) wraps on its run page, its model
page and in Compare's table, on a desktop and on a phone: it ran 1,800 px off the page, and took
all of Compare's width from the run beside it."""

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
from torchcanvas.store.run_labels import RunLabels

LONG = "experiments/" + "lr0.01_batch64_adam_" * 8 + "final"
DESKTOP = {"width": 1440, "height": 1000}


def _fits(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page runs {wide} px past the window"


def test_a_long_name_and_note_wrap_on_every_page(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    labels = RunLabels(name=LONG, note="notes: " + "x" * 300)
    long_run = write_run(
        server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2), labels
    )
    plain = write_run(
        server_data,
        owner,
        DIGITS_MLP,
        DIGITS_SETTINGS.model_copy(update={"lr": 0.01}),
        finished_events(2),
    )
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"{server_url}/runs/{long_run}")
        expect(page.get_by_test_id("run-title")).to_have_text(LONG)
        expect(page).to_have_title(f"{LONG} · Run · TorchCanvas")
        expect(page.get_by_test_id("run-page-note")).to_be_visible()
        _fits(page)
        page.goto(f"{server_url}/models/{long_run}")
        expect(page.get_by_test_id("model-name")).to_have_text(LONG)
        expect(page.get_by_test_id("model-note")).to_be_visible()
        _fits(page)
        # The run page link stays on one line beside the long name.
        link = page.get_by_test_id("model-run-page").bounding_box()
        assert link is not None and link["height"] < 30, link
    screenshot("model-page-long-name-phone")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{server_url}/runs")
    expect(page).to_have_title("Runs · TorchCanvas")
    for run_id in (long_run, plain):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    table = page.get_by_test_id("settings-diff")
    expect(table).to_be_visible()
    widths = table.locator("thead th").evaluate_all(
        "(cells) => cells.map((cell) => cell.getBoundingClientRect().width)"
    )
    _setting, *runs = widths
    assert min(runs) > 0.8 * max(runs), widths  # one width each, the long name wrapped
    row = table.locator("tbody tr").first.bounding_box()
    assert row is not None and row["height"] < 80, row
    _fits(page)
    screenshot("runs-compare-long-name")
