"""A layer near the canvas's foot that starts showing an error grows after the server answers: its
message and Fix button were cut off below the canvas's edge. The canvas brings it whole into view."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    add_layer,
    open_canvas,
    open_editor,
    select_node,
    set_param,
    wait_for_canvas_fit,
)


def test_a_layer_that_starts_showing_an_error_is_brought_into_view(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    open_editor(page, server_url)
    for layer in ("Conv2d", "ReLU", "Conv2d", "ReLU", "Flatten", "Linear"):
        add_layer(page, layer)
    set_param(page, "fc1", "out_features", "10")
    open_canvas(page)
    wait_for_canvas_fit(page, "fc1")
    select_node(page, "fc1")
    page.locator("#param-fc1-out_features").fill("3")  # digits has 10 classes
    error = page.get_by_test_id("node-error-fc1")
    expect(error).to_contain_text("needs one output per class")
    wait_for_canvas_fit(page, "fc1")
    pane = page.locator(".react-flow").bounding_box()
    fix = page.get_by_test_id("node-fix-fc1")
    expect(fix).to_be_visible()
    box = fix.bounding_box()
    assert pane is not None and box is not None
    screenshot("canvas-error-in-view")
    assert box["y"] + box["height"] <= pane["y"] + pane["height"], (box, pane)
