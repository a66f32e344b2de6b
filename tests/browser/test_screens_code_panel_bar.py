"""At 1024 px, and at 200 % zoom (960 x 540), the Code panel opens under the top bar: the bar wraps
there to two rows, and the panel, 4.5rem down, covered its own Code button, the pages and the
design's name. The button it lies under is the one a click reaches, and closes it."""

from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.browser_steps import ON_TOP, open_editor, open_template

SIZES: list[ViewportSize] = [{"width": 1024, "height": 768}, {"width": 960, "height": 540}]


def test_the_code_panel_leaves_the_top_bar_uncovered(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_template(page, "lenet")
    button = page.get_by_test_id("code-button")
    panel = page.get_by_test_id("code-panel")
    for size in SIZES:
        page.set_viewport_size(size)
        button.click()
        expect(page.get_by_test_id("code-text")).to_be_visible()
        bar, box = page.locator("header.topbar").bounding_box(), panel.bounding_box()
        assert bar is not None and box is not None
        assert box["y"] >= bar["y"] + bar["height"], (size, bar, box)  # under the bar
        assert box["y"] + box["height"] <= size["height"], (size, box)  # and whole in the window
        for seen in (
            button,
            page.get_by_role("link", name="Runs"),
            page.get_by_test_id("design-name"),
        ):
            assert seen.evaluate(ON_TOP), (size, seen)
        screenshot(f"screens-code-panel-{size['width']}")
        button.click()  # the button the panel leaves in sight closes it
        expect(panel).to_have_count(0)
