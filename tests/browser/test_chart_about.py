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
    titles = {
        "loss-chart": "Training loss",
        "epoch-chart": "Loss and accuracy per epoch",
        "grad-chart": "Gradient norm per layer (log scale, smoothed 0.60 as the loss)",
        "grad-heatmap": "Gradient norm heatmap",
    }
    # A run from before training accuracy was kept draws no empty series for it.
    expect(page.get_by_test_id("epoch-chart").locator(".u-legend")).to_contain_text("val accuracy")
    expect(page.get_by_test_id("epoch-chart").locator(".u-legend")).not_to_contain_text("train acc")
    for chart, title in titles.items():
        about = page.get_by_test_id(f"{chart}-about")
        # Seen as "What does this show?"; heard with the chart it is about.
        expect(about.locator("summary")).to_have_text(f"What does this show? ({title})")
        expect(about.locator("summary .visually-hidden")).to_have_text(f" ({title})")
        expect(about.locator("p")).to_be_hidden()  # folded: the charts keep their room
    gradients = page.get_by_test_id("grad-chart-about")
    gradients.locator("summary").click()
    expect(gradients.locator("p")).to_contain_text("Norms that fall as the loss falls are healthy")
    page.get_by_test_id("epoch-chart-about").locator("summary").click()
    expect(page.get_by_test_id("epoch-chart-about").locator("p")).to_contain_text("overfitting")
    gradients.scroll_into_view_if_needed()
    screenshot("chart-about-open")
