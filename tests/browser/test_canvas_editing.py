"""Editing on the canvas: refused cycles, box and shift selection, moving, deleting, duplicating, undo."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    drag_wire,
    open_canvas,
    open_editor,
    select_node,
    wait_for_canvas_fit,
)


def box(page: Page, layer_id: str) -> dict[str, float]:
    found = page.get_by_test_id(f"node-{layer_id}").bounding_box()
    assert found is not None
    return found


def open_residual_canvas(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    open_canvas(page)
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    # The canvas is taller than the window (its text stays readable): fitted, then its lower
    # part scrolled into view, where the steps below drag.
    page.wait_for_timeout(200)
    wait_for_canvas_fit(page, "fc")
    page.get_by_test_id("node-fc").scroll_into_view_if_needed()


def test_a_cycle_is_refused_with_the_reason(page: Page, server_url: str) -> None:
    open_residual_canvas(page, server_url)
    drag_wire(page, "act3", "add")
    expect(page.get_by_test_id("canvas-toast")).to_have_text(
        "That would make a cycle: add already feeds act3."
    )
    expect(page.get_by_test_id("edge-act3-add")).to_have_count(0)
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")


def test_box_select_move_delete_and_undo(page: Page, server_url: str) -> None:
    open_residual_canvas(page, server_url)
    canvas = page.get_by_test_id("canvas").bounding_box()
    assert canvas is not None
    add, act3, pool, flat = (
        box(page, "add"),
        box(page, "act3"),
        box(page, "pool"),
        box(page, "flat"),
    )
    # A box from the empty left, between add and act3, down to between pool and flat. It stays
    # 50 px inside the canvas's sides, out of the margin where xyflow pans the view while the
    # button is down (a busy machine's longer wait would pan it further).
    top = (add["y"] + add["height"] + act3["y"]) / 2
    bottom = (pool["y"] + pool["height"] + flat["y"]) / 2
    assert (
        canvas["x"] + 50 < act3["x"]
        and act3["x"] + act3["width"] < canvas["x"] + canvas["width"] - 50
    )
    page.mouse.move(canvas["x"] + 50, top)
    page.mouse.down()
    page.mouse.move(canvas["x"] + canvas["width"] - 50, bottom, steps=10)
    page.mouse.up()
    expect(page.get_by_test_id("node-act3")).to_have_class("canvas-node  is-selected")
    expect(page.get_by_test_id("node-pool")).to_have_class("canvas-node  is-selected")
    expect(page.get_by_test_id("node-add")).to_have_class("canvas-node  ")

    # Both move together. The drag ends short of the edge, where xyflow would pan the view for as
    # long as the button stays down (a slow machine's longer wait would move the nodes further).
    head = page.get_by_test_id("node-act3").locator(".canvas-node-head").bounding_box()
    assert head is not None
    end = min(head["x"] + 140, canvas["x"] + canvas["width"] - 80)
    assert end - head["x"] > 100, "no room to drag act3 right"
    page.mouse.move(head["x"] + 20, head["y"] + 5)
    page.mouse.down()
    page.mouse.move(end, head["y"] + 5, steps=8)
    page.mouse.up()

    # Measured against add, which stays: the nodes moved, not the view.
    def right_of_add(layer_id: str) -> float:
        return box(page, layer_id)["x"] - box(page, "add")["x"]

    assert right_of_add("act3") - (act3["x"] - add["x"]) > 60
    assert abs(right_of_add("pool") - right_of_add("act3")) < 1

    # Delete removes both and bridges the gap: add now feeds flat.
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("node-act3")).to_have_count(0)
    expect(page.get_by_test_id("node-pool")).to_have_count(0)
    expect(page.get_by_test_id("edge-add-flat")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("total-params")).to_have_text("15,050 parameters")

    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("edge-pool-flat")).to_have_text("(16, 4, 4)")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    page.keyboard.press("Control+z")  # the move: act3 is back in line with add
    expect(page.get_by_test_id("node-act3")).to_have_class("canvas-node  ")
    _wait_until_aligned(page, "act3", "add")


# A whole drag in one task: the browser draws nothing between the press, the moves and the release,
# as on a busy machine, where the last moves are still undrawn when the button comes up.
_QUICK_DRAG = """([x, y, dx]) => {
    const at = (type, shift) => ({
        bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mouseup' ? 0 : 1,
        clientX: x + shift, clientY: y,
    });
    document.elementFromPoint(x, y).dispatchEvent(new MouseEvent('mousedown', at('mousedown', 0)));
    // xyflow starts a drag on the first move past its threshold and counts from there: 2 px.
    for (const shift of [2, dx / 4, dx / 2, (3 * dx) / 4, dx]) {
        window.dispatchEvent(new MouseEvent('mousemove', at('mousemove', shift)));
    }
    window.dispatchEvent(new MouseEvent('mouseup', at('mouseup', dx)));
}"""


def test_a_dragged_layer_lands_where_it_is_let_go_before_its_moves_are_drawn(
    page: Page, server_url: str
) -> None:
    open_residual_canvas(page, server_url)

    def from_add() -> tuple[float, float]:  # where act3 is, against add, which stays
        act3, add = box(page, "act3"), box(page, "add")
        return act3["x"] - add["x"], act3["y"] - add["y"]

    before = from_add()
    head = page.get_by_test_id("node-act3").locator(".canvas-node-head").bounding_box()
    assert head is not None
    page.evaluate(_QUICK_DRAG, [head["x"] + 20, head["y"] + 5, 90])
    # It stays where it was let go (it jumped back to where the last drawn move had left it).
    page.wait_for_timeout(300)
    after = from_add()
    assert abs(after[0] - before[0] - (90 - 2)) < 1, (before, after)
    assert abs(after[1] - before[1]) < 1, (before, after)
    page.keyboard.press("Control+z")
    _wait_until_aligned(page, "act3", "add")


def test_shift_click_duplicate_and_redo(page: Page, server_url: str) -> None:
    open_residual_canvas(page, server_url)
    select_node(page, "conv2")
    page.keyboard.press("Control+d")
    expect(page.get_by_test_id("edge-conv2-conv4")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-conv4-act2")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("node-params-conv4")).to_have_text("2,320 params")
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-conv4")).to_have_count(0)
    page.keyboard.press("Control+Shift+z")
    expect(page.get_by_test_id("node-conv4")).to_be_visible()

    # Shift-click adds to the selection; the toolbar deletes both.
    select_node(page, "conv4")
    page.get_by_test_id("node-act2").locator(".canvas-node-head").click(modifiers=["Shift"])
    page.get_by_test_id("delete-selected").click()
    expect(page.get_by_test_id("node-conv4")).to_have_count(0)
    expect(page.get_by_test_id("node-act2")).to_have_count(0)
    expect(page.get_by_test_id("edge-conv2-conv3")).to_have_text("(16, 8, 8)")


def _wait_until(done: Callable[[], bool], failure: Callable[[], str], timeout: float = 10) -> None:
    """Polls from Python (the CSP forbids evaluating strings in the page) until `done` holds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, failure()
        time.sleep(0.05)


