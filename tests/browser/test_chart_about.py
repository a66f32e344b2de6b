"""Each of a run's charts says, on request, what it shows and what healthy looks like: a learner
met gradient norms, heatmaps and update ratios with nothing to read them by."""

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


def test_every_chart_of_a_run_says_what_it_shows(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(4))
    page.goto(f"{server_url}/runs/{run_id}")
    for chart in ("loss-chart", "epoch-chart", "grad-chart", "grad-heatmap"):
        about = page.get_by_test_id(f"{chart}-about")
        expect(about.locator("summary")).to_have_text("What does this show?")
        expect(about.locator("p")).to_be_hidden()  # folded: the charts keep their room
    gradients = page.get_by_test_id("grad-chart-about")
    gradients.locator("summary").click()
    expect(gradients.locator("p")).to_contain_text("A layer whose norm falls towards 0 (vanishing)")
    page.get_by_test_id("epoch-chart-about").locator("summary").click()
    expect(page.get_by_test_id("epoch-chart-about").locator("p")).to_contain_text("overfitting")
    gradients.scroll_into_view_if_needed()
    screenshot("chart-about-open")
