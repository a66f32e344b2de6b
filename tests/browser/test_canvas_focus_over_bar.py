"""On the canvas view of a tablet (1024 x 768) and of 1920 px at 200 % zoom (960 x 540), a training
setting reached by Tab scrolls clear of the Train bar under the settings' column: the learning rate
was focused under it, only its ring's top line in sight (README: a focused field keeps clear)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_canvas, open_editor, open_template

SEEN = """(field) => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const bar = document.querySelector('[data-testid=train-bar]');
  done({ bottom: field.getBoundingClientRect().bottom,
         bar: bar && getComputedStyle(bar).visibility === 'visible' ? bar.getBoundingClientRect().top : null });
})))"""


def test_a_setting_tabbed_to_on_the_canvas_view_is_above_the_train_bar(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    for width, height in ((1024, 768), (960, 540)):
        page.set_viewport_size({"width": width, "height": height})
        open_editor(page, server_url)
        open_template(page, "lenet")
        open_canvas(page)
        bar = page.get_by_test_id("train-bar")
        expect(bar).to_be_visible()
        for field in ("epochs-input", "lr-input", "batch-size-input", "seed-input"):
            # In the window, but at its foot, where the bar is: Tab into it from the control before it,
            # as a keyboard walk does. Out of the window, the browser scrolls it to the middle.
            page.get_by_test_id(field).evaluate(
                """(field) => { const all = [...document.querySelectorAll(
                     'input, select, button, textarea, a[href], [tabindex="0"]')];
                   window.scrollBy(0, field.getBoundingClientRect().bottom - innerHeight + 12);
                   all[all.indexOf(field) - 1].focus({ preventScroll: true });
                   // The bar follows the scroll a frame later (an IntersectionObserver).
                   return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))); }"""
            )
            page.keyboard.press("Tab")
            expect(page.get_by_test_id(field)).to_be_focused()
            # Once the bar has followed the scroll (it goes where the settings' own Train shows).
            seen = page.get_by_test_id(field).evaluate(SEEN)
            assert seen["bar"] is None or seen["bottom"] <= seen["bar"], (width, field, seen)
        page.get_by_test_id("lr-input").focus()
        screenshot(f"canvas-focus-over-bar-{width}")