def _wait_until_aligned(page: Page, first: str, second: str) -> None:
    """Waits until two nodes share their x."""
    _wait_until(
        lambda: abs(box(page, first)["x"] - box(page, second)["x"]) < 1,
        lambda: f"{first} never lined up with {second}: {box(page, first)}, {box(page, second)}",
    )


def test_wire_by_keyboard_from_the_inspector(page: Page, server_url: str) -> None:
    """Add's inputs listed in the inspector: disconnect one and wire it again, with the keyboard."""
    open_residual_canvas(page, server_url)
    select_node(page, "add")
    inspector = page.get_by_test_id("inspector")
    wiring = inspector.get_by_test_id("input-from-add")
    expect(wiring.locator("li code")).to_have_text(["conv3", "act1"])

    disconnect = wiring.get_by_role("button", name="Disconnect act1 from add")
    disconnect.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("edge-act1-add")).to_have_count(0)
    expect(wiring.locator("li code")).to_have_text(["conv3"])

    more = wiring.get_by_label("Add an input to add")
    more.focus()
    more.select_option(label="act1")
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    expect(wiring.locator("li code")).to_have_text(["conv3", "act1"])
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")

    # A one-input layer picks its input from a menu of those that make no cycle.
    select_node(page, "act3")
    one = inspector.get_by_label("Input of act3")
    expect(one.locator("option:checked")).to_have_text("add")
    assert "fc" not in one.locator("option").all_inner_texts()  # fc is downstream: a cycle
    one.select_option(label="conv3")
    expect(page.get_by_test_id("edge-conv3-act3")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("edge-add-act3")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("edge-add-act3")).to_have_text("(16, 8, 8)")


def test_a_wire_reached_by_tab_names_its_layers_and_shape(page: Page, server_url: str) -> None:
    """Tabbing through the canvas, a wire said "Edge from 2 to 7": the canvas's own numbers."""
    open_residual_canvas(page, server_url)
    wire = page.get_by_label("Wire from act1 to add, shape (16, 8, 8)")
    expect(wire).to_have_count(1)
    wire.focus()
    expect(wire).to_be_focused()
    expect(page.locator("[aria-label^='Edge from']")).to_have_count(0)


_FOCUSED_NODE = """() => {
  const node = document.activeElement?.closest(".react-flow__node");
  return node?.querySelector("[data-testid^='node-']")?.dataset.testid ?? null;
}"""


def test_the_keyboard_focus_selects_so_delete_removes_the_layer_with_the_ring(
    page: Page, server_url: str
) -> None:
    """conv2 clicked, then Tab to another node: Delete removed conv2, unseen, not the one ringed."""
    open_residual_canvas(page, server_url)
    select_node(page, "conv2")
    focused = None
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_NODE)
        if focused not in (None, "node-conv2", "node-input"):
            break
    assert focused is not None and focused != "node-conv2", focused
    expect(page.get_by_test_id(focused)).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.get_by_test_id("node-conv2")).not_to_have_class(re.compile(r"\bis-selected\b"))
    page.keyboard.press("Delete")
    expect(page.get_by_test_id(focused)).to_have_count(0)
    expect(page.get_by_test_id("node-conv2")).to_be_visible()


def test_a_palette_layer_goes_onto_the_wire_out_of_the_selected_layer(
    page: Page, server_url: str
) -> None:
    """In a wired design, as in a stack: after the selected layer, not unconnected in a corner."""
    open_residual_canvas(page, server_url)
    select_node(page, "conv2")
    page.get_by_test_id("palette-Dropout").click()
    expect(page.get_by_test_id("edge-conv2-drop1")).to_have_count(1)
    expect(page.get_by_test_id("edge-drop1-act2")).to_have_count(1)
    expect(page.get_by_test_id("edge-conv2-act2")).to_have_count(0)
    # A join has no one wire to go on: Add waits unconnected, for wires by hand.
    select_node(page, "fc")
    page.get_by_test_id("palette-Add").click()
    expect(page.get_by_test_id("node-add1")).to_be_visible()
    expect(page.locator("[data-testid^='edge-fc-']")).to_have_count(0)
