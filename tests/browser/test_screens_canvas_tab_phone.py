"""On a phone's canvas, the first layer reached by Tab comes into the window, above Train's bar: the
browser scrolled to it at the window's foot, then the canvas moved its view to show a row above it,
which took it below the window and under the bar."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_canvas, open_editor, open_template, screenshot_page

# Two frames: the canvas moves its view on the focus, the page follows a frame after it is drawn.
SETTLED = "() => new Promise((done) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(done)), 100))"
FOCUSED_BOX = """() => { const r = document.activeElement.getBoundingClientRect();
  const bar = document.querySelector('[data-testid=train-bar]');
  return { node: document.activeElement.matches('.react-flow__node'), top: r.top, bottom: r.bottom,
           window: innerHeight, bar: bar.getBoundingClientRect().top }; }"""


def test_the_first_layer_tabbed_to_on_a_phones_canvas_is_in_the_window(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(phone, server_url)
    open_template(phone, "lenet")
    open_canvas(phone)
    expect(phone.get_by_test_id("train-bar")).to_be_visible()
    # The canvas's first node whole in the window, just above the bar (where the page stood after
    # its Undo was Tabbed to): the browser has no need to scroll to it.
    phone.get_by_test_id("undo").focus()
    phone.locator(".react-flow__node").first.evaluate(
        """(node) => { const bar = document.querySelector('[data-testid=train-bar]');
           window.scrollBy(0, node.getBoundingClientRect().bottom - bar.getBoundingClientRect().top + 8); }"""
    )
    phone.evaluate(SETTLED)
    phone.keyboard.press("Tab")
    phone.evaluate(SETTLED)
    seen = phone.evaluate(FOCUSED_BOX)
    assert seen["node"], seen
    assert seen["top"] >= 0 and seen["bottom"] <= seen["bar"] <= seen["window"], seen
    screenshot_page(phone, screenshot, "screens-canvas-tab-phone")
