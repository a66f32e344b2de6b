"""The runs page lists every run with its settings and results, and overlays their curves."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def _train(page: Page, lr: str) -> str:
    page.get_by_test_id("lr-input").fill(lr)
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    run_id = page.get_by_test_id("run-id").inner_text()
    page.go_back()  # Train opened the run's page; the editor kept the design
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    return run_id


def test_two_runs_compared_on_the_runs_page(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("3")
    slow = _train(page, "0.001")
    fast = _train(page, "0.05")

    page.get_by_test_id("runs-link").click()
    expect(page).to_have_url(f"{server_url}/runs")
    for run_id, lr in ((slow, "0.001"), (fast, "0.05")):
        row = page.get_by_test_id(f"run-row-{run_id}")
        expect(row).to_contain_text("digits")
        expect(row).to_contain_text(lr)
        expect(row).to_contain_text("succeeded")
        expect(row).to_contain_text("3/3")
        row.get_by_role("checkbox").check()
    overlay = page.get_by_test_id("runs-overlay")
    expect(overlay.get_by_test_id("overlay-val-loss")).to_be_visible()
    legend = overlay.get_by_test_id("overlay-accuracy").locator(".u-legend")
    expect(legend).to_contain_text(f"{slow[:6]} · Adam lr 0.001")
    expect(legend).to_contain_text(f"{fast[:6]} · Adam lr 0.05")
    screenshot("runs-page")
