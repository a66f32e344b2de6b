"""The gradient heatmap, and after a run ends, what the model got right and wrong."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_confusion_matrix_and_mistakes_after_a_digits_run(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)

    heatmap = page.get_by_test_id("grad-heatmap")
    expect(heatmap.locator("canvas")).to_be_visible()
    assert int(heatmap.get_attribute("data-columns") or 0) > 0
    expect(heatmap).to_contain_text("step 46")  # 2 epochs of 23 batches

    matrix = page.get_by_test_id("confusion-matrix")
    expect(matrix).to_be_visible(timeout=15_000)
    expect(matrix.locator("tbody tr")).to_have_count(10)
    cells = matrix.locator("tbody td").all_inner_texts()
    assert len(cells) == 100
    assert sum(int(text) for text in cells if text.strip()) == 360  # every validation sample once
    right = sum(int(cells[11 * i] or 0) for i in range(10))  # the diagonal
    # The gallery shows some of the mistakes, and says of how many.
    shown = page.get_by_test_id("misclassified").locator("li").count()
    expect(page.get_by_test_id("misclassified-caption")).to_have_text(
        f"Misclassified samples ({shown} of {360 - right} shown)"
    )
    expect(page.get_by_test_id("class-accuracy").locator("li")).to_have_count(10)
    gallery = page.get_by_test_id("misclassified")
    expect(gallery.locator("canvas").first).to_be_visible()
    expect(gallery.locator("li").first).to_contain_text("→")
    page.get_by_test_id("run-results").scroll_into_view_if_needed()
    screenshot("dashboard-results")
