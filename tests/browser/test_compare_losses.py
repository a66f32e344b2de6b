"""Runs of one regression dataset trained with different losses: Compare says their loss values are
on different scales and what to compare instead, and a run's page lists the previous runs of its
own dataset and loss first, and says the same of a previous run of another loss. A regression run
compared beside a classifier is named under the accuracy chart, not drawn on it empty."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.test_model_page_steady import SPIRAL_MLP
from tests.browser.test_model_page_steady import TRAINING as SPIRAL_TRAINING
from tests.browser.test_try_table import DIABETES_MLP

TRAINING = {"dataset": "diabetes", "optimizer": "Adam", "lr": 0.01, "epochs": 1, "batch_size": 64}
INSTEAD = (
    "their loss values are on different scales, so compare their errors in the target's units"
    " (“Off by … on average” under Predicted against true, on each run's page)"
    " rather than these loss curves."
)


def _train(page: Page, runs: dict[str, str]) -> dict[str, str]:
    """Each run named by a key of `runs` trained with the loss its value names: their ids, by name."""
    api = api_of(page)
    ids = {}
    for name, loss in runs.items():
        reply = api.post(
            "/api/runs",
            data={"design": DIABETES_MLP, "training": {**TRAINING, "loss": loss}, "name": name},
        )
        assert reply.status == 201, reply.text()
        ids[name] = reply.json()["id"]
    _wait_succeeded(page, ids)
    return ids


def _wait_succeeded(page: Page, ids: dict[str, str]) -> None:
    api = api_of(page)
    deadline = time.monotonic() + 60
    for run_id in ids.values():
        while (status := api.get(f"/api/runs/{run_id}").json()["status"]) != "succeeded":
            assert status in ("queued", "running"), status
            assert time.monotonic() < deadline, "the runs did not succeed in time"
            time.sleep(0.2)


def test_runs_of_other_losses_say_their_losses_do_not_compare(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    losses = {"mse": "MSELoss", "mse again": "MSELoss", "l1": "L1Loss", "huber": "HuberLoss"}
    ids = _train(page, losses)

    # Two runs of one loss: their curves compare, and nothing is said.
    page.goto(f"{server_url}/runs")
    for name in ("mse", "mse again"):
        page.get_by_test_id(f"run-row-{ids[name]}").get_by_role("checkbox").check()
    overlay = page.get_by_test_id("runs-overlay")
    expect(overlay).to_have_attribute("data-runs", f"{ids['mse again']} {ids['mse']}")
    expect(page.get_by_test_id("overlay-unlike")).to_have_count(0)

    # The three losses: said above the charts, each named once, newest run's first.
    for name in ("l1", "huber"):
        page.get_by_test_id(f"run-row-{ids[name]}").get_by_role("checkbox").check()
    expect(page.get_by_test_id("overlay-unlike")).to_have_text(
        f"These runs use different losses (HuberLoss, L1Loss, MSELoss): {INSTEAD}"
    )
    page.get_by_test_id("overlay-unlike").scroll_into_view_if_needed()
    screenshot("compare-losses")

    # A run's page: the runs of its dataset and loss first, the others apart, each with its loss.
    page.goto(f"{server_url}/runs/{ids['mse']}")
    select = page.get_by_test_id("previous-select")
    expect(select.get_by_test_id("previous-alike").locator("option")).to_have_count(1)
    expect(select.get_by_test_id("previous-alike").locator("option")).to_contain_text(
        ids["mse again"][:6]
    )
    expect(select.get_by_test_id("previous-other").locator("option")).to_contain_text(
        ["huber", "l1"]
    )
    expect(select.get_by_test_id("previous-other").locator("option").first).to_contain_text(
        "Diabetes progression · HuberLoss"
    )

    # A previous run of another loss: drawn, and said beside it; no "% lower" of one loss than another.
    select.select_option(ids["l1"])
    expect(page.get_by_test_id("loss-chart").locator(".u-legend")).to_contain_text("previous: l1")
    unlike = page.get_by_test_id("previous-unlike")
    expect(unlike).to_have_text(
        f"This run and the previous one use different losses (MSELoss, L1Loss): {INSTEAD}"
    )
    expect(page.get_by_test_id("previous-delta")).to_have_count(0)
    screenshot("previous-run-other-loss")

    # One of its own loss: nothing said, and the change in its validation loss.
    select.select_option(ids["mse again"])
    expect(page.get_by_test_id("loss-chart").locator(".u-legend")).to_contain_text(
        "previous: mse again"
    )
    expect(unlike).to_have_count(0)
    expect(page.get_by_test_id("previous-delta")).to_contain_text("previous (")


def test_a_regression_run_beside_a_classifier_is_named_not_drawn_on_the_accuracy_chart(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """Its accuracy line was drawn empty, its summary "no value yet", as if still to come."""
    page.goto(server_url)
    ids = _train(page, {"numbers": "MSELoss"})
    reply = api_of(page).post(
        "/api/runs", data={"design": SPIRAL_MLP, "training": SPIRAL_TRAINING, "name": "classes"}
    )
    assert reply.status == 201, reply.text()
    classes = reply.json()["id"]
    _wait_succeeded(page, {"classes": classes})
    page.goto(f"{server_url}/runs")
    for run_id in (ids["numbers"], classes):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    accuracy = page.get_by_test_id("overlay-accuracy")
    expect(accuracy.locator(".u-legend")).to_contain_text("classes")
    expect(accuracy.locator(".u-legend")).not_to_contain_text("numbers")
    # Named as its legends name it (with its id and settings, beside a run of other ones).
    expect(page.get_by_test_id("overlay-accuracy-foot")).to_have_text(
        re.compile(
            r"^Not drawn: numbers · \w{6} · Adam lr 0\.01\. It predicts numbers and has no "
            r"accuracy; compare its validation loss\.$"
        )
    )
    # Both on the loss charts.
    for name in ("numbers", "classes"):
        expect(page.get_by_test_id("overlay-val-loss").locator(".u-legend")).to_contain_text(name)
    page.get_by_test_id("overlay-accuracy-foot").scroll_into_view_if_needed()
    screenshot("compare-accuracy-left-out")
