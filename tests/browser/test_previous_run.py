"""A run made from an earlier one (its page's Open in editor, one setting changed, Train) draws the
earlier run's curves faintly under its own, live and after a reload, says how far its accuracy
moved ("+3.1 points vs previous"), and can hide them; a share link's page shows none of it."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page

DELTA = re.compile(r"^([+−±])(\d+\.\d) points vs previous \((\d+\.\d)% at epoch (\d+)\)$")


def _legend(page: Page, chart: str) -> str:
    return page.get_by_test_id(chart).locator(".u-legend").inner_text()


def test_a_run_made_from_an_earlier_one_shows_its_curves_and_the_change(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    earlier = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 3})
    before = api_of(page).get(f"/api/runs/{earlier}").json()["metrics"]["val_accuracy"] * 100

    # Its page's Open in editor; the editor says what the next run is compared with.
    page.goto(f"{server_url}/runs/{earlier}")
    page.get_by_test_id("run-open-in-editor").click()
    expect(page.get_by_test_id("based-on-line")).to_contain_text("digits-cnn faintly, to compare")
    screenshot("previous-run-editor")
    # One thing changed (the learning rate), and epochs enough to watch it live.
    page.get_by_test_id("lr-input").fill("0.003")
    page.get_by_test_id("epochs-input").fill("300")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))
    later = page.url.rsplit("/", 1)[1]
    assert api_of(page).get(f"/api/runs/{later}").json()["based_on"] == earlier

    # Live: the earlier run's loss and its validation curves, labelled, under the live ones.
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running")
    loss_legend = page.get_by_test_id("loss-chart").locator(".u-legend")
    expect(loss_legend).to_contain_text("previous: digits-cnn")
    epoch_legend = page.get_by_test_id("epoch-chart").locator(".u-legend")
    expect(epoch_legend).to_contain_text("previous: digits-cnn · val loss")
    expect(epoch_legend).to_contain_text("previous: digits-cnn · val acc %")
    expect(page.get_by_test_id("previous-select")).to_have_value(earlier)
    # Runs of one design share its name: each option says what it was trained with.
    chosen = page.get_by_test_id("previous-select").locator(f'option[value="{earlier}"]')
    expect(chosen).to_contain_text(f"digits-cnn · {earlier[:6]} · Adam lr ")
    # From its first epoch, its accuracy against the earlier run's at the same epoch (the earlier
    # run's last, epoch 3, once this one has passed it).
    delta = page.get_by_test_id("previous-delta")
    expect(delta).to_have_text(re.compile(r"points vs previous \(\d+\.\d% at epoch [123]\)$"))
    assert page.get_by_test_id("run-status").get_attribute("data-status") == "running"

    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "cancelled")
    # Ended: against the earlier run's result, and the arithmetic is what the page shows.
    expect(delta).to_have_text(DELTA)
    sign, points, then, epoch = DELTA.match(delta.inner_text()).groups()  # type: ignore[union-attr]
    assert (float(then), int(epoch)) == (round(before, 1), 3)
    now = float(page.get_by_test_id("accuracy-value").inner_text().rstrip("%"))
    moved = {"+": 1, "−": -1, "±": 0}[sign] * float(points)
    assert abs(now - float(then) - moved) <= 0.11, (now, then, moved)

    # After a reload, the same.
    page.reload()
    expect(loss_legend).to_contain_text("previous: digits-cnn")
    expect(delta).to_have_text(DELTA)
    screenshot("previous-run-desktop")
    page.set_viewport_size(PHONE)
    expect(loss_legend).to_contain_text("previous: digits-cnn")
    screenshot("previous-run-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Off: the faint curves and the delta go, and stay gone after a reload.
    page.get_by_test_id("previous-shown").uncheck()
    expect(loss_legend).not_to_contain_text("previous:")
    expect(epoch_legend).not_to_contain_text("previous:")
    expect(delta).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("previous-shown")).not_to_be_checked()
    expect(page.get_by_test_id("loss-chart")).to_be_visible()
    assert "previous:" not in _legend(page, "loss-chart")
    page.get_by_test_id("previous-shown").check()
    expect(loss_legend).to_contain_text("previous: digits-cnn")

    # The earlier run, made from scratch, compares with none until one is picked from the runs.
    page.goto(f"{server_url}/runs/{earlier}")
    expect(page.get_by_test_id("previous-shown")).to_be_disabled()
    expect(page.get_by_test_id("loss-chart")).to_be_visible()
    assert "previous:" not in _legend(page, "loss-chart")
    page.get_by_test_id("previous-select").select_option(later)
    expect(page.get_by_test_id("previous-shown")).to_be_checked()
    expect(loss_legend).to_contain_text("previous: digits-cnn")
    expect(delta).to_have_text(DELTA)

    # A share link's page shows the run alone.
    url = api_of(page).post(f"/api/runs/{later}/shares", data={}).json()["url"]
    page.goto(url)
    expect(page.get_by_test_id("loss-chart").locator(".u-legend")).to_contain_text("train loss")
    assert "previous" not in _legend(page, "loss-chart")
    expect(page.get_by_test_id("previous-pick")).to_have_count(0)
