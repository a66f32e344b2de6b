"""A finger on the palette of a phone: a tap adds a layer, a quick swipe scrolls the palette and
adds nothing, and a finger that rests on a layer type picks it up and drops it on the canvas where
it lifts (here onto a wire, which splices it in), as a mouse's drag does. Touches are Chromium's
own (CDP Input.dispatchTouchEvent), so the browser scrolls and clicks as on a phone."""

import os

from playwright.sync_api import CDPSession, Page, expect

from tests.browser.browser_steps import open_editor


def _centre(page: Page, test_id: str) -> tuple[float, float]:
    box = page.get_by_test_id(test_id).bounding_box()
    assert box is not None, f"{test_id} is not drawn"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _touch(cdp: CDPSession, kind: str, x: float | None = None, y: float | None = None) -> None:
    points = [] if x is None else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def _slide(cdp: CDPSession, start: tuple[float, float], end: tuple[float, float]) -> None:
    """The finger moves from `start` to `end` in ten steps, still down."""
    for step in range(1, 11):
        x = start[0] + (end[0] - start[0]) * step / 10
        y = start[1] + (end[1] - start[1]) * step / 10
        _touch(cdp, "touchMove", x, y)


def test_a_finger_taps_swipes_and_drags_a_layer_onto_the_canvas(
    phone: Page, server_url: str
) -> None:
    open_editor(phone, server_url)
    phone.get_by_test_id("palette-Flatten").tap()
    phone.get_by_test_id("canvas-tab").tap()
    nodes = phone.get_by_test_id("canvas").locator(".react-flow__node")
    expect(nodes).to_have_count(2)  # the input and flat1, added by the tap
    wire = phone.get_by_test_id("edge-input-flat1")
    expect(wire).to_be_visible()
    cdp = phone.context.new_cdp_session(phone)

    # Rests on Linear until it is picked up, then carries it over the wire into flat1: the page
    # scrolled to show both, as a person would first. The finger crosses the canvas's top edge on
    # its way in, and the view stays still: it pans only for a layer brought back to the edge.
    phone.get_by_test_id("palette-Linear").scroll_into_view_if_needed()
    phone.get_by_test_id("palette-Linear").evaluate(
        "(item) => window.scrollBy(0, item.getBoundingClientRect().top - 16)"
    )
    start = _centre(phone, "palette-Linear")
    _touch(cdp, "touchStart", *start)
    carried = phone.get_by_test_id("palette-carried")
    expect(carried).to_have_text("Linear")
    view = phone.locator(".react-flow__viewport")
    still = view.get_attribute("style")
    _slide(cdp, start, _centre(phone, "edge-input-flat1"))
    expect(wire).to_have_class("edge-shape is-drop-target")
    assert view.get_attribute("style") == still
    expect(phone.get_by_test_id("canvas-drop-hint")).to_have_text(
        "Drop to put it on the wire from input to flat1."
    )
    if folder := os.environ.get("TORCHCANVAS_SCREENS"):  # the screen only: a full page's resize
        phone.screenshot(path=f"{folder}/palette-touch-drag.png")  # would cancel the touch
    _touch(cdp, "touchEnd")
    expect(carried).to_have_count(0)
    expect(phone.get_by_test_id("edge-input-fc1")).to_have_count(1)  # spliced in before flat1
    expect(phone.get_by_test_id("edge-fc1-flat1")).to_have_count(1)
    expect(wire).to_have_count(0)
    expect(nodes).to_have_count(3)  # the lift added no second Linear by a click

    # A quick swipe up the palette scrolls it, and adds nothing.
    palette = phone.get_by_role("navigation", name="Layer palette").element_handle()
    scrolled = palette.evaluate("(nav) => nav.scrollTop")
    start = _centre(phone, "palette-Conv2d")
    _touch(cdp, "touchStart", *start)
    _slide(cdp, start, (start[0], start[1] - 150))
    _touch(cdp, "touchEnd")
    phone.wait_for_function("([nav, top]) => nav.scrollTop > top + 50", arg=[palette, scrolled])
    expect(carried).to_have_count(0)
    expect(nodes).to_have_count(3)


def _bring_in_view(phone: Page, palette_item: str, target: str, at_y: int) -> None:
    """Shows a palette item at the foot of the palette and `target`'s top `at_y` px down the
    screen, so that one finger can carry the item to it."""
    phone.get_by_test_id(palette_item).evaluate("(item) => item.scrollIntoView({block: 'end'})")
    phone.get_by_test_id(target).evaluate(
        "(el, y) => window.scrollBy(0, el.getBoundingClientRect().top - y)", at_y
    )


def test_a_finger_drops_into_the_list_and_pans_the_canvas_at_its_edge(
    phone: Page, server_url: str
) -> None:
    open_editor(phone, server_url)
    phone.get_by_test_id("palette-Flatten").tap()
    cdp = phone.context.new_cdp_session(phone)
    carried = phone.get_by_test_id("palette-carried")

    # Carried between the input and flat1 in the list: a line shows where it goes, and it goes there.
    _bring_in_view(phone, "palette-Linear", "input-row", 600)
    start = _centre(phone, "palette-Linear")
    _touch(cdp, "touchStart", *start)
    expect(carried).to_have_text("Linear")
    row = phone.get_by_test_id("input-row").bounding_box()
    assert row is not None
    _slide(cdp, start, (row["x"] + row["width"] / 2, row["y"] + row["height"] + 6))
    expect(phone.get_by_test_id("list-drop-hint")).to_have_text("Drop to put it after the input.")
    expect(phone.get_by_test_id("list-drop-line")).to_be_visible()
    if folder := os.environ.get("TORCHCANVAS_SCREENS"):
        phone.screenshot(path=f"{folder}/palette-touch-list-drop.png")
    _touch(cdp, "touchEnd")
    expect(carried).to_have_count(0)
    rows = phone.locator("ol.layers > li")
    expect(rows).to_have_count(3)
    assert [r.get_attribute("data-testid") for r in rows.all()] == [
        "input-row",
        "layer-card-fc1",
        "layer-card-flat1",
    ]
    expect(phone.get_by_test_id("list-drop-hint")).to_have_count(0)

    # Held still at the canvas's right edge, the view pans on, as under a mouse's drag.
    phone.get_by_test_id("canvas-tab").tap()
    view = phone.locator(".react-flow__viewport")
    expect(phone.get_by_test_id("node-fc1")).to_be_visible()
    _bring_in_view(phone, "palette-Conv2d", "canvas", 560)
    before = view.get_attribute("style")
    start = _centre(phone, "palette-Conv2d")
    _touch(cdp, "touchStart", *start)
    expect(carried).to_have_text("Conv2d")
    canvas = phone.get_by_test_id("canvas").bounding_box()
    assert canvas is not None
    _slide(cdp, start, (canvas["x"] + canvas["width"] - 6, 700))
    phone.wait_for_function(
        "([view, before]) => view.getAttribute('style') !== before",
        arg=[view.element_handle(), before],
    )
    moved = view.get_attribute("style")
    phone.wait_for_function(  # and goes on panning while the finger rests
        "([view, moved]) => view.getAttribute('style') !== moved",
        arg=[view.element_handle(), moved],
    )
    _touch(cdp, "touchCancel")
    expect(carried).to_have_count(0)
    expect(phone.get_by_test_id("canvas").locator(".react-flow__node")).to_have_count(3)
