"""Where the canvas looks: a 200-layer design opens at its input, readable, drawing only the layers
in view (it mounted all 200 and opened in their middle); Tab still reaches the layers below the
view, and a layer added at its end comes into view."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import load_design_file, open_editor, wait_for_canvas_fit
from tests.browser.test_big_design import deep_mlp

# Node text is drawn 13 px at zoom 1; below 85 % it is under 11 px, too small to read.
READABLE_ZOOM = 0.85

# The most canvas nodes in the page at once: xyflow mounts each node it has not measured, then
# drops those out of view, so counting once the view is set would miss the slow first mount.
COUNT_NODES = """
window.__mostNodes = 0;
new MutationObserver(() => {
  const drawn = document.querySelectorAll('.react-flow__node').length;
  window.__mostNodes = Math.max(window.__mostNodes, drawn);
}).observe(document, { subtree: true, childList: true });
"""


def box(part: Locator) -> dict[str, float]:
    found = part.bounding_box()
    assert found is not None, f"{part} is not drawn"
    return found


def zoom(page: Page) -> float:
    """The canvas's zoom: how wide a 200 px node is drawn, over 200."""
    return box(page.get_by_test_id("node-input"))["width"] / 200


def test_a_long_design_opens_at_its_input_and_a_layer_added_comes_into_view(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.add_init_script(COUNT_NODES)
    open_editor(page, server_url)
    page.get_by_test_id("list-tab").click()
    load_design_file(page, "deep-mlp.json", deep_mlp())
    expect(page.get_by_test_id("shape-out")).to_have_text("(10)")

    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-flat").locator(".shape")).to_have_text("(64)")
    wait_for_canvas_fit(page, "flat")
    canvas = box(page.get_by_test_id("canvas"))
    top = box(page.get_by_test_id("node-input"))
    # The input, where the data starts, at the canvas's top, and its text readable.
    assert canvas["y"] < top["y"] < canvas["y"] + 60, (canvas, top)
    assert zoom(page) >= READABLE_ZOOM - 0.005, zoom(page)
    # Only the layers in view are drawn, ever: mounting all 201 nodes made the switch slow.
    drawn = page.evaluate("window.__mostNodes")
    assert drawn < 40, f"{drawn} nodes drawn for a canvas that shows about 20"
    screenshot("canvas-long-design")

    # Tab walks on past the last layer drawn (about the 20th), and Enter selects the one reached.
    page.get_by_test_id("node-flat").locator("xpath=..").focus()
    for _ in range(30):  # flat, then fc1, act1, … act15
        page.keyboard.press("Tab")
    reached = page.get_by_test_id("node-act15")
    expect(reached.locator("xpath=..")).to_be_focused()
    # Where Tab came is drawn (no ring showed it until Enter selected the node).
    ring = reached.locator("xpath=..").evaluate("node => getComputedStyle(node).outlineStyle")
    assert ring == "dashed", ring
    page.keyboard.press("Enter")
    expect(reached).to_have_class(re.compile(r"\bis-selected\b"))
    # Enter takes the keyboard to its settings (tabbing on selected each node on the way), and
    # Escape brings it back to the node.
    field = page.get_by_test_id("inspector").get_by_label("Id of act15")
    expect(field).to_have_value("act15")
    expect(field).to_be_focused()
    page.keyboard.press("Escape")
    expect(reached.locator("xpath=..")).to_be_focused()
    # Delete takes it, and the focus goes to the layer that fed it (it went to the page's start,
    # where a keyboard had to begin again); Undo brings it back.
    page.keyboard.press("Delete")
    expect(reached).to_have_count(0)
    expect(page.get_by_test_id("node-fc15").locator("xpath=..")).to_be_focused()
    expect(page.get_by_test_id("layer-added")).to_have_text("Removed act15.")  # said, as it went
    page.get_by_test_id("undo").click()
    expect(reached).to_be_attached()

    # Added at the end, 200 layers below (nothing selected): the view goes to it, at the same zoom.
    page.get_by_test_id("canvas").click(position={"x": 30, "y": 30})
    expect(reached).not_to_have_class(re.compile(r"\bis-selected\b"))
    page.get_by_test_id("palette-ReLU").click()
    added = page.get_by_test_id("node-relu1")
    expect(added).to_be_attached()
    wait_for_canvas_fit(page, "relu1")
    canvas, last = box(page.get_by_test_id("canvas")), box(added)
    assert canvas["y"] <= last["y"] and last["y"] + last["height"] <= canvas["y"] + canvas["height"]
    assert abs(last["width"] / 200 - READABLE_ZOOM) < 0.01, last
