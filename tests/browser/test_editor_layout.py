"""The editor at 1280×720: a compact list (one line a layer, opening to edit), and on the canvas
the canvas as the stage with an inspector beside it and no label drawn over a node."""

from collections.abc import Callable

from playwright.sync_api import FloatRect, Page, expect

from tests.browser.browser_steps import (
    add_layer,
    labels_over_nodes,
    open_canvas,
    open_editor,
    select_node,
    wait_for_canvas_fit,
)


def _overlap(a: FloatRect, b: FloatRect) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _lenet(page: Page, server_url: str) -> list[str]:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-lenet").click()
    expect(page.get_by_test_id("design-name")).to_have_value("lenet-digits")
    cards = page.locator("[data-testid^=layer-card-]")
    expect(cards.first).to_be_visible()
    ids = [
        (card.get_attribute("data-testid") or "").removeprefix("layer-card-")
        for card in cards.all()
    ]
    assert len(ids) >= 5
    return ids


def test_the_list_is_one_line_a_layer_and_opens_one_to_edit(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    ids = _lenet(page, server_url)
    first, last = ids[0], ids[-1]
    expect(page.get_by_test_id(f"shape-{last}")).to_have_text("(10)")
    for layer_id in ids:
        box = page.get_by_test_id(f"layer-card-{layer_id}").bounding_box()
        assert box is not None and box["height"] < 60, (layer_id, box)
        expect(page.get_by_test_id(f"layer-id-{layer_id}")).to_have_count(0)  # folded
    # Every param a folded layer sets is read whole (the middle column cut `out_channels=1…`).
    shown = page.locator(".layer-line-param")
    expect(shown.filter(has_text="kernel_size=3")).to_have_count(2)
    for param in shown.all():
        inside = param.locator("xpath=..").bounding_box()
        box = param.bounding_box()
        assert inside and box, param.text_content()
        assert box["x"] + box["width"] <= inside["x"] + inside["width"] + 0.5, param.text_content()
        assert box["y"] + box["height"] <= inside["y"] + inside["height"] + 0.5, (
            param.text_content()
        )
    screenshot("editor-list-compact")

    page.get_by_test_id(f"open-{first}").click()
    expect(page.get_by_test_id(f"layer-id-{first}")).to_be_visible()
    expect(page.locator(f"#param-{first}-out_channels")).to_be_visible()
    opened = page.get_by_test_id(f"layer-card-{first}").bounding_box()
    assert opened is not None and opened["height"] > 100
    page.get_by_label(f"Fold {first} to one line").click()
    expect(page.get_by_test_id(f"layer-id-{first}")).to_have_count(0)


# Every data-testid of an element put into the page, even one taken out again in the same task.
SEEN_IDS = """
window.__seen = new Set();
new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      for (const el of [node, ...node.querySelectorAll("[data-testid]")]) {
        const id = el.getAttribute("data-testid");
        if (id) window.__seen.add(id);
      }
    }
}).observe(document, { childList: true, subtree: true });
"""


def test_a_layer_just_added_is_drawn_open_never_folded_first(page: Page, server_url: str) -> None:
    """A click aimed at a new layer's fields finds them at once: its card is never drawn folded."""
    page.add_init_script(SEEN_IDS)
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    expect(page.locator("#param-fc1-out_features")).to_be_visible()
    expect(page.get_by_test_id("open-flat1")).to_be_visible()  # the one before it folded
    seen: list[str] = page.evaluate("[...window.__seen]")
    assert "layer-id-fc1" in seen and "open-fc1" not in seen, sorted(seen)


def test_the_canvas_is_the_stage_with_an_inspector_beside_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    ids = _lenet(page, server_url)
    open_canvas(page)
    canvas = page.get_by_test_id("canvas").bounding_box()
    assert canvas is not None and canvas["width"] >= 0.45 * 1280, canvas
    assert canvas["y"] + 200 < 720  # most of it in the window as the page opens

    select_node(page, ids[0])
    inspector = page.get_by_test_id("inspector")
    expect(inspector.get_by_test_id(f"layer-id-{ids[0]}")).to_be_visible()
    beside = inspector.bounding_box()
    assert beside is not None and beside["x"] >= canvas["x"] + canvas["width"], (beside, canvas)
    inspector.locator(f"#param-{ids[0]}-out_channels").fill("8")
    expect(page.get_by_test_id(f"node-{ids[0]}")).to_contain_text("(8,")

    _assert_nothing_over_a_node(page, ids, wires=len(ids))
    screenshot("editor-canvas-stage")


def _assert_nothing_over_a_node(page: Page, ids: list[str], wires: int) -> None:
    """No node covers another, and no wire's shape label is drawn over a node."""
    nodes = [page.get_by_test_id(f"node-{i}").bounding_box() for i in ["input", *ids]]
    labels = [label.bounding_box() for label in page.locator("[data-testid^=edge-]").all()]
    assert all(nodes) and all(labels) and len(labels) == wires
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert a and b and not _overlap(a, b), (a, b)
        for label in labels:
            assert a and label and not _overlap(a, label), (a, label)


def test_no_label_over_a_node_with_a_skip_wire(page: Page, server_url: str) -> None:
    """The residual template: its skip wire's label runs beside the branch, over no node."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    open_canvas(page)
    ids = ["conv1", "act1", "conv2", "act2", "conv3", "add", "act3", "pool", "flat", "fc"]
    expect(page.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
    page.wait_for_timeout(200)  # the canvas fits its view 60 ms after the layers change
    wait_for_canvas_fit(page, "fc")
    _assert_nothing_over_a_node(page, ids, wires=len(ids) + 1)


def _on_screen_px(page: Page, test_id: str) -> float:
    """A node id's font size as drawn: its CSS size times the canvas's zoom."""
    text = page.get_by_test_id(test_id).locator(".canvas-node-id")
    size: float = text.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize) * e.getBoundingClientRect().height / e.offsetHeight"
    )
    return size


def test_node_text_is_readable_at_full_browser_zoom(page: Page, server_url: str) -> None:
    """An eleven-layer CNN: the canvas grows tall rather than shrinking its text below 11 px."""
    ids = _lenet(page, server_url)
    open_canvas(page)
    expect(page.get_by_test_id(f"node-{ids[-1]}")).to_be_attached()
    page.wait_for_timeout(200)  # the canvas fits its view 60 ms after the layers change
    wait_for_canvas_fit(page, ids[-1])
    for layer_id in ids:
        size = _on_screen_px(page, f"node-{layer_id}")
        assert size >= 11, (layer_id, size)
    canvas = page.get_by_test_id("canvas").bounding_box()
    last = page.get_by_test_id(f"node-{ids[-1]}").bounding_box()
    assert canvas and last and last["y"] + last["height"] <= canvas["y"] + canvas["height"]


def test_an_error_on_a_node_covers_no_other(page: Page, server_url: str) -> None:
    """A node that grows with its error message pushes nothing under it: no overlap on the canvas."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    open_canvas(page)
    select_node(page, "conv3")
    page.get_by_test_id("inspector").locator("#param-conv3-out_channels").fill("32")
    expect(page.get_by_test_id("node-error-add")).to_contain_text("same shape")
    page.wait_for_timeout(200)
    wait_for_canvas_fit(page, "fc")
    assert labels_over_nodes(page) == []


_TEXT_WIDTH = """select => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [context.measureText(select.selectedOptions[0].text).width, room];
}"""
_ARROW = 22  # the select's drop-down arrow takes this much of its room


def test_every_loss_and_optimizer_name_fits_its_select_beside_the_canvas(
    page: Page, server_url: str
) -> None:
    """The README's editor: the settings beside the canvas at 1280 wide, where CrossEntropyLoss
    was cut to 'CrossEntropyLos'."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_editor(page, server_url)
    open_canvas(page)
    for test_id in ("loss-select", "optimizer-select"):
        select = page.get_by_test_id(test_id)
        for name in select.locator("option:not([disabled])").all_text_contents():
            select.select_option(name)
            text, room = select.evaluate(_TEXT_WIDTH)
            assert text + _ARROW <= room, f"{name} is cut in {test_id}: {text:.0f}px in {room}px"


def test_a_folded_layers_error_shows_names_as_code_not_backticks(
    page: Page, server_url: str
) -> None:
    """The LeNet without its Flatten: fc1's one-line error read "Linear `fc1` expects…"."""
    _lenet(page, server_url)
    page.get_by_test_id("open-flat").click()
    page.get_by_label("Delete flat").click()
    error = page.get_by_test_id("error-fc1")
    expect(error).to_contain_text("Linear fc1 expects a flat input")
    expect(error.locator("code")).to_have_text(["fc1", "fc1"])  # the message's, then the fix's
    expect(page.get_by_test_id("open-fc1")).to_be_visible()  # still folded to one line


def test_the_list_duplicates_and_deletes_the_layer_open_in_it(page: Page, server_url: str) -> None:
    """Duplicate and Delete above the list act on the layer opened there (they stayed disabled)."""
    _lenet(page, server_url)
    expect(page.get_by_test_id("delete-selected")).to_be_disabled()
    page.get_by_test_id("open-fc1").click()
    expect(page.get_by_test_id("duplicate-selected")).to_have_text("Duplicate fc1")
    page.get_by_test_id("duplicate-selected").click()
    expect(page.get_by_test_id("layer-id-fc3")).to_be_visible()  # the copy opens in its place
    expect(page.get_by_test_id("open-fc1")).to_be_visible()
    expect(page.get_by_test_id("delete-selected")).to_have_text("Delete fc3")  # fc1 folded
    page.get_by_test_id("delete-selected").click()
    expect(page.get_by_test_id("layer-card-fc3")).to_have_count(0)
    expect(page.get_by_test_id("layer-card-fc1")).to_have_count(1)
    expect(page.get_by_test_id("delete-selected")).to_be_disabled()


def test_the_palette_never_covers_the_training_settings_at_1024(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """Between a phone and a wide screen the palette sticks while the page scrolls: it must stay
    beside the training settings, not slide over them."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_editor(page, server_url)
    for part in ("train-button", "epochs-input", "dataset-select"):
        page.get_by_test_id(part).scroll_into_view_if_needed()
        palette = page.locator(".palette").bounding_box()
        setting = page.get_by_test_id(part).bounding_box()
        assert palette is not None and setting is not None
        assert not _overlap(palette, setting), f"the palette covers {part}: {palette}, {setting}"
    screenshot("editor-1024-scrolled")
    # Train comes right under the design, before its size and parameters (it stood 2,400 px down,
    # under both, with a LeNet).
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-lenet").click()
    train = page.get_by_test_id("train-button").bounding_box()
    layers = page.get_by_role("region", name="Design").bounding_box()
    size = page.get_by_text("Size estimate").bounding_box()
    assert train is not None and layers is not None and size is not None
    assert layers["y"] + layers["height"] < train["y"] < size["y"], (layers, train, size)
