"""Find a learning rate: the range test's chart and suggestion in the editor, Use and Undo on the lr
field (disabled, the suggestion marked stale, once a setting it depended on changes), then
Train with the rate found; the test's run is marked on the runs page."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor, set_param
from tests.browser.chart_ticks import is_power_of_ten, y_ticks
from tests.browser.written_run import DIGITS_SETTINGS, owner_of, write_run
from torchcanvas.training.events import EndEvent, LrRangeEvent, Metrics, StartedEvent
from torchcanvas.training.settings import RangeTest

SIZES = {"wide": 1440, "laptop": 1024, "phone": 390}


def shows_rate(page: Page, rate: float) -> None:
    """Waits until the lr field reads `rate` as a number ("3e-7" and "3e-07" alike)."""
    page.wait_for_function(
        "(rate) => Number(document.querySelector('[data-testid=lr-input]').value) === rate",
        arg=rate,
    )


def test_find_a_learning_rate_use_it_and_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    find = page.get_by_test_id("lr-find-button")
    expect(find).to_be_disabled()  # an empty design cannot train, nor be tested
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    lr = page.get_by_test_id("lr-input")
    expect(lr).to_have_value("0.001")
    expect(find).to_be_enabled()

    find.click()
    chart = page.get_by_test_id("lr-range-chart")
    expect(chart).to_be_visible(timeout=60_000)
    assert chart.get_attribute("data-x-log") == "true"
    expect(chart).to_have_attribute("data-x-ticks", re.compile(r"1e-\d"))  # decades of rates
    assert int(chart.get_attribute("data-points") or 0) > 10
    expect(page.get_by_test_id("lr-suggestion")).to_contain_text(
        "the rate at the smoothed loss's minimum, divided by 10"
    )
    use = page.get_by_test_id("lr-use-button")
    rate = (use.text_content() or "").removeprefix("Use ")
    assert 1e-7 <= float(rate) <= 10, rate
    # A setting the test depended on changes: its suggestion is for the old settings, until
    # they are back.
    batch_size = page.get_by_test_id("batch-size-input")
    old_batch_size = batch_size.input_value()
    batch_size.fill("8")
    expect(page.get_by_test_id("lr-stale")).to_have_text(
        "Found for the settings before your change: run it again."
    )
    expect(use).to_be_disabled()
    page.get_by_test_id("lr-finder").scroll_into_view_if_needed()
    screenshot("lr-finder-stale")
    batch_size.fill(old_batch_size)
    expect(page.get_by_test_id("lr-stale")).to_have_count(0)
    expect(use).to_be_enabled()
    # Use and Undo before the screenshots' resizing: a chart refitting to a new width moves the
    # button, and a click meant for it can land beside it.
    use.click()
    expect(page.get_by_test_id("lr-used")).to_contain_text(f"Learning rate set to {rate}")
    # The field shows a new value a render after the note: wait for it, as a number.
    shows_rate(page, float(rate))
    assert float(lr.input_value()) == float(rate)
    page.get_by_test_id("lr-undo-button").click()
    expect(lr).to_have_value("0.001")
    use.click()
    expect(page.get_by_test_id("lr-used")).to_be_visible()
    shows_rate(page, float(rate))
    assert float(lr.input_value()) == float(rate)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name, width in SIZES.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.get_by_test_id("lr-finder").scroll_into_view_if_needed()
            screenshot(f"lr-finder-{name}-{scheme}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1440, "height": 900})

    finder_run = page.get_by_test_id("lr-suggestion").get_by_role("link", name="Its run")
    finder_id = (finder_run.get_attribute("href") or "").rsplit("/", 1)[-1]
    page.get_by_test_id("train-button").click()
    page.wait_for_url("**/runs/*")
    run_id = page.url.rsplit("/", 1)[-1]
    run = api_of(page).get(f"/api/runs/{run_id}").json()
    assert run["training"]["lr"] == float(rate) and run["training"]["range_test"] is None
    api_of(page).post(f"/api/runs/{run_id}/cancel")

    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-range-test-{finder_id}")).to_have_text("lr finder")
    expect(page.get_by_test_id(f"run-range-test-{run_id}")).to_have_count(0)
    # It keeps no model: no link to a model page that says "This run saved no weights".
    expect(
        page.get_by_role("link", name=re.compile(f"^Model page of .* · {finder_id[:6]}$"))
    ).to_have_count(0)
    expect(
        page.get_by_role("link", name=re.compile(f"^Model page of .* · {run_id[:6]}$"))
    ).to_have_count(1)
    screenshot("lr-finder-runs-page")
    page.get_by_test_id(f"run-link-{finder_id}").click()
    expect(page.get_by_test_id("lr-range-chart")).to_be_visible()
    expect(page.get_by_test_id("run-model-page")).to_have_count(0)
    # The rates it rose through, not the editor's lr 0.001 and epochs it never trained with.
    expect(page.get_by_test_id("run-settings-line")).to_have_text(
        "CrossEntropyLoss · Adam · lr 1e-7 → 10 over 100 steps (a range test) · batch 64"
    )
    expect(page.get_by_test_id("run-message")).to_be_visible()
    expect(page.get_by_test_id("run-controls")).to_have_count(0)  # nothing to pause or go on from
    # Nor a model to hand in to a class (an audit): Open in editor stays.
    expect(page.get_by_test_id("hand-in-open")).to_have_count(0)
    expect(page.get_by_test_id("run-open-in-editor")).to_be_visible()
    # It counts steps: the epochs setting it carries is not used, so no "0 of 5 epochs done".
    expect(page.get_by_test_id("progress")).to_contain_text("Learning-rate range test · step")
    expect(page.get_by_test_id("epochs-done")).to_have_count(0)
    # No epoch ends in a range test: no chart waits for one. Its rate, 1e-7 to 10, on a log axis
    # (on a linear one it lay at 0 until the last steps).
    expect(page.get_by_test_id("epoch-chart")).to_have_count(0)
    expect(page.get_by_test_id("lr-chart")).to_contain_text("Learning rate per step (log scale)")
    # Ended, its last rate is not "now" (it read as still rising: an audit).
    expect(page.get_by_test_id("lr-chart")).to_contain_text(re.compile(r"\(ended at [0-9.e+-]+\)"))
    # It starts at the start rate: a quick test's frames once all fell in its last rates ("5 10").
    expect(page.get_by_test_id("lr-chart")).to_have_attribute(
        "data-y-ticks", re.compile(r"1e-[67]")
    )
    ticks = [label for label in y_ticks(page, "lr-chart") if label]
    assert len(ticks) >= 3 and all(is_power_of_ten(label) for label in ticks), ticks
    screenshot("lr-finder-run-page")


def test_stop_keeps_the_curve_so_far_and_says_why_it_suggests_nothing(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A wide convolution on big batches: each step takes long enough to stop it in its first ten."""
    open_editor(page, server_url)
    add_layer(page, "Conv2d")
    set_param(page, "conv1", "out_channels", "256")
    add_layer(page, "Conv2d")
    set_param(page, "conv2", "out_channels", "512")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("batch-size-input").fill("512")
    page.get_by_test_id("lr-find-button").click()
    expect(page.get_by_test_id("lr-find-progress")).to_contain_text("step ", timeout=60_000)
    page.get_by_test_id("lr-find-stop").click()
    chart = page.get_by_test_id("lr-range-chart")
    expect(chart).to_be_visible(timeout=30_000)
    steps = int(chart.get_attribute("data-points") or 0)
    assert 0 < steps < 10, steps
    expect(page.get_by_test_id("lr-no-suggestion")).to_contain_text(
        f"Stopped at step {steps}: the curve so far is kept, with too few points for a "
        "suggestion (the loss was still falling at lr "
    )
    expect(page.get_by_test_id("lr-use-button")).to_have_count(0)
    expect(page.get_by_test_id("lr-find-button")).to_be_enabled()  # ready to run it again
    page.get_by_test_id("lr-finder").scroll_into_view_if_needed()
    screenshot("lr-finder-stopped")


