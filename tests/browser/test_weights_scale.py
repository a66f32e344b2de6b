"""The weights drawing draws every epoch on one width scale, the largest of the run's looks' scales
so far (the |w| 9 in 10 of a look's weights are under: one outlier does not draw all thin), and
says it: scrubbed back, an early epoch's smaller weights draw thinner than the last's (each look
scaled to its own weights drew weights that all grew by one factor alike at every epoch)."""

import math
import os
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_weights_replay import DESIGN, TRAINING, _epoch_looks

WIDTH_MIN, WIDTH_MAX, WIDTH_FLOOR = 0.5, 8.0, 1.0  # frontend/src/training/weights/networkDrawing.ts


def _weights(network: dict[str, Any]) -> list[float]:
    """The network's weights in the drawing's order of edges: layer, unit, then input."""
    return [w for layer in network["layers"] for row in layer["weight"] for w in row]


def look_scale(network: dict[str, Any]) -> float:
    """The |w| that 9 in 10 of a look's weights are under (networkDrawing.ts's lookScale)."""
    sizes = sorted(map(abs, _weights(network)))
    return sizes[min(len(sizes) - 1, math.floor(0.9 * len(sizes)))]


def run_scale(page: Page, run_id: str) -> float:
    """The largest look scale of every drawn look the run sent (insight looks and epochs' ends)."""
    largest, after = 0.0, 0
    while events := api_of(page).get(f"/api/runs/{run_id}/events?after={after}").json():
        for event in events:
            if event["type"] in ("insight", "weights") and event["network"]["layers"]:
                largest = max(largest, look_scale(event["network"]))
        after = events[-1]["seq"]
    return largest


def _widths(weights: Locator) -> list[float]:
    return [
        float(width)
        for width in weights.locator("line.weights-edge").evaluate_all(
            "(lines) => lines.map((line) => line.getAttribute('stroke-width'))"
        )
    ]


def _shoot(page: Page, name: str) -> None:
    if folder := os.environ.get("TORCHCANVAS_SCREENS"):
        page.get_by_test_id("live-weights").screenshot(path=f"{folder}/{name}.png")


def test_scrubbing_back_draws_early_weights_thinner_on_the_run_s_one_scale(
    page: Page, server_url: str
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DESIGN, TRAINING)
    looks = _epoch_looks(page, run_id)
    scale = max(WIDTH_FLOOR, run_scale(page, run_id))
    assert scale > 1.5, f"trained too little to test: the run's scale is {scale}"
    page.goto(f"{server_url}/runs/{run_id}")
    weights = page.get_by_test_id("live-weights")
    shown_scale = f"{float(f'{scale:.2g}'):g}"
    said = weights.get_by_test_id("weights-scale")
    expect(said).to_have_text(
        f"widths: |w|, widest at {shown_scale} or more: one scale for every epoch"
        " (9 in 10 weights under it where they were largest)"
    )
    late = _widths(weights)
    slider = weights.get_by_role("slider", name="Epoch of the weights shown")
    slider.focus()
    page.keyboard.press("Home")
    expect(weights.get_by_test_id("weights-epoch")).to_have_text(
        f"Epoch {looks[0]['epoch']}, step {looks[0]['step']:,}"
    )
    early = _widths(weights)
    _shoot(page, "weights-scale-early")
    # The same scale, said the same, and each early edge drawn on it: |w| / scale of the way
    # from the thinnest to the widest.
    expect(said).to_contain_text(f"widths: |w|, widest at {shown_scale} or more")
    first = _weights(looks[0]["network"])
    expected = [WIDTH_MIN + (WIDTH_MAX - WIDTH_MIN) * min(1, abs(w) / scale) for w in first]
    assert [round(w, 3) for w in early] == [round(w, 3) for w in expected]
    assert sum(early) < sum(late) and max(early) < max(late), (early, late)
    page.keyboard.press("End")
    _shoot(page, "weights-scale-late")
    page.set_viewport_size(PHONE)
    expect(said).to_be_visible()
    _shoot(page, "weights-scale-phone")
