"""A wired design lists its layers as the data flows, in the editor's list and on the model page,
with an arrow between two layers only where one feeds the next; its layers' list order (the
order they were added in) does not show."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import load_design_file, open_editor, open_layer
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

# drop1 was added last and wired in between act3 and fc2; skip, added before it, is a branch.
DESIGN = {
    "version": 1,
    "name": "rewired",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat1", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act3", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
        {"id": "skip", "type": "Linear", "params": {"out_features": 10}},
        {"id": "add1", "type": "Add"},
        {"id": "drop1", "type": "Dropout"},
    ],
    "edges": [
        ["input", "flat1"],
        ["flat1", "fc1"],
        ["fc1", "act3"],
        ["act3", "drop1"],
        ["drop1", "fc2"],
        ["flat1", "skip"],
        ["fc2", "add1"],
        ["skip", "add1"],
    ],
}
FLOW = ["flat1", "fc1", "act3", "drop1", "fc2", "skip", "add1"]

_ARROWS = """(list) => [...list.querySelectorAll(':scope > li[data-testid^="layer-card-"]')].map((li) => [
  li.dataset.testid.slice("layer-card-".length),
  getComputedStyle(li, "::before").content !== "none",
])"""


def test_a_wired_design_is_listed_as_the_data_flows(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    load_design_file(page, "rewired.json", DESIGN)
    expect(page.get_by_test_id("load-ok")).to_have_text("Loaded rewired.json: 7 layers.")
    expect(page.get_by_test_id("shape-add1")).to_have_text("(10)")
    listed = page.locator("ol.layers").evaluate(_ARROWS)
    # Each after its inputs; an arrow into each layer but skip, which takes flat1, not fc2.
    assert listed == [[layer, layer != "skip"] for layer in FLOW]
    expect(page.get_by_test_id("inputs-skip")).to_have_text("Takes flat1")
    # The list follows the wires, so it offers no moving up and down.
    open_layer(page, "drop1")
    card = page.get_by_test_id("layer-card-drop1")
    expect(card.get_by_role("button", name="Delete drop1")).to_be_visible()
    expect(card.get_by_role("button", name="Move drop1 up")).to_have_count(0)


def test_the_model_page_lists_layers_as_the_data_flows(
    page: Page, server_url: str, server_data: Path
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, finished_events(1)
    )
    page.goto(f"{server_url}/models/{run_id}")
    rows = page.get_by_test_id("layer-table").locator("tbody tr td:first-child code")
    expect(rows).to_have_text(FLOW)
