"""The run page is a dashboard: the loss chart above the fold at 1280×720, with log scale,
smoothing and an x axis by step, epoch or time that change what is drawn."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def _inside_viewport(page: Page, chart: Locator) -> None:
    box = chart.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (box, size)


def _drawn(chart: Locator) -> bytes:
    """What the chart's canvas shows now, as PNG bytes."""
    return chart.locator("canvas").first.screenshot()


def _x_ticks(chart: Locator) -> list[str]:
    """The labels under the chart's x axis, as drawn (chartOptions.ts puts them on the figure)."""
    return (chart.get_attribute("data-x-ticks") or "").split()


def test_loss_chart_above_the_fold_and_its_controls_change_the_drawing(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("3")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))

    loss = page.get_by_test_id("loss-chart")
    expect(loss).not_to_have_attribute("data-points", "0", timeout=60_000)
    _inside_viewport(page, loss)  # as the first points are drawn
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("run-page-1280x720")
    _inside_viewport(page, loss)  # and once the run has ended, with its metrics and downloads

    # A learning rate that never changed is a line of text, not a chart.
    expect(page.get_by_test_id("lr-constant")).to_contain_text("1e-3, constant")
    expect(page.get_by_test_id("lr-chart")).to_have_count(0)

    legend = loss.locator(".u-legend")
    expect(legend).to_contain_text("smoothed (0.60)")
    # The epoch chart's training loss is each epoch's mean, and says so: beside the loss chart's
    # last step it read as the same number, different.
    epochs = page.get_by_test_id("epoch-chart")
    expect(epochs.locator(".u-legend")).to_contain_text("train loss, epoch mean")
    # Accuracy on the training batches beside the validation's: their gap is overfitting.
    expect(epochs.locator("figcaption")).to_contain_text("Loss and accuracy per epoch")
    expect(epochs.locator(".u-legend")).to_contain_text("train accuracy %")
    smoothed = _drawn(loss)
    # The gradient norms are smoothed as the loss is, and say so.
    grads = page.get_by_test_id("grad-chart")
    expect(grads).to_contain_text("Gradient norm per layer (log scale, smoothed 0.60 as the loss)")
    smoothed_grads = _drawn(grads)
    page.get_by_test_id("loss-smoothing").fill("0")
    expect(page.get_by_test_id("loss-smoothing-value")).to_have_text("0.00")
    expect(legend).not_to_contain_text("smoothed")
    raw = _drawn(loss)
    assert raw != smoothed, "smoothing did not change the loss chart"
    expect(grads.locator("figcaption > span").first).to_have_text(
        "Gradient norm per layer (log scale)"
    )
    assert _drawn(grads) != smoothed_grads, "smoothing did not change the gradient chart"

    page.get_by_test_id("loss-log").check()
    expect(loss).to_have_attribute("data-log", "true")
    logged = _drawn(loss)
    assert logged != raw, "the log scale did not change the loss chart"

    # The same points against epochs, then seconds: other ticks, another picture.
    page.get_by_test_id("loss-x-axis").select_option("epoch")
    expect(loss).to_have_attribute("data-x", "epoch")
    by_epoch = _drawn(loss)
    assert by_epoch != logged, "the epoch axis did not change the loss chart"
    assert _x_ticks(loss) == ["1", "2", "3"]  # whole epochs, never 1.5
    page.get_by_test_id("loss-x-axis").select_option("time")
    expect(loss).to_have_attribute("data-x", "seconds")
    assert _drawn(loss) not in (logged, by_epoch), "the time axis did not change the loss chart"
    # A run of a second or less still has its seconds marked, in fractions.
    seconds = [float(tick) for tick in _x_ticks(loss)]
    assert len(seconds) >= 3 and any(not tick.is_integer() for tick in seconds), seconds

    # The heatmap fills its panel; its scale reads as numbers, not 10^-0.0.
    heatmap = page.get_by_test_id("grad-heatmap")
    panel = heatmap.bounding_box()
    canvas = heatmap.locator("canvas").bounding_box()
    assert panel and canvas and canvas["width"] >= panel["width"] - 40, (panel, canvas)
    expect(heatmap.get_by_test_id("heatmap-scale").locator("sup")).to_have_count(0)
    screenshot("run-page-controls")
