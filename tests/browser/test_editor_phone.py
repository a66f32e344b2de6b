"""The editor on a phone (390×844, touch): one column, nothing wider than the screen, and a person
adds layers, edits a param in the list and on the canvas, and trains; a loaded design with a cycle
fits the phone's canvas."""

import re
from collections.abc import Callable
from itertools import pairwise

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import (
    PHONE,
    load_design_file,
    open_editor,
    screenshot_page,
    set_param,
    wait_for_canvas_fit,
)


def fits_the_width(page: Page, screen: int = PHONE["width"]) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= screen, f"the page is {width} px wide on a {screen} px screen"


def one_under_another(*parts: Locator) -> None:
    """Each part is as wide as the screen allows, and starts below the one before it ends."""
    boxes = [part.bounding_box() for part in parts]
    for box in boxes:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for upper, lower in pairwise(boxes):
        assert upper is not None and lower is not None
        assert lower["y"] >= upper["y"] + upper["height"], (upper, lower)


def test_a_person_designs_and_trains_on_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(phone, server_url)
    fits_the_width(phone)
    for layer_type in ("Flatten", "Linear", "ReLU", "Linear"):
        phone.get_by_test_id(f"palette-{layer_type}").tap()
    expect(phone.get_by_test_id("shape-fc2")).to_have_text("(10)")
    set_param(phone, "fc1", "out_features", "32")
    expect(phone.get_by_test_id("shape-fc1")).to_have_text("(32)")
    fits_the_width(phone)
    phone.set_viewport_size({"width": 660, "height": PHONE["height"]})  # a phone held sideways
    fits_the_width(phone, 660)
    phone.set_viewport_size(PHONE)
    palette = phone.get_by_role("navigation", name="Layer palette")
    design = phone.get_by_role("region", name="Design")
    training = phone.get_by_role("region", name="Training settings")
    one_under_another(palette, design, training)
    screenshot_page(phone, screenshot, "editor-phone-list")

    # On the canvas: a tapped layer opens in the inspector, under the canvas.
    phone.get_by_test_id("canvas-tab").tap()
    phone.get_by_test_id("node-fc1").tap()
    inspector = phone.get_by_role("region", name="Selected layer")
    phone.locator("#param-fc1-out_features").fill("24")
    expect(phone.get_by_test_id("node-fc1")).to_contain_text("(24)")
    fits_the_width(phone)
    one_under_another(palette, phone.get_by_test_id("canvas"), inspector, training)
    screenshot_page(phone, screenshot, "editor-phone-canvas")

    phone.get_by_test_id("epochs-input").fill("1")
    phone.get_by_test_id("train-button").tap()
    expect(phone).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_a_loaded_cycle_fits_the_canvas_of_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """Two layers feeding each other have no order: they stood side by side, cut at the screen's
    edges, a zoom button over one. One below the other, each is whole, red with its error."""
    open_editor(phone, server_url)
    cycle = {
        "version": 1,
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "a", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
            {"id": "b", "type": "ReLU"},
            {"id": "c", "type": "Add"},
        ],
        "edges": [["input", "a"], ["a", "c"], ["c", "b"], ["b", "c"]],
    }
    load_design_file(phone, "loop.json", cycle)
    expect(phone.get_by_test_id("load-ok")).to_contain_text("with 1 error to fix below")
    phone.get_by_test_id("canvas-tab").tap()
    for layer_id in ("b", "c"):
        expect(phone.get_by_test_id(f"node-error-{layer_id}")).to_contain_text("form a cycle")
    wait_for_canvas_fit(phone, "b")

    canvas = phone.get_by_test_id("canvas").bounding_box()
    zoom_buttons = phone.locator(".react-flow__controls").bounding_box()
    assert canvas is not None and zoom_buttons is not None
    for layer_id in ("input", "a", "b", "c"):
        node = phone.get_by_test_id(f"node-{layer_id}").bounding_box()
        assert node is not None
        inside = (
            canvas["x"] <= node["x"]
            and node["x"] + node["width"] <= canvas["x"] + canvas["width"]
            and canvas["y"] <= node["y"]
            and node["y"] + node["height"] <= canvas["y"] + canvas["height"]
        )
        assert inside, f"{layer_id} at {node} is cut by the canvas's edge, {canvas}"
        assert not overlap(node, zoom_buttons), f"the zoom buttons cover {layer_id}"
        assert node["width"] >= 170, f"{layer_id} is drawn too small to read: {node}"
    for layer_id in ("b", "c"):
        expect(phone.get_by_test_id(f"node-{layer_id}")).to_have_class(re.compile("has-error"))
    screenshot_page(phone, screenshot, "editor-phone-cycle")


