"""Layer names of up to 64 characters are cut short with an ellipsis, the whole name in a tooltip,
beside the histograms of "Weights and gradients" and down the gradient heatmap's side: never over
the pictures beside them, where they ran over the histograms and were squashed on the heatmap."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_SETTINGS, owner_of, write_run
from torchcanvas.training.events import (
    EndEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.insight import Histogram, InsightEvent, LayerInsight

NAMES = ["a_first_fully_connected_layer_with_a_long_name_" + "x" * 17, "out"]
DESIGN = {
    "version": 1,
    "name": "long names",
    "input_shape": [64],
    "layers": [
        {"id": NAMES[0], "type": "Linear", "params": {"out_features": 16}},
        {"id": "relu1", "type": "ReLU"},
        {"id": NAMES[1], "type": "Linear", "params": {"out_features": 10}},
    ],
}


def _events() -> list[TrainingEvent]:
    bars = Histogram(min=-1.0, max=1.0, counts=[1, 3, 5, 3, 1])
    seen = LayerInsight(weights=bars, grads=bars, update_ratio=1e-3)
    return [
        StartedEvent(device="cpu", epochs=1, steps_per_epoch=4, total_steps=4, layers=NAMES),
        *[
            ProgressEvent(
                epoch=1,
                step=step,
                loss=1.0,
                losses=[1.0],
                grad_norms=dict.fromkeys(NAMES, 0.1 * step),
                elapsed=step / 10,
                eta=1.0,
                samples_per_second=100.0,
                lr=1e-3,
            )
            for step in range(1, 5)
        ],
        InsightEvent(epoch=1, step=4, layers=dict.fromkeys(NAMES, seen), dead={}),
        EndEvent(status="succeeded", metrics=Metrics(epoch=1, step=4)),
    ]


# Each name's box, whether it is cut short (longer than its box, the rest hidden behind an
# ellipsis: else it runs out of its box, over what is beside it), its tooltip, what is beside it.
_CUT = """(name) => name.scrollWidth > name.clientWidth
  && getComputedStyle(name).overflowX === "hidden"
  && getComputedStyle(name).textOverflow === "ellipsis"
"""
LAYER_ROWS = ".histogram-row:not(.histogram-head)"  # a layer's; the head names the columns
_HISTOGRAM_NAMES = """(figure) => [...figure.querySelectorAll(LAYER_ROWS)].map((row) => {
  const name = row.querySelector("code");
  return { right: name.getBoundingClientRect().right, cut: (CUT)(name),
           title: name.title, next: name.nextElementSibling.getBoundingClientRect().left };
})"""
_HEATMAP_NAMES = """(figure) => {
  const cells = figure.querySelector("canvas").getBoundingClientRect().left + 70;
  return [...figure.querySelectorAll("[data-testid=heatmap-label]")].map((name) => {
    const box = name.getBoundingClientRect();
    return { right: box.right, top: box.top, bottom: box.bottom, cut: (CUT)(name),
             title: name.title, cells };
  });
}"""


def test_long_layer_names_are_cut_short_never_overlapping(
    page: Page, server_url: str, server_data: Path
) -> None:
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, _events())
    page.goto(f"{server_url}/runs/{run_id}")
    histograms = page.get_by_test_id("histograms")
    expect(histograms.locator(LAYER_ROWS)).to_have_count(2)
    named = _HISTOGRAM_NAMES.replace("LAYER_ROWS", f"'{LAYER_ROWS}'")
    long, short = histograms.evaluate(named.replace("CUT", _CUT))
    assert long["right"] <= long["next"] and long["cut"] and long["title"] == NAMES[0], long
    assert short["right"] <= short["next"] and not short["cut"], short
    heatmap = page.get_by_test_id("grad-heatmap")
    expect(heatmap.get_by_test_id("heatmap-label")).to_have_count(2)
    long, short = heatmap.evaluate(_HEATMAP_NAMES.replace("CUT", _CUT))
    assert long["right"] <= long["cells"] and long["cut"] and long["title"] == NAMES[0], long
    assert long["bottom"] <= short["top"] and not short["cut"], short
    page.set_viewport_size({"width": 1280, "height": 900})
    heatmap.screenshot(path="/tmp/views-heatmap-names.png")
    histograms.screenshot(path="/tmp/views-histogram-names.png")
