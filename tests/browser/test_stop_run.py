"""A long run stops when the Stop button is pressed."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_stop_a_long_run(page: Page, server_url: str, screenshot: Callable[[str], None]) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("1000")
    page.get_by_test_id("batch-size-input").fill("1")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.get_by_test_id("train-button").click()

    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    expect(page.get_by_test_id("progress")).to_contain_text("Epoch 1 of 1000")
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute("data-points", "0")
    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("cancelled", timeout=5_000)
    expect(page.get_by_test_id("stop-button")).to_have_count(0)
    expect(page.get_by_test_id("download-weights")).to_have_count(0)
    screenshot("dashboard-cancelled")
