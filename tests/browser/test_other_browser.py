"""A run made in one browser is opened in another after a code made in the first is typed there."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run


def test_a_code_brings_a_run_to_another_browser(
    page: Page,
    browser: Browser,
    server_url: str,
    server_data: Path,
    screenshot: Callable[[str], None],
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DIGITS_CNN, DIGITS_SETTINGS, finished_events(3)
    )
    page.goto(f"{server_url}/runs")
    expect(page.get_by_text(run_id)).to_be_visible()
    page.get_by_text("Your runs in another browser").click()
    page.get_by_role("button", name="Make a code").click()
    code = page.get_by_test_id("transfer-code").inner_text()
    screenshot("runs-transfer-code")

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        there = other.new_page()
        there.goto(f"{server_url}/runs/{run_id}")  # not this browser's run yet
        expect(there.get_by_text("is not among this browser's runs")).to_be_visible()
        there.goto(f"{server_url}/runs")
        expect(there.get_by_text("No runs yet")).to_be_visible()
        there.get_by_text("Your runs in another browser").click()
        # A stranger's code would hand this browser's runs and uploads to the stranger.
        expect(there.get_by_test_id("claim-warning")).to_have_text(
            "Type only a code you made yourself: whoever made it gets this browser's runs and "
            "uploads too, and keeps them."
        )
        there.get_by_test_id("claim-code-input").fill("not-a-code")
        there.get_by_role("button", name="Use code").click()
        expect(there.get_by_test_id("transfer-problem")).to_contain_text(
            "That code is wrong, used or expired"
        )
        there.get_by_test_id("claim-code-input").fill(code.lower())
        there.get_by_role("button", name="Use code").click()
        expect(there.get_by_test_id("claim-result")).to_have_text(
            "This browser now has the other browser's runs and uploads too: 1 run in all."
        )
        expect(there.get_by_test_id("transfer-problem")).to_have_count(0)
        expect(there.get_by_text(run_id)).to_be_visible()  # the list asked again at once
        there.goto(f"{server_url}/runs/{run_id}")  # the run's own address works here now
        expect(there.get_by_test_id("run-status")).to_have_text("succeeded")
    finally:
        other.close()
