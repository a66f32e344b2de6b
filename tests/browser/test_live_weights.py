"""A small MLP's weights on the run page as TensorFlow Playground draws them: an edge a weight,
its colour the sign, its width |w|, updated as the run trains and at each Step of a paused run;
an edge hovered or focused says its value, the arrow keys move along the edges, and a table gives
every weight as text. A network too big to draw says why."""

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from playwright.sync_api import Locator, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, add_layer, open_editor, set_param, train_through_page

EDGES = 2 * 6 + 6 * 4 + 4 * 2  # x₁, x₂ → fc1 (6) → fc2 (4) → fc3 (2)


def _step(locator: Locator) -> int:
    return int(locator.get_attribute("data-step") or 0)


def _last_network(page: Page, run_id: str) -> dict[str, Any]:
    """The last look's weights, as the server sent them (tests/backend/test_live_weights.py
    checks them against torch's)."""
    looks: list[dict[str, Any]] = []
    after = 0
    while events := api_of(page).get(f"/api/runs/{run_id}/events?after={after}").json():
        looks += [e for e in events if e["type"] == "insight"]
        after = events[-1]["seq"]
    network: dict[str, Any] = looks[-1]["network"]
    return network


# A point on the edge where the pointer finds it, not another edge crossing it: edges fan out
# from each unit and cross between the columns, as a person moving the pointer along one sees.
_OPEN_POINT = """(line) => {
  const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => line[a].baseVal.value);
  const matrix = line.getScreenCTM();
  for (const t of [0.3, 0.25, 0.35, 0.2, 0.4, 0.15, 0.45, 0.6, 0.7, 0.8]) {
    const p = new DOMPoint(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t).matrixTransform(matrix);
    if (document.elementFromPoint(p.x, p.y) === line) return [p.x, p.y];
  }
  return null;
}"""


def _hover(page: Page, edge: Locator) -> None:
    edge.scroll_into_view_if_needed()
    point = edge.evaluate(_OPEN_POINT)
    assert point, "no point of the edge that the pointer finds"
    page.mouse.move(*point)


def _shown(weight: float) -> str:
    """A weight as the readout writes it: 4 significant digits, a true minus, and JavaScript's
    number text (0.00004121, where Python's 4g writes 4.121e-05: a CI run's weight was one)."""
    rounded = float(f"{weight:.4g}")
    if rounded != 0 and abs(rounded) < 1e-6:  # JavaScript's exponent: 1.234e-7
        mantissa, exponent = f"{rounded:.4g}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    else:
        text = np.format_float_positional(rounded, trim="-")
    return f"−{text[1:]}" if text.startswith("-") else text


