"""A 2-D set's scatter in the editor counts a test set as the line above it does: "432 train / 120
validation / 48 test" over a caption that said "480 training points (filled), 120 validation"."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor


def test_the_scatter_caption_counts_the_test_set_apart(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("spiral")
    scatter = page.get_by_test_id("plane-scatter")
    caption = scatter.locator("figcaption")
    expect(caption).to_have_text(
        "x₁ across, x₂ up: 480 training points (filled), 120 validation (hollow)"
    )
    page.get_by_test_id("test-fraction-input").fill("0.1")
    expect(page.get_by_test_id("dataset-sizes")).to_contain_text(
        "432 train / 120 validation / 48 test"
    )
    expect(caption).to_have_text(
        "x₁ across, x₂ up: 480 training points (filled, 48 of them kept apart as the test set), "
        "120 validation (hollow)"
    )
    expect(scatter.get_by_role("img")).to_have_attribute(
        "aria-label", "600 points, 432 to train on, 48 to test on"
    )
    screenshot("plane-scatter-test-set")
    # The training share moves both: 300 training points, of which 30 are kept apart.
    page.get_by_test_id("train-share").fill("50")
    expect(page.get_by_test_id("dataset-sizes")).to_contain_text(
        "270 train / 300 validation / 30 test"
    )
    expect(caption).to_contain_text(
        "300 training points (filled, 30 of them kept apart as the test set)"
    )
