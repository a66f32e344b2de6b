"""A layer becomes another of its kind in place (ReLU for Tanh, Add for Concat), as TensorFlow
Playground's Activation menu and Deep Network Designer do: its wires stay, so a residual block keeps
its skip, and Undo brings the old type back in one step."""

import json
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    open_canvas,
    open_editor,
    open_layer,
    open_template,
    select_node,
    set_param,
)


def _design(page: Page) -> dict:  # type: ignore[type-arg]
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download design").click()
    path = saved.value.path()
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def test_a_layer_takes_another_type_of_its_kind_in_place(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_template(page, "residual")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    before = _design(page)
    open_layer(page, "act2")
    kind = page.get_by_test_id("layer-type-act2")
    expect(kind).to_have_value("ReLU")
    kind.select_option("Tanh")
    expect(page.get_by_test_id("layer-type-act2")).to_have_value("Tanh")  # its own id stays
    screenshot("layer-type-menu")
    # The skip around the branch is untouched: the same edges, the one layer's type changed.
    after = _design(page)
    assert after["edges"] == before["edges"]
    changed = [layer for layer in after["layers"] if layer not in before["layers"]]
    assert changed == [{"id": "act2", "type": "Tanh"}]
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")

    open_layer(page, "add")
    expect(page.get_by_test_id("shape-add")).to_have_text("(16, 8, 8)")
    page.get_by_test_id("layer-type-add").select_option("Concat")  # channels side by side
    expect(page.get_by_test_id("shape-add")).to_have_text("(32, 8, 8)")
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("layer-type-add")).to_have_value("Add")
    expect(page.get_by_test_id("shape-add")).to_have_text("(16, 8, 8)")

    # On the canvas, the inspector offers the same menu; an id made from the type follows it.
    page.get_by_test_id("new-design").click()
    page.get_by_test_id("palette-Flatten").click()
    page.get_by_test_id("palette-ReLU").click()
    page.get_by_test_id("palette-Linear").click()
    open_canvas(page)
    select_node(page, "relu1")
    page.get_by_test_id("layer-type-relu1").select_option("Sigmoid")
    expect(page.get_by_test_id("node-sigmoid1")).to_be_visible()
    expect(page.get_by_test_id("node-relu1")).to_have_count(0)
    # A layer with no other of its kind shows its type, not a menu of one.
    select_node(page, "fc1")
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    expect(page.get_by_test_id("layer-type-fc1")).to_have_count(0)


def test_arrow_keys_walk_the_type_menu_as_one_undo_step_that_loses_nothing(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("new-design").click()
    page.get_by_test_id("palette-Conv2d").click()
    page.get_by_test_id("palette-MaxPool2d").click()
    # Only types that take an image stand in for a Conv2d: no Conv1d.
    open_layer(page, "conv1")
    conv = page.get_by_test_id("layer-type-conv1")
    expect(conv.locator("option")).to_have_text(["Conv2d", "ConvTranspose2d"])
    set_param(page, "pool1", "kernel_size", "3")
    expect(page.get_by_test_id("shape-pool1")).to_have_text("(16, 2, 2)")

    menu = page.get_by_test_id("layer-type-pool1")
    expect(menu.locator("option")).to_have_text(["MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"])
    menu.focus()
    page.keyboard.press("ArrowDown")  # AvgPool2d: its kernel of 3 kept
    expect(page.get_by_test_id("layer-type-pool1")).to_have_value("AvgPool2d")
    page.keyboard.press("ArrowDown")  # AdaptiveAvgPool2d has no kernel
    adaptive = page.get_by_test_id("layer-type-gap1")
    expect(adaptive).to_have_value("AdaptiveAvgPool2d")
    expect(adaptive).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # back where it started, kernel and id and all
    expect(page.get_by_test_id("layer-type-pool1")).to_have_value("MaxPool2d")
    expect(page.locator("#param-pool1-kernel_size")).to_have_value("3")
    expect(page.get_by_test_id("shape-pool1")).to_have_text("(16, 2, 2)")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_test_id("layer-type-gap1")).to_have_value("AdaptiveAvgPool2d")
    page.get_by_test_id("undo").click()  # the whole walk is one step
    expect(page.get_by_test_id("layer-type-pool1")).to_have_value("MaxPool2d")
    expect(page.locator("#param-pool1-kernel_size")).to_have_value("3")
    page.get_by_test_id("undo").click()  # then the kernel typed before it
    expect(page.locator("#param-pool1-kernel_size")).to_have_value("2")
