"""A 200-layer design in the editor: typing a width quickly ends on the last value's shapes and
counts, in the list, the header and the canvas, an answer for an earlier value never shows, and
Undo redraws the canvas's nodes."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import load_design_file, open_editor, open_layer

PAIRS = 99  # Flatten, 99 × (Linear, ReLU), Linear: 200 layers, the most the server takes
WIDTH = 32

# The answer for the design whose fc1 has out_features 1 (the first key typed) comes 1.5 s late,
# as on a slow network: the editor must hold the newer values meanwhile and never show its shapes.
SLOW_FIRST_ANSWER = """
const send = window.fetch;
window.fetch = async (...args) => {
  const request = args[0] instanceof Request ? args[0] : null;
  const body = request && new URL(request.url).pathname === "/api/designs/validate" ? await request.clone().text() : "";
  const response = await send(...args);
  if (body.includes('"id":"fc1","type":"Linear","params":{"out_features":1}'))
    await new Promise((resolve) => setTimeout(resolve, 1500));
  return response;
};
window.__shown = [];
new MutationObserver(() => {
  const shape = document.querySelector('[data-testid="shape-act1"]')?.textContent;
  if (shape && shape !== window.__shown[window.__shown.length - 1]) window.__shown.push(shape);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def deep_mlp() -> dict[str, object]:
    layers: list[dict[str, object]] = [{"id": "flat", "type": "Flatten"}]
    for i in range(1, PAIRS + 1):
        layers.append({"id": f"fc{i}", "type": "Linear", "params": {"out_features": WIDTH}})
        layers.append({"id": f"act{i}", "type": "ReLU"})
    layers.append({"id": "out", "type": "Linear", "params": {"out_features": 10}})
    return {"version": 1, "name": "deep-mlp", "input_shape": [1, 8, 8], "layers": layers}


def total_params(first_width: int) -> int:
    """fc1 (64 → first_width), fc2 (first_width → 32), fc3 … fc99 (32 → 32), out (32 → 10)."""
    fc1 = 64 * first_width + first_width
    fc2 = first_width * WIDTH + WIDTH
    rest = (PAIRS - 2) * (WIDTH * WIDTH + WIDTH)
    return fc1 + fc2 + rest + WIDTH * 10 + 10


def test_typing_fast_in_a_200_layer_design_ends_on_the_last_value(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.add_init_script(SLOW_FIRST_ANSWER)
    open_editor(page, server_url)
    page.get_by_test_id("list-tab").click()
    load_design_file(page, "deep-mlp.json", deep_mlp())
    expect(page.get_by_test_id("shape-out")).to_have_text("(10)")
    expect(page.get_by_test_id("total-params")).to_have_text(f"{total_params(WIDTH):,} parameters")
    screenshot("big-design-list")

    open_layer(page, "fc1")
    field = page.locator("#param-fc1-out_features")
    field.select_text()
    field.press_sequentially("128", delay=30)  # "1", "12", "128": the first answer is late

    expect(page.get_by_test_id("shape-act1")).to_have_text("(128)")
    expect(page.get_by_test_id("params-fc2")).to_have_text(f"{128 * WIDTH + WIDTH:,} params")
    expect(page.get_by_test_id("params-fc3")).to_have_text(f"{WIDTH * WIDTH + WIDTH:,} params")
    expect(page.get_by_test_id("total-params")).to_have_text(f"{total_params(128):,} parameters")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    # Shown in order: the loaded width, then (while checking) nothing else but the last value's.
    shown = page.evaluate("window.__shown")
    assert "(1)" not in shown, f"act1 showed the late answer for out_features=1: {shown}"
    assert shown[-1] == "(128)", shown

    # The canvas draws the same answer on its nodes and wires.
    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-act1").locator(".shape")).to_have_text("(128)")
    expect(page.get_by_test_id("edge-act1-fc2")).to_have_text("(128)")
    expect(page.get_by_test_id("node-params-fc2")).to_have_text(f"{128 * WIDTH + WIDTH:,} params")
    screenshot("big-design-canvas")
    # Undo takes the typing back in one step, and the nodes already drawn redraw with it.
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-act1").locator(".shape")).to_have_text(f"({WIDTH})")
    expect(page.get_by_test_id("edge-act1-fc2")).to_have_text(f"({WIDTH})")
    expect(page.get_by_test_id("node-params-fc2")).to_have_text(f"{WIDTH * WIDTH + WIDTH:,} params")
    expect(page.get_by_test_id("total-params")).to_have_text(f"{total_params(WIDTH):,} parameters")
