"""A layer dropped on the canvas goes where it was dropped: onto the wire under it (highlighted
while dragged there), else, in a stack, after the layer above; undo takes a splice back in one step."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    drop_layer,
    open_canvas,
    open_editor,
    select_node,
    wait_for_canvas_fit,
)


def _centre(page: Page, test_id: str) -> tuple[float, float]:
    found = page.get_by_test_id(test_id).bounding_box()
    assert found is not None, f"{test_id} is not drawn"
    return found["x"] + found["width"] / 2, found["y"] + found["height"] / 2


def _hold_at(page: Page, x: float, y: float) -> None:
    page.mouse.move(x, y, steps=12)
    # Playwright hands a drag's moves to the page one behind: a last nudge delivers (x, y).
    page.mouse.move(x, y + 0.5)


def _drag_from_palette(page: Page, layer_type: str, x: float, y: float) -> None:
    """Picks a layer type up in the palette and holds it at (x, y) on the page: mouse still down."""
    item = page.get_by_test_id(f"palette-{layer_type}")
    item.scroll_into_view_if_needed()
    page.mouse.move(*_centre(page, f"palette-{layer_type}"))
    page.mouse.down()
    _hold_at(page, x, y)


def _drag_node(page: Page, layer_id: str, x: float, y: float) -> None:
    """Picks a layer on the canvas up by its head and holds it at (x, y): mouse still down."""
    head = page.get_by_test_id(f"node-{layer_id}").locator(".canvas-node-head").bounding_box()
    assert head is not None
    page.mouse.move(head["x"] + 20, head["y"] + 6)
    page.mouse.down()
    _hold_at(page, x, y)


def _listed(page: Page) -> list[str]:
    page.get_by_test_id("list-tab").click()
    cards = page.locator("ol.layers > li[data-testid^='layer-card-']")
    ids = [(card.get_attribute("data-testid") or "")[len("layer-card-") :] for card in cards.all()]
    open_canvas(page)
    return ids


def _open_template(page: Page, server_url: str, name: str, last: str) -> None:
    # Tall enough that the palette and the whole canvas are in view together.
    page.set_viewport_size({"width": 1440, "height": 1700})
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id(f"template-{name}").click()
    open_canvas(page)
    wait_for_canvas_fit(page, last)


def test_drop_on_a_stack_wire_splices_and_beside_it_goes_after_the_layer_above(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    _open_template(page, server_url, "mlp", "out")
    expect(page.get_by_test_id("edge-fc1-act1")).to_have_text("(64)")

    # Held over the wire's label: that wire is highlighted and a line says what a drop does.
    _drag_from_palette(page, "Dropout", *_centre(page, "edge-fc1-act1"))
    expect(page.get_by_test_id("edge-fc1-act1")).to_have_class("edge-shape is-drop-target")
    expect(page.get_by_test_id("canvas-drop-hint")).to_have_text(
        "Drop to put it on the wire from fc1 to act1."
    )
    screenshot("canvas-drop-over-wire")
    page.mouse.up()
    expect(page.get_by_test_id("edge-fc1-drop1")).to_have_text("(64)")
    expect(page.get_by_test_id("edge-drop1-act1")).to_have_text("(64)")
    expect(page.get_by_test_id("edge-fc1-act1")).to_have_count(0)
    expect(page.get_by_test_id("canvas-drop-hint")).to_have_count(0)
    wait_for_canvas_fit(page, "out")
    screenshot("canvas-drop-spliced")
    assert _listed(page) == ["flat", "fc1", "drop1", "act1", "fc2", "act2", "out"]

    # One undo takes the whole splice back.
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-drop1")).to_have_count(0)
    expect(page.get_by_test_id("edge-fc1-act1")).to_have_text("(64)")

    # Beside the stack, lower than act1's top and above fc2's: after act1, not at the end.
    wait_for_canvas_fit(page, "out")
    canvas, act1 = (page.get_by_test_id(t).bounding_box() for t in ("canvas", "node-act1"))
    assert canvas is not None and act1 is not None
    drop_layer(page, "Dropout", 40, act1["y"] - canvas["y"] + act1["height"] + 4)
    expect(page.get_by_test_id("edge-act1-drop1")).to_have_text("(64)")
    expect(page.get_by_test_id("edge-drop1-fc2")).to_have_text("(64)")
    assert _listed(page) == ["flat", "fc1", "act1", "drop1", "fc2", "act2", "out"]


def test_splice_into_a_graph_wire_move_a_layer_onto_one_and_insert_by_keyboard(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    _open_template(page, server_url, "residual", "fc")
    skip = page.get_by_test_id("edge-act1-add")
    expect(skip).to_have_text("(16, 8, 8)")

    # On the skip wire's path, a few pixels beside it: its label sits 6 px right of the wire.
    label = skip.bounding_box()
    assert label is not None
    _drag_from_palette(page, "Dropout", label["x"] - 9, label["y"] + label["height"] / 2)
    expect(skip).to_have_class("edge-shape is-drop-target")
    page.mouse.up()
    expect(page.get_by_test_id("edge-act1-drop1")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-drop1-add")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")

    # An Add on a wire would have one input: it waits unconnected, and the wire stays.
    wait_for_canvas_fit(page, "fc")
    _drag_from_palette(page, "Add", *_centre(page, "edge-act3-pool"))
    expect(page.get_by_test_id("canvas-drop-hint")).to_have_text(
        "A join waits unconnected where it is dropped, and the wire from act3 to pool stays as it"
        " is: wire two inputs into it."
    )
    expect(page.locator(".edge-shape.is-drop-target")).to_have_count(0)
    page.mouse.up()
    expect(page.get_by_test_id("node-error-add1").filter(has_text="has no input")).to_be_visible()
    expect(page.get_by_test_id("edge-act3-pool")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("canvas-drop-hint")).to_have_text(
        "Add joins branches, so it waits here unconnected and the wire from act3 to pool"
        " stays as it was: wire two inputs into it."
    )
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-add1")).to_have_count(0)

    # drop1, dragged off the skip wire onto pool → flat, moves there; the skip wire closes.
    wait_for_canvas_fit(page, "fc")
    _drag_node(page, "drop1", *_centre(page, "edge-pool-flat"))
    expect(page.get_by_test_id("edge-pool-flat")).to_have_class("edge-shape is-drop-target")
    screenshot("canvas-move-over-wire")
    page.mouse.up()
    expect(page.get_by_test_id("edge-pool-drop1")).to_have_text("(16, 4, 4)")
    expect(page.get_by_test_id("edge-drop1-flat")).to_have_text("(16, 4, 4)")
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    wait_for_canvas_fit(page, "fc")
    screenshot("canvas-moved-onto-wire")
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("edge-act1-drop1")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-pool-flat")).to_have_text("(16, 4, 4)")

    # By keyboard: the inspector's Insert after puts the selected layer on a wire in one step.
    select_node(page, "drop1")
    where = page.get_by_test_id("inspector").get_by_label("Insert drop1 after")
    where.focus()
    where.select_option(label="act3 (before pool)")
    expect(page.get_by_test_id("edge-act3-drop1")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-drop1-pool")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    expect(where).to_be_focused()

    # Dropped on the last layer's foot, off every wire: it waits unconnected below it, not over
    # it (it hid fc's output handle and its own input handle under fc).
    wait_for_canvas_fit(page, "fc")
    fc = page.get_by_test_id("node-fc").bounding_box()
    assert fc is not None
    _drag_from_palette(page, "Linear", fc["x"] + fc["width"] / 2, fc["y"] + fc["height"] - 4)
    page.mouse.up()
    expect(page.get_by_test_id("node-fc1")).to_be_visible()
    wait_for_canvas_fit(page, "fc1")
    fc, new = (page.get_by_test_id(f"node-{node}").bounding_box() for node in ("fc", "fc1"))
    assert fc is not None and new is not None
    assert new["y"] >= fc["y"] + fc["height"], (fc, new)
    screenshot("canvas-drop-clear")
