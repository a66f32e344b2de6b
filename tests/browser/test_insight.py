"""Looking inside training: histograms, update ratios and plain-words warnings on the dashboard."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def test_a_too_high_learning_rate_kills_the_relu_and_the_dashboard_says_so(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear", "ReLU", "Linear"):
        add_layer(page, layer)
    set_param(page, "fc1", "out_features", "32")
    page.get_by_test_id("optimizer-select").select_option("SGD")
    page.get_by_test_id("lr-input").fill("2")
    page.get_by_test_id("epochs-input").fill("6")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)

    warnings = page.get_by_test_id("run-warnings")
    expect(warnings).to_contain_text("ReLU `relu1` is mostly dead")
    expect(warnings).to_contain_text("Gradients in `fc1` have vanished")
    histograms = page.get_by_test_id("histograms")
    # A finished run's last look is at its last step (6 epochs of 90 batches, the last of 13
    # samples), so the histograms show the trained network, with no note that they came before.
    expect(histograms.get_by_test_id("histograms-step")).to_have_text(
        "Weights and gradients at step 540"
    )
    expect(histograms.get_by_test_id("histogram-fc1").locator("rect")).to_have_count(2 * 24)
    expect(histograms).to_contain_text("100% of outputs are 0")
    expect(page.get_by_test_id("ratio-chart").locator(".u-legend")).to_contain_text("fc2")
    page.get_by_test_id("run-warnings").scroll_into_view_if_needed()
    screenshot("dashboard-insight")
