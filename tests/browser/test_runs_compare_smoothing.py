"""The runs page's comparison smooths the training loss of each step as a run's own loss chart
does: the same slider, at the same 0.60, the same EMA. A batch-8 run's steps, each anywhere from a
thousandth to ten times the trend, drew a solid band four decades tall."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, screenshot_page
from tests.browser.chart_ticks import tick_value, y_ticks
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.training.events import ProgressEvent, StartedEvent, TrainingEvent

DESIGN = {
    "version": 1,
    "name": "my-network",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
STEPS = 180  # an epoch of the digits' 1,437 training samples in batches of 8


def noisy_events(epochs: int, decades: float) -> list[TrainingEvent]:
    """A run of `epochs` epochs of 180 steps whose losses scatter over `decades` below 10 times a
    falling trend."""
    events = finished_events(epochs)
    for event in events:
        if isinstance(event, StartedEvent):
            event.steps_per_epoch, event.total_steps = STEPS, STEPS * epochs
        if isinstance(event, ProgressEvent):
            first = (event.epoch - 1) * STEPS
            event.step = first + STEPS
            event.losses = [
                2 / (1 + (first + i) / 100) * 10 ** (1 - decades * ((2 * (first + i)) % 13) / 12)
                for i in range(STEPS)
            ]
            event.loss = event.losses[-1]
    return events


def decades_drawn(page: Page) -> float:
    """How many decades the loss chart's log y axis spans, from its ticks as drawn."""
    values = [tick_value(t) for t in y_ticks(page, "overlay-loss") if t]
    return max(values) / min(values)


def test_compare_smooths_each_steps_loss_as_a_runs_own_chart_does(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    small = DIGITS_SETTINGS.model_copy(update={"batch_size": 8, "epochs": 4})
    big = DIGITS_SETTINGS.model_copy(update={"batch_size": 64, "epochs": 4})
    noisy = write_run(server_data, owner, DESIGN, small, noisy_events(4, decades=4))
    calm = write_run(server_data, owner, DESIGN, big, noisy_events(4, decades=0.5))
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{server_url}/runs")
    for run_id in (noisy, calm):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()

    loss = page.get_by_test_id("overlay-loss")
    slider = page.get_by_test_id("overlay-loss-smoothing")
    expect(slider).to_have_value("0.6")  # the run page's default
    expect(page.get_by_test_id("overlay-loss-smoothing-value")).to_have_text("0.60")
    expect(slider).to_have_accessible_name("Smoothing, Training loss, each step")
    expect(loss).to_have_attribute("data-log", "true")  # the raw steps span decades
    loss.scroll_into_view_if_needed()
    screenshot("compare_loss_smoothed")
    smoothed_span = decades_drawn(page)
    smoothed_drawing = loss.locator("canvas").first.screenshot()

    # 0 draws each step's loss: the axis spans the noisy run's four decades again.
    slider.fill("0")
    expect(page.get_by_test_id("overlay-loss-smoothing-value")).to_have_text("0.00")
    raw_span = decades_drawn(page)
    assert raw_span >= 1e4, f"raw steps span {raw_span:g}×"
    assert smoothed_span * 10 <= raw_span, f"smoothed {smoothed_span:g}×, raw {raw_span:g}×"
    assert loss.locator("canvas").first.screenshot() != smoothed_drawing
    # Smoothed more, the noisy run is a line on its trend: within two decades.
    slider.fill("0.95")
    expect(page.get_by_test_id("overlay-loss-smoothing-value")).to_have_text("0.95")
    assert decades_drawn(page) <= 100, y_ticks(page, "overlay-loss")
    screenshot("compare_loss_smoothed_more")

    slider.fill("0.6")
    expect(page.get_by_test_id("overlay-loss-smoothing-value")).to_have_text("0.60")
    page.set_viewport_size(PHONE)
    loss.scroll_into_view_if_needed()
    expect(slider).to_be_visible()
    box, chart = slider.bounding_box(), loss.bounding_box()
    assert box and chart and box["x"] + box["width"] <= chart["x"] + chart["width"] + 1
    screenshot_page(page, screenshot, "compare_loss_smoothed_phone")
