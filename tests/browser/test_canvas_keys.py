"""The canvas by keyboard: Tab reaches the first layer before any wire (each wire was a Tab stop
before the input, 11 on a 10-layer design), a layer's arrow keys go through the wires out of it
and back (they moved the node, which the layout put back, while the page said it had moved), a
layer and a wire say which keys do what here, and a wire reached by the keyboard is brought into
view (one under the canvas's edge had the focus unseen)."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_canvas, open_editor, wait_for_canvas_fit

_FOCUSED = """() => {
  const el = document.activeElement;
  if (el?.matches('.react-flow__edge')) return 'wire ' + el.getAttribute('aria-label');
  const node = el?.closest('.react-flow__node');
  return node ? node.querySelector("[data-testid^='node-']")?.dataset.testid ?? 'node' : null;
}"""


def _residual_canvas(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    open_canvas(page)
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    wait_for_canvas_fit(page, "fc")


def test_tab_reaches_the_layers_and_arrows_their_wires(page: Page, server_url: str) -> None:
    _residual_canvas(page, server_url)
    page.get_by_test_id("canvas-tab").focus()
    seen: list[str | None] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(_FOCUSED))
        if seen[-1] == "node-fc":
            break
    in_canvas = [s for s in seen if s is not None]
    assert in_canvas[0] == "node-input", seen
    assert not [s for s in in_canvas if s.startswith("wire")], seen  # no wire is a Tab stop
    assert in_canvas[-1] == "node-fc", seen

    act1 = page.locator(".react-flow__node", has=page.get_by_test_id("node-act1"))
    expect(act1).to_have_accessible_description(
        "Enter: its settings, beside the canvas. Down arrow: the wires out of it. Delete: removes "
        "the layer, joining its wires around it. To move it, use Insert after in its settings."
    )
    act1.focus()
    page.keyboard.press("Shift")  # the keyboard's focus: it shows, as after Tab
    place = act1.evaluate("el => el.style.transform")
    page.keyboard.press("ArrowDown")
    first = page.evaluate(_FOCUSED)
    page.keyboard.press("ArrowDown")
    second = page.evaluate(_FOCUSED)
    assert {first, second} == {
        "wire Wire from act1 to conv2, shape (16, 8, 8)",
        "wire Wire from act1 to add, shape (16, 8, 8)",
    }
    wire = page.locator(".react-flow__edge:focus")
    expect(wire).to_have_accessible_description(
        "Up and down arrows: the other wires out of the same layer, and back to it. "
        "Delete: removes the wire. Escape: unselects it."
    )
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(act1).to_be_focused()
    assert act1.evaluate("el => el.style.transform") == place  # the arrows moved nothing
    expect(
        page.locator(".react-flow__aria-live, [id^='react-flow__aria-live']")
    ).not_to_contain_text("Moved")
    # Tab from a wire goes on from its layer, to the one after it.
    after = page.evaluate(
        """() => { const nodes = [...document.querySelectorAll('.react-flow__node')];
        const i = nodes.findIndex(n => n.querySelector("[data-testid='node-act1']"));
        return nodes[i + 1].querySelector("[data-testid^='node-']").dataset.testid; }"""
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED) == after

    # Delete on a wire removes it, says which (the focus went with it), and gives the focus to
    # the layer it came from.
    act1.focus()
    page.keyboard.press("ArrowDown")
    gone = page.evaluate(_FOCUSED).removeprefix("wire Wire from act1 to ").split(",")[0]
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("layer-added")).to_have_text(f"Removed the wire act1 → {gone}.")
    expect(act1).to_be_focused()


def test_a_wire_reached_by_the_keyboard_comes_into_view(page: Page, server_url: str) -> None:
    page.set_viewport_size({"width": 640, "height": 900})  # 1280 px at 200 % zoom
    _residual_canvas(page, server_url)
    wire = page.get_by_label("Wire from flat to fc", exact=False)
    page.keyboard.press("Shift")  # the keyboard's focus, as after an arrow key
    wire.evaluate("el => el.focus()")
    expect(wire).to_be_focused()
    expect(wire).to_be_in_viewport()
    box = wire.bounding_box()
    canvas = page.get_by_test_id("canvas").bounding_box()  # the page scrolled to the focus
    assert canvas is not None and box is not None
    assert box["y"] >= canvas["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"], (
        box,
        canvas,
    )
