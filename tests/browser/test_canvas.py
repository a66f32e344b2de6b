"""Build a residual CNN on the canvas by dragging and wiring, fix it in one click, undo, train it."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    drag_wire,
    drop_layer,
    labels_over_nodes,
    open_canvas,
    open_editor,
    select_node,
    set_param,
    wait_for_canvas_fit,
)


def test_build_a_residual_cnn_on_the_canvas_fix_it_and_train_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_canvas(page)
    # The input names its dataset in full (it was cut to "Handwritten di…"), wrapping if it must.
    title = page.get_by_test_id("input-title")
    expect(title).to_have_attribute("title", "Handwritten digits (8×8)")
    assert title.evaluate(
        "(t) => t.scrollWidth <= t.clientWidth && t.scrollHeight <= t.clientHeight"
    )
    # A stack builds itself: each layer dropped below the others follows the one before.
    drop_layer(page, "Conv2d")
    drop_layer(page, "ReLU")
    drop_layer(page, "Conv2d")
    select_node(page, "conv2")
    set_param(page, "conv2", "out_channels", "32")
    set_param(page, "conv2", "padding", "1")
    expect(page.get_by_test_id("edge-input-conv1")).to_have_text("(1, 8, 8)")
    expect(page.get_by_test_id("edge-relu1-conv2")).to_have_text("(16, 6, 6)")
    expect(page.get_by_test_id("node-params-conv2")).to_have_text("4,640 params")
    # A wide shape and a long count share the node's last line, or the count moves under the
    # shape whole: neither is broken across two lines ("(256, 6," over "6)").
    set_param(page, "conv2", "out_channels", "256")
    expect(page.get_by_test_id("node-params-conv2")).to_have_text("37,120 params")
    for part in (
        page.get_by_test_id("node-conv2").locator(".shape"),
        page.get_by_test_id("node-params-conv2"),
    ):
        assert part.evaluate(
            "(e) => e.getClientRects().length === 1 && e.getBoundingClientRect().height < 24"
        )
    set_param(page, "conv2", "out_channels", "32")

    drop_layer(page, "Add")
    expect(page.get_by_test_id("node-error-add1")).to_contain_text(
        "has 1 input, from conv2: connect a second branch into it"
    )

    # The skip connection: relu1 also feeds the Add. Its channels (16) differ from conv2's (32).
    drag_wire(page, "relu1", "add1")
    expect(page.get_by_test_id("edge-relu1-add1")).to_have_text("(16, 6, 6)")
    expect(page.get_by_test_id("edge-conv2-add1")).to_have_text("(32, 6, 6)")
    error = page.get_by_test_id("node-error-add1")
    expect(error).to_contain_text("needs inputs of the same shape")
    expect(page.get_by_test_id("node-add1")).to_have_class(re.compile("has-error"))
    wait_for_canvas_fit(page, "add1")
    assert labels_over_nodes(page) == []  # the skip wire's label runs beside conv2, not over it
    screenshot("canvas-add-error")

    # A second input into a one-input layer is refused while dragging, with the reason.
    drag_wire(page, "conv1", "conv2")
    expect(page.get_by_test_id("canvas-toast")).to_contain_text(
        "Conv2d conv2 takes one input and already has one from relu1"
    )
    expect(page.get_by_test_id("edge-conv1-conv2")).to_have_count(0)

    # One click inserts a 1×1 Conv2d on the skip wire; undo takes it back, redo brings it again.
    # What add1 says then is only the editor's live check of the output: the design ends there
    # for now, and digits has 10 classes.
    add1_error = page.get_by_test_id("node-error-add1")
    page.get_by_test_id("node-fix-add1").click()
    expect(add1_error).not_to_contain_text("needs inputs of the same shape")
    expect(add1_error).to_contain_text("the last layer add1 gives (32, 6, 6)")
    expect(page.get_by_test_id("edge-relu1-conv3")).to_have_text("(16, 6, 6)")
    expect(page.get_by_test_id("edge-conv3-add1")).to_have_text("(32, 6, 6)")
    expect(page.get_by_test_id("node-params-conv3")).to_have_text("544 params")
    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("node-error-add1")).to_contain_text("needs inputs of the same shape")
    expect(page.get_by_test_id("node-conv3")).to_have_count(0)
    page.get_by_test_id("redo").click()
    expect(add1_error).not_to_contain_text("needs inputs of the same shape")
    expect(page.get_by_test_id("node-conv3")).to_have_count(1)

    # A Linear dropped into a graph waits unconnected; wired after the Add it needs a Flatten.
    box = page.get_by_test_id("canvas").bounding_box()
    assert box is not None
    drop_layer(page, "Linear", 60, box["height"] - 40)  # the bottom-left corner, clear of nodes
    expect(page.get_by_test_id("node-error-fc1").filter(has_text="has no input")).to_be_visible()
    drag_wire(page, "add1", "fc1")
    expect(page.get_by_test_id("node-error-fc1")).to_have_count(1)
    expect(page.get_by_test_id("node-error-fc1")).to_contain_text("expects a flat input")
    page.get_by_test_id("list-tab").click()
    page.get_by_test_id("fix-fc1").click()
    expect(page.get_by_test_id("shape-flat1")).to_have_text("(1152)")
    expect(page.get_by_test_id("inputs-flat1")).to_have_text("Takes add1")
    expect(page.get_by_test_id("error-fc1")).to_have_count(0)
    open_canvas(page)
    expect(page.get_by_test_id("edge-flat1-fc1")).to_have_text("(1152)")
    expect(page.get_by_test_id("total-params")).to_have_text("16,874 parameters")
    screenshot("canvas-residual-valid")
    # A reload opens the view left, the canvas, on the same design (it opened on the list).
    page.reload()
    expect(page.get_by_test_id("canvas-tab")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("edge-flat1-fc1")).to_have_text("(1152)")

    page.get_by_test_id("epochs-input").fill("3")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
