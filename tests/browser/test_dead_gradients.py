"""A run whose gradients died (norms of 0): the gradient chart's legend says 0, not the last norm
above it, and the heatmap paints the zeros in a colour of their own, named in its scale; the
update-to-weight ratio chart's legend says 0 where the weights stopped moving."""

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

DESIGN = {
    "version": 1,
    "name": "mlp",
    "input_shape": [64],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "relu1", "type": "ReLU"},
        {"id": "out", "type": "Linear", "params": {"out_features": 10}},
    ],
}
FRAMES = 6  # fc1's norm is 0.201, then 0 from the fourth frame on; out's stays 0.1


def _events() -> list[TrainingEvent]:
    events: list[TrainingEvent] = [
        StartedEvent(
            device="cpu",
            epochs=1,
            steps_per_epoch=FRAMES,
            total_steps=FRAMES,
            layers=["fc1", "out"],
        )
    ]
    for step in range(1, FRAMES + 1):
        if step % 2:  # a look inside on the frames 1, 3 and 5: fc1's weights stop moving after 1
            events.append(_look(step, fc1_ratio=0.124 if step == 1 else 0.0))
        events.append(
            ProgressEvent(
                epoch=1,
                step=step,
                loss=1.0,
                losses=[1.0],
                grad_norms={"fc1": 0.201 if step <= 3 else 0.0, "out": 0.1},
                elapsed=step / 10,
                eta=1.0,
                samples_per_second=100.0,
                lr=1e-3,
            )
        )
    return [*events, EndEvent(status="succeeded", metrics=Metrics(epoch=1, step=FRAMES))]


def _look(step: int, fc1_ratio: float) -> InsightEvent:
    histogram = Histogram(min=-1.0, max=1.0, counts=[1, 2, 1])
    layer = LayerInsight(weights=histogram, grads=histogram, update_ratio=fc1_ratio)
    out = layer.model_copy(update={"update_ratio": 2e-3})
    return InsightEvent(epoch=1, step=step, layers={"fc1": layer, "out": out}, dead={})


# The colour of the heatmap's cell in `row` and `column` (of `columns`), as drawn.
_CELL = """([canvas, row, column, columns]) => {
  const label = 70, height = 18;
  const width = (canvas.width - label) / columns;
  const x = Math.floor(label + (column + 0.5) * width), y = row * height + 8;
  return [...canvas.getContext("2d").getImageData(x, y, 1, 1).data.slice(0, 3)];
}"""


def test_gradients_that_died_read_as_zero(page: Page, server_url: str, server_data: Path) -> None:
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, _events())
    page.goto(f"{server_url}/runs/{run_id}")
    values = page.get_by_test_id("grad-chart").locator(".u-legend .u-series .u-value")
    expect(values.nth(1)).to_have_text("0")  # fc1, where it read 0.201
    expect(values.nth(2)).to_have_text("0.1")
    ratios = page.get_by_test_id("ratio-chart").locator(".u-legend .u-series .u-value")
    expect(ratios.nth(1)).to_have_text("0")  # fc1, where it read 0.124
    expect(ratios.nth(2)).to_have_text("2e-3")
    heatmap = page.get_by_test_id("grad-heatmap")
    expect(heatmap.get_by_test_id("heatmap-zero")).to_have_text("0")
    canvas = heatmap.locator("canvas")
    zero = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--chart-zero').trim()"
    )
    red, green, blue = (int(zero[i : i + 2], 16) for i in (1, 3, 5))
    cell = canvas.evaluate(f"(canvas) => ({_CELL})([canvas, 0, {FRAMES - 1}, {FRAMES}])")
    assert cell == [red, green, blue], cell
    first = canvas.evaluate(f"(canvas) => ({_CELL})([canvas, 0, 0, {FRAMES}])")
    assert first != [red, green, blue]
