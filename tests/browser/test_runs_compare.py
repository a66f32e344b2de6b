"""The runs page's comparison: the settings the ticked runs differ in, in a table above their
charts (or a line saying they differ in none), and a log scale on its loss charts that shows two
converging curves apart where a linear axis pressed both onto 0."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.chart_ticks import is_power_of_ten, y_ticks
from tests.browser.written_run import DIGITS_SETTINGS, converging_events, owner_of, write_run
from torchcanvas.training.settings import RangeTest

DESIGN = {
    "version": 1,
    "name": "my-network",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_compare_shows_the_settings_that_differ_and_a_log_loss_axis(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    small = DIGITS_SETTINGS.model_copy(update={"batch_size": 8, "epochs": 6})
    big = DIGITS_SETTINGS.model_copy(update={"batch_size": 64, "epochs": 12})
    first = write_run(server_data, owner, DESIGN, small, converging_events(6))
    second = write_run(server_data, owner, DESIGN, big, converging_events(12))
    twin = write_run(server_data, owner, DESIGN, small, converging_events(6))
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{server_url}/runs")
    for run_id in (first, second):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()

    # Only what differs: the batch size and the epochs, each run's value under its name.
    table = page.get_by_test_id("settings-diff")
    expect(table.locator("tbody tr")).to_have_count(2)
    rows = [row.locator("th, td").all_inner_texts() for row in table.locator("tbody tr").all()]
    assert rows == [["Batch size", "64", "8"], ["Epochs", "12", "6"]], rows  # newest run first
    expect(table.locator("thead th")).to_have_text(
        ["Setting", f"my-network {second[:6]}", f"my-network {first[:6]}"]
    )

    # The best of them is said, not hunted for: each run's final numbers, in its line's colour.
    metrics = {
        run: api_of(page).get(f"/api/runs/{run}").json()["metrics"] for run in (first, second)
    }
    lowest = min(metrics, key=lambda run: metrics[run]["val_loss"])
    other = first if lowest == second else second
    assert metrics[first]["val_loss"] != metrics[second]["val_loss"]
    assert metrics[first]["val_accuracy"] == metrics[second]["val_accuracy"]  # a tie
    best = page.get_by_test_id("overlay-best")
    loss_best = best.get_by_test_id("overlay-best-loss")
    expect(loss_best).to_contain_text(f"Lowest validation loss, {metrics[lowest]['val_loss']:.4f}")
    expect(loss_best).to_contain_text(lowest[:6])
    expect(loss_best).not_to_contain_text(other[:6])
    expect(loss_best.locator(".swatch")).to_have_count(1)
    # A tie names both, not whichever came first.
    expect(best.get_by_test_id("overlay-best-accuracy").locator(".swatch")).to_have_count(2)

    # The training loss: curves that span decades start on a log axis (on a linear one they lay
    # flat on 0), a tick at each power of ten they pass, every tick labelled; by epoch, so the
    # two batch sizes line up. The box takes it back to linear.
    loss = page.get_by_test_id("overlay-loss")
    expect(loss).to_have_attribute("data-x", "epoch")
    expect(loss).to_have_attribute("data-log", "true")
    expect(page.get_by_test_id("overlay-loss-log")).to_be_checked()
    ticks = y_ticks(page, "overlay-loss")
    assert len(ticks) >= 4 and all(is_power_of_ten(t) for t in ticks), ticks
    page.get_by_test_id("overlay-loss-log").uncheck()
    expect(loss).to_have_attribute("data-log", "false")
    page.get_by_test_id("overlay-loss-log").check()
    expect(loss).to_have_attribute("data-log", "true")
    page.get_by_test_id("overlay-val-loss-log").check()
    expect(page.get_by_test_id("overlay-val-loss")).to_have_attribute("data-log", "true")
    assert all(is_power_of_ten(t) for t in y_ticks(page, "overlay-val-loss"))
    page.get_by_test_id("runs-overlay").scroll_into_view_if_needed()
    screenshot("runs-compare-log")
    page.emulate_media(color_scheme="dark")
    screenshot("runs-compare-log-dark")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 390, "height": 900})
    # On a phone, a line a run: the table's columns ran past the screen, out of view.
    expect(table).to_be_hidden()
    expect(page.get_by_test_id("settings-diff-list").locator("li")).to_have_text(
        [
            f"my-network {second[:6]}: Batch size 64 · Epochs 12",
            f"my-network {first[:6]}: Batch size 8 · Epochs 6",
        ]
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot("runs-compare-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Two runs of the same settings: a line says so, and no table.
    page.get_by_test_id(f"run-row-{second}").get_by_role("checkbox").uncheck()
    page.get_by_test_id(f"run-row-{twin}").get_by_role("checkbox").check()
    expect(page.get_by_test_id("settings-diff-none")).to_have_text("All settings are the same.")
    expect(table).to_have_count(0)


def test_a_ticked_run_keeps_its_colour_when_another_is_unticked(
    page: Page, server_url: str, server_data: Path
) -> None:
    owner = owner_of(page, server_url)
    ids = [
        write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, converging_events(4)) for _ in "abc"
    ]
    page.goto(f"{server_url}/runs")

    def swatch(run_id: str) -> str:
        row = page.get_by_test_id(f"run-row-{run_id}")
        return row.locator(".swatch").evaluate("e => getComputedStyle(e).backgroundColor")

    for run_id in ids:
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    before = {run_id: swatch(run_id) for run_id in ids}
    assert len(set(before.values())) == 3, before

    # The first run ticked goes; the other two keep the colours their lines already have.
    page.get_by_test_id(f"run-row-{ids[0]}").get_by_role("checkbox").uncheck()
    expect(page.get_by_test_id(f"run-row-{ids[0]}").locator(".swatch")).to_have_count(0)
    assert {run_id: swatch(run_id) for run_id in ids[1:]} == {r: before[r] for r in ids[1:]}
    # A run ticked again takes the colour left free.
    page.get_by_test_id(f"run-row-{ids[0]}").get_by_role("checkbox").check()
    assert swatch(ids[0]) == before[ids[0]]


def test_a_range_test_is_left_out_of_a_comparison_with_training_runs(
    page: Page, server_url: str, server_data: Path
) -> None:
    """Its rate rises each step instead of training: beside a training run its 100 steps read as a
    run of as many epochs (an audit). Compared alone with its like, it is drawn."""
    owner = owner_of(page, server_url)
    trained = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, converging_events(4))
    ranged = DIGITS_SETTINGS.model_copy(update={"range_test": RangeTest(steps=20)})
    tested = write_run(server_data, owner, DESIGN, ranged, converging_events(4))
    page.goto(f"{server_url}/runs")
    for run_id in (trained, tested):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    overlay = page.get_by_test_id("runs-overlay")
    expect(overlay).to_have_attribute("data-runs", trained)
    expect(page.get_by_test_id("overlay-range-tests")).to_have_text(
        f"Not drawn: my-network · {tested[:6]}. A learning-rate range test raises its rate at "
        "each step rather than training, so its loss does not compare with a training run's; "
        "open it for its loss against the rate."
    )
    page.get_by_test_id(f"run-row-{trained}").get_by_role("checkbox").uncheck()
    expect(overlay).to_have_attribute("data-runs", tested)
    expect(page.get_by_test_id("overlay-range-tests")).to_have_count(0)
