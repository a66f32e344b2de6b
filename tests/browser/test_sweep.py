"""Try several values: three learning rates typed, each checked, kept over a reload; Train starts
one run per rate and lands on their comparison, which fills in as they train and finish."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor
from tests.browser.conftest import _serve

RATES = ("1e-3", "3e-3", "1e-2")
DIGITS_LINEAR: dict[str, Any] = {
    "version": 1,
    "name": "my-network",
    "input_shape": [1, 8, 8],
    "layers": [{"id": "flat", "type": "Flatten"}, {"id": "fc", "type": "Linear"}],
}
# Trains for minutes: the test stops it.
LONG_TRAINING = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.001,
    "epochs": 500,
    "batch_size": 1,
    "seed": 0,
}


def test_three_learning_rates_train_and_are_compared(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("my-network")  # the runs are named after it
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("sweep").locator("summary").click()
    page.get_by_test_id("sweep-setting").select_option("lr")
    # Nothing typed yet: what to type, as a hint, not an error in red; Train says why it waits.
    expect(page.get_by_test_id("sweep-error")).to_have_class("hint")
    expect(page.get_by_test_id("sweep-error")).to_contain_text("Enter two or more values")
    expect(page.get_by_test_id("train-button")).to_be_disabled()

    # Each value is checked against the learning rate's own bounds, and Train waits for them.
    page.get_by_test_id("sweep-values").fill("1e-3, 0")
    expect(page.get_by_test_id("sweep-error")).to_have_text(
        "0 is too small; use a number above 0, at most 10."
    )
    expect(page.get_by_test_id("sweep-error")).to_have_class("field-error")
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text(
        "Try several values: 0 is too small"
    )
    page.get_by_test_id("sweep-values").fill(", ".join(RATES))
    expect(page.get_by_test_id("sweep-plan")).to_have_text(
        "Train starts 3 runs, lr=1e-3, 3e-3, 1e-2, all else as set, and opens them compared."
    )
    expect(page.get_by_test_id("train-button")).to_have_text("Train 3 runs")  # folded too
    # The one rate above is not used meanwhile, and says so (it looked in force).
    expect(page.get_by_test_id("lr-input")).to_be_disabled()
    expect(page.get_by_test_id("lr-input-unused")).to_have_text(
        "Not used: Try several values below sets it, one run a value."
    )
    expect(page.get_by_test_id("batch-size-input")).to_be_enabled()
    # The choice is kept in this browser with the other settings: a reload finds it as it was.
    page.reload()
    expect(page.get_by_test_id("sweep-setting")).to_have_value("lr")
    expect(page.get_by_test_id("sweep-values")).to_have_value(", ".join(RATES))
    expect(page.get_by_test_id("sweep-plan")).to_have_text(
        "Train starts 3 runs, lr=1e-3, 3e-3, 1e-2, all else as set, and opens them compared."
    )
    for width in (1440, 1024, 390):
        page.set_viewport_size({"width": width, "height": 1000})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            screenshot(f"sweep-settings-{width}-{scheme}")
    assert serious_violations(page) == []  # in the dark theme, where contrast is tightest
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1440, "height": 1000})

    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("runs-overlay")).to_be_visible(timeout=30_000)
    assert "/runs?group=my-network+lr+sweep+" in page.url
    runs = api_of(page).get("/api/runs").json()
    swept = {run["name"]: run for run in runs if run["group"] is not None}
    assert sorted(swept) == sorted(f"my-network lr={rate}" for rate in RATES)
    assert {swept[f"my-network lr={rate}"]["training"]["lr"] for rate in RATES} == {
        1e-3,
        3e-3,
        1e-2,
    }
    ids = [swept[f"my-network lr={rate}"]["id"] for rate in RATES]

    # Exactly those runs, each named by its rate (listed newest first, as the table).
    expect(page.get_by_test_id("runs-shown")).to_have_text(re.compile(r"^3 (of \d+ )?runs$"))
    overlay = page.get_by_test_id("runs-overlay")
    expect(overlay).to_have_attribute("data-runs", " ".join(ids[::-1]))
    for run_id, rate in zip(ids, RATES, strict=True):
        expect(page.get_by_test_id(f"run-link-{run_id}")).to_have_text(f"my-network lr={rate}")
        expect(page.get_by_test_id(f"run-status-{run_id}")).to_have_text(
            "succeeded", timeout=60_000
        )

    # Their curves, drawn once they finished: one line per run in each chart, named in its legend.
    for chart in ("overlay-val-loss", "overlay-accuracy", "overlay-loss"):
        legend = overlay.get_by_test_id(chart).locator(".u-legend .u-series:not(:first-child)")
        expect(legend.locator(".u-label")).to_have_text(
            [
                f"my-network lr={rate} · {run_id[:6]} · Adam lr {float(rate):g}"
                for run_id, rate in zip(ids[::-1], RATES[::-1], strict=True)
            ]
        )
        expect(overlay.get_by_test_id(chart)).not_to_contain_text("No epochs yet.")
        expect(overlay.get_by_test_id(chart)).not_to_contain_text("No steps yet.")
    for width in (1440, 1024, 390):
        page.set_viewport_size({"width": width, "height": 1000})
        page.reload()  # the charts as that width first draws them
        expect(overlay.locator(".u-legend .u-series:not(:first-child)")).to_have_count(9)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            screenshot(f"sweep-compared-{width}-{scheme}")


@pytest.fixture(scope="module")
def two_run_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that lets each browser have 2 runs queued, running or paused at once."""
    with _serve(tmp_path_factory.mktemp("two-runs"), TORCHCANVAS_MAX_ACTIVE_RUNS="2") as url:
        yield url


