"""Copy and paste of layers, as Deep Network Designer has it: a residual block copied on the canvas
pastes whole (its skip wire too) after the layer selected, and into another design from the list;
text being typed keeps the browser's own copy and paste."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    open_canvas,
    open_editor,
    open_layer,
    open_template,
    select_node,
)


def test_a_block_copied_pastes_whole_here_and_into_another_design(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_template(page, "residual")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    open_canvas(page)
    select_node(page, "conv2")
    for layer_id in ("act2", "conv3", "add"):
        page.get_by_test_id(f"node-{layer_id}").locator(".canvas-node-head").click(
            modifiers=["Shift"]
        )
    page.keyboard.press("Control+c")
    note = page.get_by_test_id("clipboard-note")
    expect(note).to_have_text(
        "Copied conv2, act2, conv3, add: Ctrl+V pastes them after the layer selected, "
        "in this design or another."
    )

    # After `add`, in line: the copy's own skip wire comes from `add`, and the copy feeds act3.
    select_node(page, "add")
    page.keyboard.press("Control+v")
    expect(note).to_have_text("Pasted conv4, relu1, conv5, add1 after add.")
    screenshot("copy-paste-canvas")
    for wire in ("add-conv4", "conv4-relu1", "relu1-conv5", "conv5-add1", "add-add1", "add1-act3"):
        expect(page.get_by_test_id(f"edge-{wire}")).to_have_count(1)
    expect(page.get_by_test_id("edge-add-act3")).to_have_count(0)
    expect(page.get_by_test_id("node-add1")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.get_by_test_id("total-params")).to_have_text("12,010 parameters")
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-add1")).to_have_count(0)
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")

    # Into another design, from the list: after the card open there.
    open_template(page, "lenet")
    # Its check back from the server first: the lines it adds move the page under a click (a
    # busy CI's click on List landed elsewhere, and the canvas stayed).
    expect(page.get_by_test_id("total-params")).to_have_text("13,706 parameters")
    expect(page.get_by_text("No errors in the design.")).to_be_visible()
    page.get_by_test_id("list-tab").click()
    expect(page.get_by_test_id("list-tab")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("layer-card-conv1")).to_be_visible()
    before = page.locator("[data-testid^=layer-card-]").count()
    open_layer(page, "act1")
    page.get_by_test_id("layer-card-act1").get_by_role("button").first.focus()
    page.keyboard.press("Control+v")
    expect(page.locator("[data-testid^=layer-card-]")).to_have_count(before + 4)
    expect(note).to_contain_text("after act1.")
    expect(page.get_by_test_id("design-error")).to_have_count(0)

    # Cut in the list, then paste: the card cut stays "open", and the paste went first, wired from
    # a layer that was gone. It goes after the output instead.
    cards = page.locator("[data-testid^=layer-card-]")
    count = cards.count()
    open_layer(page, "fc1")
    page.get_by_test_id("layer-card-fc1").get_by_role("button").first.focus()
    page.keyboard.press("Control+x")
    expect(note).to_contain_text("Cut ")
    expect(page.get_by_test_id("layer-card-fc1")).to_have_count(0)
    page.keyboard.press("Control+v")
    expect(cards).to_have_count(count)
    expect(cards.last).to_have_attribute(
        "data-testid", re.compile(r"^layer-card-(fc1|relu\d|act\d)")
    )
    expect(page.get_by_test_id("design-error")).to_have_count(0)
    before = count

    # Typed text keeps the browser's own: a paste into the design's name is text, not layers.
    name = page.get_by_test_id("design-name")
    name.fill("")
    name.focus()
    page.keyboard.press("Control+v")
    expect(page.locator("[data-testid^=layer-card-]")).to_have_count(before)
    assert "torchcanvas-layers" in name.input_value()