def _blown_up_curve() -> LrRangeEvent:
    """As the review's spiral: the loss falls from 0.69 to 0.36, then blows up to 31.8."""
    steps = 90
    lrs = [1e-7 * 1e8 ** (i / (steps - 1)) for i in range(steps)]
    smoothed = [0.69 - 0.33 * min(1.0, i / 60) for i in range(steps - 8)]
    smoothed += [0.5, 0.7, 0.9, 1.2, 2.5, 6.0, 14.0, 31.8]
    return LrRangeEvent(
        lrs=lrs,
        losses=smoothed,
        smoothed=smoothed,
        min_lr=lrs[steps - 9],
        suggested_lr=lrs[steps - 9] / 10,
        diverged=True,
    )


def test_a_blown_up_loss_leaves_the_fall_readable(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """The loss axis stops near the starting loss, and says how high the loss went past it."""
    design = {
        "version": 1,
        "name": "spiral-mlp",
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
    training = DIGITS_SETTINGS.model_copy(update={"range_test": RangeTest(steps=90)})
    started = StartedEvent(
        device="cpu", epochs=1, steps_per_epoch=90, total_steps=90, layers=["fc"]
    )
    metrics = Metrics(epoch=0, step=90, train_loss=31.8, val_loss=None, val_accuracy=None)
    end = EndEvent(status="succeeded", message="Suggested 5.9e-4.", metrics=metrics)
    events = [started, _blown_up_curve(), end]
    run_id = write_run(server_data, owner_of(page, server_url), design, training, events)
    page.goto(f"{server_url}/runs/{run_id}")
    chart = page.get_by_test_id("lr-range-chart")
    expect(chart).to_have_attribute("data-points", "91")  # the suggestion between two steps
    ticks = [float(t) for t in (chart.get_attribute("data-y-ticks") or "").split()]
    assert ticks and max(ticks) <= 0.8, ticks  # not 0 to 30, with the fall pressed flat on 0
    expect(page.get_by_test_id("lr-range-off-chart")).to_contain_text(
        "The loss climbs past the top of the chart, to 31.8"
    )
    # The legend's latest value, 31.8 beside an axis to 0.8, says where it is.
    legend = chart.locator(".u-legend .u-series").nth(1)
    expect(legend.locator(".u-value")).to_have_text("31.8 (above the chart)")
    chart.scroll_into_view_if_needed()
    screenshot("lr-finder-blown-up")
