"""The gradient heatmap, and after a run ends, what the model got right and wrong."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import FIRST_MISTAKES, add_layer, open_editor


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
    # The gallery holds every mistake of a digits run (64 values each), and says so: the first
    # 48 shown, then all of them at Show all.
    tiles = page.get_by_test_id("misclassified").locator("li")
    expect(tiles).to_have_count(min(360 - right, FIRST_MISTAKES))
    if 360 - right > FIRST_MISTAKES:
        page.get_by_test_id("misclassified-more").click()
    expect(tiles).to_have_count(360 - right)
    caption = page.get_by_test_id("misclassified-caption")
    expect(caption).to_have_text(f"Misclassified samples (all {360 - right})")
    # A cell of the matrix shows its own confusion's samples; Show all, all again.
    off = [(int(text), n) for n, text in enumerate(cells) if text.strip() and n % 11]
    count, n = max(off)
    true, guess = divmod(n, 10)
    page.get_by_test_id(f"confusion-{true}-{guess}").click()
    expect(caption).to_have_text(f"Misclassified: true “{true}”, predicted “{guess}” (all {count})")
    expect(page.get_by_test_id("misclassified").locator("li")).to_have_count(count)
    for item in page.get_by_test_id("misclassified").locator("li").all_inner_texts():
        assert item.startswith(f"true {true} → {guess}"), item
        # Its confidence to a tenth of a percent, as Try it says it (100 % read as 99.8 % there).
        assert re.search(r" \d{1,3}\.\d%\n", item), item
    expect(page.get_by_test_id(f"confusion-{true}-{guess}")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot("results-one-confusion")
    page.get_by_test_id("misclassified-all").click()
    expect(page.get_by_test_id("misclassified").locator("li")).to_have_count(360 - right)
    # The button went: the keyboard is back on the cell, not the page's top.
    expect(page.get_by_test_id(f"confusion-{true}-{guess}")).to_be_focused()
    expect(page.get_by_test_id("class-accuracy").locator("li")).to_have_count(10)
    gallery = page.get_by_test_id("misclassified")
    expect(gallery.locator("canvas").first).to_be_visible()
    expect(gallery.locator("li").first).to_contain_text("→")
    page.get_by_test_id("run-results").scroll_into_view_if_needed()
    screenshot("dashboard-results")
