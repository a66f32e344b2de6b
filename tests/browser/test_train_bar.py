"""Where the training settings come under the design (1024 × 768, a projector or a small laptop),
Train was two screens down a 10-layer design: a bar along the window's foot has it while the
settings' own button is out of view, and says why it is off."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, open_template


def test_train_is_at_hand_below_a_long_design(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    open_editor(page, server_url)
    bar = page.get_by_test_id("train-bar")
    expect(bar).to_contain_text("Add a layer to the design first.")
    expect(page.get_by_test_id("train-bar-button")).to_be_disabled()

    open_template(page, "residual")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.get_by_test_id("train-bar-button")).to_be_enabled()
    assert (page.get_by_test_id("train-button").bounding_box() or {"y": 0})["y"] > 768
    screenshot("train-bar-1024")
    # Its link takes the keyboard to the settings, adding no history entry (Back would go on).
    before = page.url
    bar.get_by_role("link", name="Settings ↓").click()
    expect(page.get_by_role("heading", name="Training", exact=True)).to_be_focused()
    assert page.url == before
    # Beside the settings' own Train, and past it, the bar goes.
    page.get_by_test_id("train-button").scroll_into_view_if_needed()
    expect(bar).to_have_count(0)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(bar).to_have_count(0)
    # On the canvas, the settings stand beside it: the bar is under them, clear of the canvas
    # and its controls (test_train_bar_canvas.py).
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("canvas-tab").click()
    expect(bar).to_be_visible()
    shown, canvas = bar.bounding_box(), page.get_by_test_id("canvas").bounding_box()
    assert shown is not None and canvas is not None
    assert shown["x"] >= canvas["x"] + canvas["width"]
    page.get_by_test_id("list-tab").click()
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("epochs-input").fill("1")
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("train-bar-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)


def test_no_bar_where_train_sits_beside_the_design(page: Page, server_url: str) -> None:
    open_editor(page, server_url)  # 1440 wide: the settings and Train are a column of their own
    open_template(page, "residual")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.get_by_test_id("train-bar")).to_be_hidden()
