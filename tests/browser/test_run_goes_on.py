"""An ended run's open page follows it when it goes on, however it was continued: Train N more in
another tab, or Continue through the API. It stayed on "succeeded" with frozen charts until a reload."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page

MORE = 300  # epochs enough to be seen running for a while: the test stops it


def _epochs_shown(page: Page) -> int:
    return int(page.get_by_test_id("epoch-chart").get_attribute("data-points") or 0)


def _more_epochs_than(page: Page, count: int) -> None:
    """Waits until the page's epoch chart holds more than `count` epochs."""
    fewer = "|".join(str(n) for n in range(count + 1))
    expect(page.get_by_test_id("epoch-chart")).not_to_have_attribute(
        "data-points", re.compile(rf"^({fewer})$")
    )


def test_an_open_run_page_follows_a_run_continued_elsewhere(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 2})
    other = page.context.new_page()  # a second tab of the same owner
    try:
        for tab in (page, other):
            tab.goto(f"{server_url}/runs/{run_id}")
            expect(tab.get_by_test_id("run-status")).to_have_text("succeeded")
            expect(tab.get_by_test_id("epochs-done")).to_have_text("2 of 2 epochs done")
            expect(tab.get_by_test_id("epoch-chart")).to_have_attribute("data-points", "2")

        # Train N more, pressed in the other tab: this one goes on with it, no reload.
        other.get_by_test_id("more-epochs-input").fill(str(MORE))
        other.get_by_test_id("more-epochs-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("running")
        _more_epochs_than(page, 2)
        expect(page.get_by_test_id("progress")).to_contain_text(f"of {2 + MORE}")
        # Its settings follow too: the plan is now the new number of epochs.
        expect(page.get_by_test_id("run-settings-line")).to_contain_text(f"{2 + MORE} epochs")

        assert api_of(page).post(f"/api/runs/{run_id}/cancel").ok
        for tab in (page, other):
            expect(tab.get_by_test_id("run-status")).to_have_text("stopped")
        stopped_at = _epochs_shown(page)

        # Continue through the API: both tabs follow, neither pressed anything.
        reply = api_of(page).post(f"/api/runs/{run_id}/continue", data={"epochs": MORE})
        assert reply.ok, reply.text()
        for tab in (page, other):
            expect(tab.get_by_test_id("run-status")).to_have_text("running")
            expect(tab.get_by_test_id("stop-button")).to_be_visible()
        _more_epochs_than(page, stopped_at)
        screenshot("run-page-goes-on")
    finally:
        api_of(page).post(f"/api/runs/{run_id}/cancel")
        other.close()
