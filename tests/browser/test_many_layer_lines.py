"""A deep network's per-layer charts tell each layer's line apart: past the eight colours, the
lines (and their legend's swatches) go on dashed, so the 1st and the 9th layer are no longer two
blue lines alike. On a phone, the weights' rows show each layer's whole name, wrapped, where they
were cut to 6 characters ("relu_…" for both relu_fc and relu_fc3)."""

import os
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import PHONE, train_through_page

NAMES = [f"hidden_layer_{i}" for i in range(1, 10)] + ["out"]
DEEP: dict[str, Any] = {
    "version": 1,
    "name": "ten-linear",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        *({"id": name, "type": "Linear", "params": {"out_features": 10}} for name in NAMES),
    ],
}

# Each legend row's label, its swatch's colour (a solid line's is its border) and its dash.
SWATCHES = """(figure) => [...figure.querySelectorAll('.u-legend .u-series')].slice(1).map((row) => {
  const marker = getComputedStyle(row.querySelector('.u-marker'));
  return [row.querySelector('.u-label').textContent, marker.borderColor, marker.backgroundImage];
})"""


def _shoot(part: Locator, name: str) -> None:
    """The part looked at, alone (the page is 5,000 px tall)."""
    if folder := os.environ.get("TORCHCANVAS_SCREENS"):
        part.screenshot(path=f"{folder}/{name}.png")


def test_a_deep_networks_layers_differ_beyond_colour(page: Page, server_url: str) -> None:
    page.goto(server_url)
    training = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    run_id = train_through_page(page, DEEP, {**training, "epochs": 1, "batch_size": 64})
    page.goto(f"{server_url}/runs/{run_id}")
    for chart in ("grad-chart", "ratio-chart"):
        figure = page.get_by_test_id(chart)
        expect(figure.locator(".u-legend")).to_contain_text("hidden_layer_9")
        rows = {label: (colour, dash) for label, colour, dash in figure.evaluate(SWATCHES)}
        first, ninth = rows["hidden_layer_1"], rows["hidden_layer_9"]
        assert first[1] == "none", (chart, first)  # the first eight: solid
        assert "repeating-linear-gradient" in ninth[1], (chart, ninth)
        # The same colour (the ninth takes the first's), told apart by its dashes.
        colour = first[0].removeprefix("rgb(").removesuffix(")")
        assert colour in ninth[1].replace("rgba(", "rgb("), (chart, first, ninth)
        _shoot(figure, f"deep-layer-{chart}")

    page.set_viewport_size(PHONE)
    histograms = page.get_by_test_id("histograms")
    name = histograms.get_by_test_id("histogram-hidden_layer_9").locator("code")
    expect(name).to_have_text("hidden_layer_9")
    cut = name.evaluate("(code) => code.scrollWidth > code.clientWidth")
    assert not cut, name.evaluate("(code) => [code.scrollWidth, code.clientWidth]")
    _shoot(histograms, "deep-layer-names-phone")
