"""A run whose loss spiked early (a LeNet at lr 0.5: 2.3, then 2,000, then 2.4 for the rest): on a
linear scale the loss axis follows the usual loss and says how high the spike went; the log scale
shows all of it."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.chart_ticks import is_power_of_ten, tick_value, y_ticks
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.training.events import (
    EndEvent,
    EpochEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)

DESIGN = {
    "version": 1,
    "name": "mlp",
    "input_shape": [64],
    "layers": [{"id": "out", "type": "Linear", "params": {"out_features": 10}}],
}
LOSSES = [2.3, 40.0, 2000.0, 300.0, 12.0] + [2.4 + 0.05 * (i % 3) for i in range(195)]


def _events() -> list[TrainingEvent]:
    steps = len(LOSSES)
    return [
        StartedEvent(
            device="cpu", epochs=1, steps_per_epoch=steps, total_steps=steps, layers=["out"]
        ),
        ProgressEvent(
            epoch=1,
            step=steps,
            loss=sum(LOSSES) / steps,
            losses=LOSSES,
            grad_norms={"out": 0.1},
            elapsed=1.0,
            eta=0.0,
            samples_per_second=1000.0,
            lr=0.5,
        ),
        EndEvent(status="succeeded", metrics=Metrics(epoch=1, step=steps)),
    ]


def test_an_early_spike_runs_past_the_top_and_the_log_scale_shows_it(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, _events())
    page.goto(f"{server_url}/runs/{run_id}")
    foot = page.get_by_test_id("loss-chart-foot")
    expect(foot).to_have_text(
        "The loss reached 2,000 at step 3, past the top of the chart, which follows the usual loss:"
        " tick Log scale to see all of it."
    )
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-y-ticks", "0 1 2 3")
    screenshot("loss-spike")
    # A chart is named by its title alone (it read "Training loss Log scale Smoothing 0.6 x step
    # What does this show?"), and its controls by what they are for.
    expect(page.get_by_role("figure", name="Training loss", exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name="x axis, Training loss")).to_have_value("step")
    page.get_by_role("checkbox", name="Log scale, Training loss").check()
    expect(page.get_by_test_id("loss-log")).to_be_checked()
    expect(foot).to_have_count(0)
    ticks = y_ticks(page, "loss-chart")
    assert "1e3" in ticks or "1k" in ticks or "1000" in ticks, ticks
    page.get_by_test_id("loss-log").uncheck()
    page.get_by_test_id("loss-x-axis").select_option("epoch")
    expect(foot).to_contain_text("The loss reached 2,000 at epoch 0.015,")


def test_a_loss_that_blew_up_to_1e34_keeps_its_numbers_on_both_scales(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    # SGD at lr 10 on a regression: the loss grows a thousandfold a step until it is not finite.
    losses = [0.5 * 1000.0**step for step in range(12)]  # to 5e32
    events: list[TrainingEvent] = [
        StartedEvent(device="cpu", epochs=5, steps_per_epoch=15, total_steps=75, layers=["out"]),
        ProgressEvent(
            epoch=1,
            step=len(losses),
            loss=losses[-1],
            losses=losses,
            grad_norms={"out": 1.0},
            elapsed=1.0,
            eta=0.0,
            samples_per_second=1000.0,
            lr=10.0,
        ),
        EndEvent(
            status="failed",
            message="The loss became nan at step 13: lower the learning rate.",
            metrics=Metrics(step=len(losses)),
            diverged=True,
        ),
    ]
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-message")).to_contain_text("The loss became nan")
    # Linear: the axis reaches toward the last loss, 5e32, in round steps (uPlot's own end at 5e31).
    linear = y_ticks(page, "loss-chart")
    assert len([tick for tick in linear if tick]) >= 3, linear
    assert any(tick_value(tick) >= 1e32 for tick in linear if tick), linear
    screenshot("loss-blew-up-linear")
    page.get_by_test_id("loss-log").check()
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute(
        "data-y-ticks", " ".join(linear)
    )
    logged = y_ticks(page, "loss-chart")
    assert len(logged) >= 3 and all(is_power_of_ten(tick) for tick in logged), logged
    assert tick_value(logged[0]) <= 1 and tick_value(logged[-1]) >= 1e30, logged
    screenshot("loss-blew-up-log")


def test_an_epoch_that_spiked_runs_past_the_top_of_the_epoch_chart(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """Adam at lr 5 on the spirals: 0.68, then 54,800 in the second step, its first epoch's mean
    9,257; every later epoch near 1 lay flat on the bottom of an axis up to 10k."""
    events = finished_events(12)
    for event in events:
        if isinstance(event, ProgressEvent) and event.epoch == 1:
            event.losses = [0.68, 54_800.0, 20_000.0, 12_000.0]
            event.loss = sum(event.losses) / 4
        elif isinstance(event, EpochEvent):
            event.train_loss = 21_700.0 if event.epoch == 1 else 1.0 - 0.02 * event.epoch
            event.val_loss = 0.9 - 0.02 * event.epoch
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    foot = page.get_by_test_id("epoch-chart-foot")
    expect(foot).to_have_text(
        "The loss reached 21,700 at epoch 1, past the top of the chart, which follows the usual "
        "loss: tick Log scale to see all of it."
    )
    top = max(tick_value(t) for t in y_ticks(page, "epoch-chart"))
    assert top <= 2, y_ticks(page, "epoch-chart")
    screenshot("epoch-chart-spike")
    # The dashed training line's swatch is dashed too (a solid one named it).
    markers = page.get_by_test_id("epoch-chart").locator(".u-legend .u-series .u-marker")
    swatches = markers.evaluate_all("ms => ms.map((m) => getComputedStyle(m).backgroundImage)")
    assert "repeating-linear-gradient" in swatches[1] and swatches[2] == "none", swatches


def test_a_loss_that_blew_up_late_reads_on_the_epoch_charts_own_log_scale(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """Continued at lr 5 after 150 good epochs: the epoch mean reached 200,000 and stayed high.
    Drawn whole (the blow-up is the story), the 150 epochs before it were a flat line at 0 on an
    axis to 200k; the chart's own Log scale reads them again."""
    events = finished_events(160)
    for event in events:
        if isinstance(event, EpochEvent):
            late = event.epoch > 150
            event.train_loss = (
                (200_000.0 if event.epoch == 151 else 3_000.0) if late else 1.0 / event.epoch
            )
            event.val_loss = 234.0 if late else 0.9 / event.epoch
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    chart = page.get_by_test_id("epoch-chart")
    foot = page.get_by_test_id("epoch-chart-foot")
    expect(foot).to_have_text(
        "The loss reached 200,000 at epoch 151, which presses the other epochs flat onto the "
        "bottom of the chart: tick Log scale to read them."
    )
    assert max(tick_value(t) for t in y_ticks(page, "epoch-chart") if t) >= 100_000
    screenshot("epoch-chart-blew-up-linear")
    log = page.get_by_role("checkbox", name="Log scale, Loss and accuracy per epoch")
    log.check()
    expect(chart).to_have_attribute("data-log", "true")
    expect(foot).to_have_count(0)
    ticks = [t for t in y_ticks(page, "epoch-chart") if t]
    assert all(is_power_of_ten(t) for t in ticks), ticks
    # Decades from under the good epochs' 0.006 up to the blow-up's 200,000.
    assert min(map(tick_value, ticks)) <= 0.01 and max(map(tick_value, ticks)) >= 1e5, ticks
    # The training loss chart's own toggle is its own.
    expect(page.get_by_test_id("loss-log")).not_to_be_checked()
    screenshot("epoch-chart-blew-up-log")
    log.uncheck()
    expect(chart).to_have_attribute("data-log", "false")
    expect(foot).to_be_visible()
