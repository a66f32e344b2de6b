"""The editor on a phone (390×844, touch): one column, nothing wider than the screen, and a person
adds layers, edits a param in the list and on the canvas, and trains."""

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.browser_steps import open_editor, screenshot_page, set_param

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, server_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def fits_the_width(page: Page, screen: int = PHONE["width"]) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= screen, f"the page is {width} px wide on a {screen} px screen"


def one_under_another(*parts: Locator) -> None:
    """Each part is as wide as the screen allows, and starts below the one before it ends."""
    boxes = [part.bounding_box() for part in parts]
    for box in boxes:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for upper, lower in pairwise(boxes):
        assert upper is not None and lower is not None
        assert lower["y"] >= upper["y"] + upper["height"], (upper, lower)


def test_a_person_designs_and_trains_on_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(phone, server_url)
    fits_the_width(phone)
    for layer_type in ("Flatten", "Linear", "ReLU", "Linear"):
        phone.get_by_test_id(f"palette-{layer_type}").tap()
    expect(phone.get_by_test_id("shape-fc2")).to_have_text("(10)")
    set_param(phone, "fc1", "out_features", "32")
    expect(phone.get_by_test_id("shape-fc1")).to_have_text("(32)")
    fits_the_width(phone)
    phone.set_viewport_size({"width": 660, "height": PHONE["height"]})  # a phone held sideways
    fits_the_width(phone, 660)
    phone.set_viewport_size(PHONE)
    palette = phone.get_by_role("navigation", name="Layer palette")
    design = phone.get_by_role("region", name="Design")
    training = phone.get_by_role("region", name="Training settings")
    one_under_another(palette, design, training)
    screenshot_page(phone, screenshot, "editor-phone-list")

    # On the canvas: a tapped layer opens in the inspector, under the canvas.
    phone.get_by_test_id("canvas-tab").tap()
    phone.get_by_test_id("node-fc1").tap()
    inspector = phone.get_by_role("region", name="Selected layer")
    phone.locator("#param-fc1-out_features").fill("24")
    expect(phone.get_by_test_id("node-fc1")).to_contain_text("(24)")
    fits_the_width(phone)
    one_under_another(palette, phone.get_by_test_id("canvas"), inspector, training)
    screenshot_page(phone, screenshot, "editor-phone-canvas")

    phone.get_by_test_id("epochs-input").fill("1")
    phone.get_by_test_id("train-button").tap()
    expect(phone).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))
