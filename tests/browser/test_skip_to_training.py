"""Keyboard: the editor's first Tab offers a way past the palette to the training settings."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_the_first_tab_skips_the_palette_to_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear"):  # a design that can train, so Train takes focus
        add_layer(page, layer)
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.reload()  # as a keyboard user meets it: Tab from the top of the page
    expect(page.get_by_test_id("train-button")).to_be_enabled()  # the editor is drawn
    skip = page.get_by_test_id("skip-to-training")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused link must be on screen"
    screenshot("editor-skip-link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Training")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("dataset-select")).to_be_focused()
    train = page.get_by_test_id("train-button")
    presses = 0
    while not train.evaluate("b => b === document.activeElement"):
        presses += 1
        assert presses <= 20, "Tab did not reach Train within 20 presses of the dataset"
        page.keyboard.press("Tab")