def test_new_design_leaves_no_values_to_try_behind(page: Page, server_url: str) -> None:
    """A sweep left on, folded away, made the next Train after New design start three runs."""
    open_editor(page, server_url)
    page.get_by_test_id("sweep").locator("summary").click()
    page.get_by_test_id("sweep-setting").select_option("lr")
    page.get_by_test_id("sweep-values").fill(", ".join(RATES))
    expect(page.get_by_test_id("train-button")).to_have_text("Train 3 runs")
    page.get_by_test_id("new-design").click()
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    expect(page.get_by_test_id("train-button")).to_have_text("Train")
    expect(page.get_by_test_id("lr-input")).to_be_enabled()
    expect(page.get_by_test_id("sweep-values")).to_have_count(0)  # no setting chosen to try


def test_a_quota_reached_part_way_says_what_started(
    page: Page, two_run_server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, two_run_server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("sweep").locator("summary").click()
    page.get_by_test_id("sweep-setting").select_option("seed")
    page.get_by_test_id("sweep-values").fill("0, 1, 2")
    expect(page.get_by_test_id("sweep-error")).to_have_text(
        "3 values are too many: this server lets you have 2 runs queued, running or paused at "
        "once (TORCHCANVAS_MAX_ACTIVE_RUNS). Give at most 2."
    )
    page.get_by_test_id("sweep-values").fill("0, 1")
    # One run already trains: the sweep's second would pass the quota.
    design = {**DIGITS_LINEAR, "name": "long"}
    api = f"{two_run_server_url}/api/runs"  # page.request's own base is the session's server
    started = api_of(page).post(api, data={"design": design, "training": LONG_TRAINING})
    assert started.status == 201, started.text()
    page.get_by_test_id("train-button").click()

    notice = page.get_by_test_id("sweep-notice")
    expect(notice).to_have_text(
        re.compile(
            r"^1 of 2 runs started \(seed=0\); seed=1 was refused: You have 2 runs queued, running "
            r"or paused, the most this server allows \(TORCHCANVAS_MAX_ACTIVE_RUNS=2\)"
        )
    )
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 run")  # the server lists the sweep's
    expect(page.locator("tbody tr[data-status]")).to_have_count(1)
    screenshot("sweep-part-started")
    assert serious_violations(page) == []
    page.reload()  # the notice is kept with the page
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="OK").click()
    expect(notice).to_have_count(0)
    for run in api_of(page).get(api).json():
        api_of(page).post(f"{api}/{run['id']}/cancel")
