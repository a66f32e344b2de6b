"""On the canvas view too, Train was out of sight with no bar (a 2-D set's data panel puts the
settings' Train below a 1440 x 900 window, and far down a phone): the bar shows there, under the
settings' column on a wide screen, clear of the canvas, and on a phone it hides while it would
cover the canvas's controls or a carried layer; its Train starts a run."""

import os
import re
from typing import TypedDict

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor

WIDE = {"width": 1440, "height": 900}


class Box(TypedDict):
    x: float
    y: float
    width: float
    height: float


def _shoot(page: Page, name: str) -> None:
    """The window as a person sees it, the bar at its foot (a full page would move the bar)."""
    if folder := os.environ.get("TORCHCANVAS_SCREENS"):
        page.screenshot(path=f"{folder}/{name}.png")


def _box(page: Page, test_id: str) -> Box:
    box = page.get_by_test_id(test_id).bounding_box()
    assert box is not None, f"{test_id} is not drawn"
    return Box(x=box["x"], y=box["y"], width=box["width"], height=box["height"])


def _overlap(a: Box, b: Box) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _moons_on_canvas(page: Page, server_url: str) -> None:
    """A valid design on the two moons (a challenge's), shown on the canvas, at the page's top."""
    open_editor(page, server_url)
    page.get_by_test_id("challenges-link").click()
    page.get_by_test_id("challenge-start-moons-beat-linear").click()
    expect(page.get_by_test_id("dataset-select")).to_have_value("moons")
    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-input")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")


def test_the_bar_has_train_on_the_canvas_of_a_wide_screen(page: Page, server_url: str) -> None:
    page.set_viewport_size(WIDE)
    _moons_on_canvas(page, server_url)
    bar = page.get_by_test_id("train-bar")
    expect(page.get_by_test_id("train-bar-button")).to_be_enabled()
    assert _box(page, "train-button")["y"] > WIDE["height"]  # the settings' own, out of sight
    # Under the settings' column: clear of the canvas (its controls and drop hint are in it).
    expect(bar).to_be_visible()
    assert not _overlap(_box(page, "train-bar"), _box(page, "canvas"))
    _shoot(page, "train-bar-canvas-1440")
    # Scrolled down the page, the canvas moves up, away from it; beside Train, the bar goes.
    page.evaluate("window.scrollTo(0, 300)")
    assert not _overlap(_box(page, "train-bar"), _box(page, "canvas"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(bar).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("train-bar-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    expect(page.get_by_test_id("run-status")).to_have_text(re.compile("queued|running|succeeded"))


def test_the_bar_has_train_on_the_canvas_of_a_phone(phone: Page, server_url: str) -> None:
    _moons_on_canvas(phone, server_url)
    bar = phone.get_by_test_id("train-bar")
    button = phone.get_by_test_id("train-bar-button")
    expect(button).to_be_visible()
    _shoot(phone, "train-bar-canvas-phone")
    # A layer picked up from the palette by a finger: the bar hides while it is carried, so that
    # what is under the finger where it lifts is the canvas (and the page does not move).
    cdp = phone.context.new_cdp_session(phone)
    start = _box(phone, "palette-Linear")
    at = {"x": start["x"] + start["width"] / 2, "y": start["y"] + start["height"] / 2}
    scrolled = phone.evaluate("window.scrollY")
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [at]})
    expect(phone.get_by_test_id("palette-carried")).to_have_text("Linear")
    expect(bar).to_be_hidden()
    assert phone.evaluate("window.scrollY") == scrolled
    cdp.send("Input.dispatchTouchEvent", {"type": "touchCancel", "touchPoints": []})
    expect(phone.get_by_test_id("palette-carried")).to_have_count(0)
    expect(button).to_be_visible()
    # A node dragged down toward the window's foot: the bar hides while it is carried.
    node = phone.get_by_test_id("node-input")
    node.evaluate("(n) => window.scrollBy(0, n.getBoundingClientRect().top - 250)")
    expect(button).to_be_visible()
    head = _box(phone, "node-input")
    phone.mouse.move(head["x"] + 20, head["y"] + 8)
    phone.mouse.down()
    for step in range(1, 11):
        phone.mouse.move(head["x"] + 20, head["y"] + 8 + step * 45)
    expect(phone.locator(".react-flow__node.dragging")).to_have_count(1)
    expect(bar).to_be_hidden()
    phone.mouse.up()
    expect(button).to_be_visible()
    # With the canvas's foot (its zoom controls, a drop's hint) at the window's foot, the bar
    # would cover them: it hides, the page not moving.
    phone.get_by_test_id("canvas").evaluate(
        "(c) => window.scrollBy(0, c.getBoundingClientRect().bottom - window.innerHeight + 20)"
    )
    controls = phone.locator(".react-flow__controls")
    expect(controls).to_be_visible()
    expect(bar).to_be_hidden()
    at = phone.evaluate("window.scrollY")
    _shoot(phone, "train-bar-canvas-phone-foot")
    assert phone.evaluate("window.scrollY") == at
    # Scrolled on past the canvas, it is back, clear of the canvas, and trains.
    phone.get_by_test_id("canvas").evaluate(
        "(c) => window.scrollBy(0, c.getBoundingClientRect().bottom - 200)"
    )
    expect(button).to_be_visible()
    assert not _overlap(_box(phone, "train-bar"), _box(phone, "canvas"))
    _shoot(phone, "train-bar-canvas-phone-past")
    button.tap()
    expect(phone).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    expect(phone.get_by_test_id("run-status")).to_have_text(re.compile("queued|running|succeeded"))