def test_a_small_mlp_s_weights_are_drawn_live_and_read_by_hover_and_keys(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("moons")
    for layer in ("Linear", "Tanh", "Linear", "Tanh", "Linear"):
        add_layer(page, layer)
    set_param(page, "fc1", "out_features", "6")
    set_param(page, "fc2", "out_features", "4")
    set_param(page, "fc3", "out_features", "2")
    page.get_by_test_id("epochs-input").fill("1000")
    page.get_by_test_id("batch-size-input").fill("8")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))
    run_id = page.url.rsplit("/", 1)[1]

    weights = page.get_by_test_id("live-weights")
    expect(weights).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(weights.locator("figcaption")).to_have_text("Network weights as they train")
    expect(weights.get_by_test_id("weight-edge")).to_have_count(EDGES)
    expect(weights.get_by_test_id("weights-legend")).to_contain_text("blue: positive")
    expect(weights.get_by_test_id("weights-legend")).to_contain_text("orange: negative")
    expect(weights.get_by_test_id("weights-legend")).to_contain_text("widths: |w|, widest at")
    # Live: a later look redraws it while the run trains.
    first = _step(weights)
    page.wait_for_function(
        "([f, s]) => Number(f.dataset.step) > s", arg=[weights.element_handle(), first]
    )
    expect(page.get_by_test_id("run-status")).to_have_text("running")

    # Paused, a Step's look shows the weights that one step moved, at the step it trained.
    page.get_by_test_id("pause-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("paused")
    page.wait_for_timeout(300)  # the frames before the pause are in
    paused_at = int(page.get_by_test_id("progress-step").inner_text().replace(",", ""))
    if _step(weights) < paused_at:  # the last look came before the pause: the page says so
        expect(weights).to_contain_text(f"Paused at step {paused_at:,}, after this look")
    else:
        expect(weights).not_to_contain_text("Paused at step")
    page.get_by_test_id("step-button").click()
    expect(page.get_by_test_id("progress-step")).to_have_text(f"{paused_at + 1:,}")
    expect(weights).to_have_attribute("data-step", str(paused_at + 1))
    network = _last_network(page, run_id)
    assert [layer["id"] for layer in network["layers"]] == ["fc1", "fc2", "fc3"]

    # Hovered, an edge says which weight it is and its value, as the server sent it.
    readout = weights.get_by_test_id("weight-readout")
    expect(readout).to_contain_text("Hover, tap or focus an edge")
    edge = weights.locator('[data-testid="weight-edge"][data-edge="1"]')  # fc1 unit 1, from x₂
    _hover(page, edge)
    value = network["layers"][0]["weight"][0][1]
    expect(readout).to_have_text(f"fc1: x₂ → fc1 unit 1: w = {_shown(value)}")
    expect(weights.get_by_test_id("weight-chosen")).to_have_count(1)
    screenshot("live-weights-paused")

    # By the keyboard: Tab reaches the chosen edge, Down the next of its layer, Right the next layer.
    edge.focus()
    page.keyboard.press("ArrowDown")  # fc1 unit 2, from x₁
    value = network["layers"][0]["weight"][1][0]
    expect(readout).to_have_text(f"fc1: x₁ → fc1 unit 2: w = {_shown(value)}")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == f"fc1: x₁ → fc1 unit 2, weight {_shown(value)}"
    page.keyboard.press("ArrowRight")  # fc2 unit 1, from fc1 unit 1
    value = network["layers"][1]["weight"][0][0]
    expect(readout).to_have_text(f"fc2: fc1 unit 1 → fc2 unit 1: w = {_shown(value)}")
    assert weights.locator("svg [tabindex='0']").count() == 1  # one tab stop, not one an edge

    # The text alternative: a table a layer, every weight and bias.
    table = weights.get_by_test_id("weights-table")
    table.locator("summary").click()
    fc3 = table.locator("table").nth(2)
    expect(fc3.locator("caption")).to_contain_text("fc3")
    expect(fc3.locator("tbody tr")).to_have_count(2)
    expect(fc3.locator("tbody tr").first.locator("td")).to_have_text(
        [_shown(w) for w in network["layers"][2]["weight"][0]]
        + [_shown(network["layers"][2]["bias"][0])]
    )

    assert not serious_violations(page)  # the edges are named, the table's cells readable

    # On a phone the drawing fits the screen's width.
    page.set_viewport_size(PHONE)
    svg = weights.locator("svg.weights-svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    screenshot("live-weights-phone")

    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute(
        "data-status", re.compile("cancelled|succeeded")
    )
    expect(weights.locator("figcaption")).to_have_text("Network weights, trained")


def test_a_network_too_big_to_draw_says_why(page: Page, server_url: str) -> None:
    page.goto(server_url)
    design = {
        "version": 1,
        "name": "digits-mlp",
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc1", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
    training = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
                "epochs": 1, "batch_size": 64, "seed": 0}  # fmt: skip
    run_id = train_through_page(page, design, training)
    page.goto(f"{server_url}/runs/{run_id}")
    weights = page.get_by_test_id("live-weights")
    expect(weights).to_have_attribute("data-drawn", "false")
    expect(weights.get_by_test_id("weights-not-drawn")).to_have_text(
        "Not drawn: Linear fc1 is 64 → 10 units, too many edges to draw: the drawing shows "
        "layers of at most 12 units. The data gives 64 inputs: a 2-D set or a table of at most "
        "12 feature columns is drawn."
    )
    # The layer's name is code, not a backticked word (a review read "Linear `fc1`" on the page).
    expect(weights.get_by_test_id("weights-not-drawn").locator("code")).to_have_text("fc1")
    expect(weights.locator("svg")).to_have_count(0)


def test_the_model_page_draws_the_trained_weights(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    design = {
        "version": 1,
        "name": "moons-mlp",
        "input_shape": [2],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 5}},
            {"id": "act1", "type": "ReLU"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    training = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.05,
                "epochs": 3, "batch_size": 32, "seed": 0}  # fmt: skip
    run_id = train_through_page(page, design, training)
    network = _last_network(page, run_id)  # the run's last look: at its last step
    page.goto(f"{server_url}/models/{run_id}")
    weights = page.get_by_test_id("live-weights")
    expect(weights.locator("figcaption")).to_have_text("Network weights, trained")
    expect(weights.get_by_test_id("weight-edge")).to_have_count(2 * 5 + 5 * 2)
    edge = weights.locator(
        '[data-testid="weight-edge"][data-edge="10"]'
    )  # fc2 unit 1, from fc1 unit 1
    edge.focus()
    value = network["layers"][1]["weight"][0][0]
    expect(weights.get_by_test_id("weight-readout")).to_have_text(
        f"fc2: fc1 unit 1 → a: w = {_shown(value)}"  # the output units: the moons' classes
    )
    weights.scroll_into_view_if_needed()
    screenshot("live-weights-model-page")
