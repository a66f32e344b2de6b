"""The weights drawing names its ends by the dataset, as the misclassified samples do: a CSV's
inputs by its columns (a long name cut, whole in its tooltip), the outputs by the classes; and
a trained network's edges are scaled to its own weights, which the legend says, so they still
differ in width where a fixed top (|w| 3) drew nearly all of them widest."""

import math
import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, train_through_page
from tests.browser.test_weights_scale import run_scale

COLUMNS = ["sepal length in centimetres", "sepal width", "petal length", "petal width"]
CLASSES = ["setosa", "versicolor", "virginica"]
WIDTH_MAX = 8  # networkDrawing.ts: the widest edge, px


def _flowers_csv(rows: int = 90) -> bytes:
    lines = [",".join([*COLUMNS, "species"])]
    for i in range(rows):
        c = i % 3
        values = [4.5 + c + (i % 7) * 0.1, 3.0 + (i % 5) * 0.1, 1.5 + 2 * c, 0.2 + c * 0.8]
        lines.append(",".join(f"{v:.2f}" for v in values) + f",{CLASSES[c]}")
    return ("\n".join(lines) + "\n").encode()


def _last_network(page: Page, run_id: str) -> dict[str, Any]:
    looks: list[dict[str, Any]] = []
    after = 0
    while events := api_of(page).get(f"/api/runs/{run_id}/events?after={after}").json():
        looks += [e for e in events if e["type"] == "insight"]
        after = events[-1]["seq"]
    network: dict[str, Any] = looks[-1]["network"]
    return network


def _shown(weight: float) -> str:
    return str(float(f"{weight:.4g}")).removesuffix(".0").replace("-", "−")


def _overlaps(page: Page) -> list[str]:
    """Pairs of the drawing's names whose boxes overlap each other, or overlap a unit."""
    found: list[str] = page.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll(
            '[data-testid=weights-input-name], [data-testid=weights-output-name], .weights-node')]
            .map((el) => [el.textContent || 'node', el.getBoundingClientRect()]);
          const out = [];
          boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
            if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
              out.push(a + ' / ' + b);
          }));
          return out;
        }"""
    )
    return found


def test_a_csv_s_columns_and_classes_name_the_drawing_s_units(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    file = {"name": "flowers.csv", "mimeType": "text/csv", "buffer": _flowers_csv()}
    upload = api_of(page).post("/api/datasets", multipart={"file": file, "target": "species"})
    assert upload.status == 201, upload.text()
    dataset = upload.json()["id"]
    design = {
        "version": 1,
        "name": "flowers-mlp",
        "input_shape": [4],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 5}},
            {"id": "act1", "type": "ReLU"},
            {"id": "out", "type": "Linear", "params": {"out_features": 3}},
        ],
    }
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
                "epochs": 2, "batch_size": 16, "seed": 0}  # fmt: skip
    run_id = train_through_page(page, design, training)
    network = _last_network(page, run_id)
    for where in (f"/runs/{run_id}", f"/models/{run_id}"):
        page.goto(server_url + where)
        weights = page.get_by_test_id("live-weights")
        expect(weights).to_have_attribute("data-drawn", "true")
        inputs = weights.get_by_test_id("weights-input-name")
        # A long column name is cut so it leaves the units room; its tooltip says it whole.
        expect(inputs).to_have_text(["sepal lengt…", *COLUMNS[1:]])
        cut = weights.locator(".weights-name-cut")
        expect(cut.locator("title")).to_have_text([COLUMNS[0]])  # only the long one
        expect(cut.get_by_test_id("weights-input-name")).to_have_text("sepal lengt…")
        expect(weights.get_by_test_id("weights-output-name")).to_have_text(CLASSES)
        # An output edge reads by the class it goes to: out's row 1, from fc1 unit 2.
        edge = weights.locator(f'[data-testid="weight-edge"][data-edge="{4 * 5 + 5 + 1}"]')
        edge.focus()
        value = network["layers"][1]["weight"][1][1]
        expect(weights.get_by_test_id("weight-readout")).to_have_text(
            f"out: fc1 unit 2 → versicolor: w = {_shown(value)}"
        )
        first = weights.locator('[data-testid="weight-edge"][data-edge="0"]')
        expect(first).to_have_attribute(
            "aria-label", re.compile(r"^fc1: sepal length in centimetres → fc1 unit 1, weight ")
        )
        # The table, the drawing's text alternative, names them as the drawing does.
        table = weights.get_by_test_id("weights-table")
        table.locator("summary").click()
        expect(table.locator("table").first.locator("thead th")).to_have_text(
            ["unit", *(f"from {column}" for column in COLUMNS), "bias"]
        )
        expect(table.locator("table").last.locator("tbody th")).to_have_text(CLASSES)
        table.locator("summary").click()
        assert _overlaps(page) == []
        svg = weights.locator("svg.weights-svg")
        box = svg.bounding_box()
        assert box is not None
        names = weights.get_by_test_id("weights-output-name").last.bounding_box()
        assert names is not None and names["x"] + names["width"] <= box["x"] + box["width"] + 1
        weights.scroll_into_view_if_needed()
        screenshot("weights-named-" + where.split("/")[1])
    assert api_of(page).delete(f"/api/datasets/{dataset}").ok


def test_a_long_trained_network_s_edge_widths_follow_its_own_weights(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    design = {
        "version": 1,
        "name": "spiral-mlp",
        "input_shape": [2],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
            {"id": "act1", "type": "Tanh"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 8}},
            {"id": "act2", "type": "Tanh"},
            {"id": "fc3", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    training = {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.1,
                "epochs": 40, "batch_size": 8, "seed": 0}  # fmt: skip
    run_id = train_through_page(page, design, training)
    network = _last_network(page, run_id)
    sizes = sorted(abs(w) for layer in network["layers"] for row in layer["weight"] for w in row)
    scale = sizes[min(len(sizes) - 1, math.floor(0.9 * len(sizes)))]
    assert scale > 3, f"trained too little to test: 9 in 10 weights under {scale}"
    # A fixed top at |w| 3 drew a third or more of them widest.
    assert sum(s >= 3 for s in sizes) > len(sizes) / 3, sizes

    page.goto(f"{server_url}/runs/{run_id}")
    weights = page.get_by_test_id("live-weights")
    expect(weights).to_have_attribute("data-drawn", "true")
    largest = run_scale(page, run_id)  # of every look: the run's one width scale
    expect(weights.get_by_test_id("weights-legend")).to_contain_text(
        f"widths: |w|, widest at {float(f'{largest:.2g}'):g} or more: one scale for every epoch"
    )
    expect(weights.get_by_test_id("weights-input-name")).to_have_text(["x₁", "x₂"])
    expect(weights.get_by_test_id("weights-output-name")).to_have_text(["a", "b"])
    widths = [
        float(w)
        for w in weights.locator("line.weights-edge").evaluate_all(
            "(lines) => lines.map((l) => l.getAttribute('stroke-width'))"
        )
    ]
    assert len(widths) == len(sizes)
    widest = sum(w >= WIDTH_MAX - 1e-6 for w in widths)
    assert widest <= len(widths) * 0.15, f"{widest} of {len(widths)} edges drawn widest"
    assert len({round(w, 2) for w in widths}) > len(widths) / 2  # they differ
    weights.scroll_into_view_if_needed()
    screenshot("weights-scaled-spiral")