_PARAMS_OUTSIDE = """(line) => {
  const box = line.querySelector(".layer-line-params").getBoundingClientRect();
  return [...line.querySelectorAll(".layer-line-param")]
    .map((param) => [param.textContent, param.getBoundingClientRect()])
    .filter(([, r]) => r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5)
    .map(([text]) => text);
}"""


def test_a_folded_layers_params_wrap_whole_on_a_phone(phone: Page, server_url: str) -> None:
    """Five params on a phone's line: the last ones cut mid-name ("paddin"), for a button's nowrap."""
    open_editor(phone, server_url)
    phone.get_by_test_id("templates-menu").tap()
    phone.locator("[data-testid^='template-']").filter(has_text="LeNet").first.tap()
    set_param(phone, "conv1", "stride", "1")
    phone.locator("#param-conv1-bias").uncheck()
    phone.get_by_role("button", name="Fold conv1 to one line").tap()
    line = phone.get_by_test_id("layer-card-conv1")
    expect(line.locator(".layer-line-param")).to_have_count(5)
    assert line.evaluate(_PARAMS_OUTSIDE) == []


def test_the_code_panels_buttons_wrap_whole_on_a_phone(phone: Page, server_url: str) -> None:
    """Its title, Network / Training script, Copy, Download and × squeezed into one line: the
    toggle was cut to "ng s"."""
    open_editor(phone, server_url)
    phone.get_by_test_id("templates-menu").tap()
    phone.get_by_test_id("template-mlp").tap()
    phone.get_by_test_id("code-button").tap()
    script = phone.get_by_test_id("code-kind-script")
    script.tap()
    expect(phone.get_by_test_id("code-text")).to_contain_text("def load_data():")
    group = phone.get_by_role("group", name="Which code")
    for part in (group, script, phone.get_by_test_id("code-download")):
        assert part.evaluate("(b) => b.scrollWidth <= b.clientWidth"), part
    fits_the_width(phone)


def test_the_code_panel_is_a_modal_over_train_and_the_nav_on_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """On a phone the panel covered half the nav's buttons, the Train bar drew over its foot, and
    a tap on Train there started a run and left the page: now it covers the screen, Train and
    the nav under it, and closes by its own ×."""
    open_editor(phone, server_url)
    phone.get_by_test_id("templates-menu").tap()
    phone.get_by_test_id("template-mlp").tap()
    phone.get_by_test_id("code-button").tap()
    panel = phone.get_by_test_id("code-panel")
    expect(phone.get_by_test_id("code-text")).to_contain_text("class Net(nn.Module):")
    screenshot_page(phone, screenshot, "code-panel-phone")
    box = panel.bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"], box["height"]) == (
        0,
        0,
        PHONE["width"],
        PHONE["height"],
    )
    # What lies on top at the screen's foot, where the Train bar is, and at the nav: the panel.
    for x, y in ((40, PHONE["height"] - 20), (PHONE["width"] - 30, 20), (200, 60)):
        on_top = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=code-panel]') !== null",
            [x, y],
        )
        assert on_top, (x, y)
    expect(phone.get_by_test_id("train-bar-button")).not_to_be_visible()
    url = phone.url
    phone.mouse.click(60, PHONE["height"] - 30)  # where Train was: nothing starts
    assert phone.url == url
    phone.get_by_role("button", name="Close the code").tap()
    expect(panel).to_have_count(0)
    expect(phone.get_by_test_id("train-bar-button")).to_be_visible()
