"""A run with a schedule: the learning-rate chart follows it; pause, resume, stop and continue."""

import re
from collections.abc import Callable

from playwright.sync_api import APIResponse, Page, Route, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_schedule_chart_pause_resume_and_continue(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("lr-input").fill("0.01")
    page.get_by_test_id("epochs-input").fill("1000")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_text("Schedule, clipping, early stopping").click()
    page.get_by_test_id("scheduler-select").select_option("StepLR")
    # Each rate lasts 30 epochs (seconds, not a fifth of one): long enough to be seen, however the
    # first frames arrive (one batch of replayed events may already span several epochs), and
    # short enough for a busy machine (batches of 4 made it a minute and a half there).
    page.locator("#param-scheduler-step_size").fill("30")
    page.get_by_test_id("clip-input").fill("5")
    screenshot("settings-schedule")
    page.get_by_test_id("train-button").click()

    # A rate that has not changed yet is text; once the schedule moves it, a chart.
    expect(page.get_by_test_id("lr-constant")).to_contain_text("0.01, constant", timeout=60_000)
    _wait_for_epoch(page, 31)  # 30 epochs take half a minute, or minutes on a busy machine
    lr_chart = page.get_by_test_id("lr-chart")
    expect(lr_chart).to_contain_text("now 1e-3")  # StepLR: × 0.1 after epoch 30
    expect(page.get_by_test_id("lr-constant")).to_have_count(0)

    # By keyboard: each button pressed gives the focus to the one that takes its place (it fell to
    # the page's top), and the change is said.
    said = page.get_by_test_id("run-status-said")
    expect(said).to_have_text("Training.")
    page.get_by_test_id("pause-button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("run-status")).to_have_text("paused")
    expect(page.get_by_test_id("resume-button")).to_be_focused()
    expect(said).to_have_text("Paused. Resume goes on from here.")
    expect(page.get_by_test_id("eta")).to_have_count(0)  # no time left or speed while paused
    expect(page.get_by_test_id("speed")).to_have_count(0)
    held = page.get_by_test_id("progress").get_attribute("data-fraction")
    page.wait_for_timeout(600)
    expect(page.get_by_test_id("progress")).to_have_attribute("data-fraction", held or "")
    screenshot("dashboard-paused")
    # Resume's answer held back: the run's "running" event comes first, Pause is drawn disabled
    # while the request is still on its way, and the focus waits for it (it went to the rate's
    # ÷ 10, the first button enabled, in CI).
    answers: list[tuple[Route, APIResponse]] = []  # the request sent on, its answer kept back
    page.route("**/api/runs/*/resume", lambda route: answers.append((route, route.fetch())))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    try:
        expect(page.get_by_test_id("pause-button")).to_be_disabled()
    except AssertionError as failed:  # once in CI: say what the page and the held request were
        said_now = page.locator("[role=alert]").all_inner_texts()
        raise AssertionError(f"{failed}\nheld answers: {answers}; alerts: {said_now}") from failed
    expect(page.get_by_test_id("pause-button")).not_to_be_focused()
    for _ in range(200):  # the handler may still be in its fetch as the page reads running
        if answers:
            break
        page.wait_for_timeout(50)
    route, answer = answers.pop()
    route.fulfill(response=answer)
    expect(page.get_by_test_id("pause-button")).to_be_focused()
    page.unroute("**/api/runs/*/resume")
    expect(page.get_by_test_id("progress")).not_to_have_attribute("data-fraction", held or "")

    page.get_by_test_id("stop-button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("run-status")).to_have_text("stopped")
    expect(page.get_by_test_id("continue-button")).to_be_focused()
    expect(said).to_have_text("Stopped. Its weights are kept, and Continue goes on from there.")
    expect(page.get_by_role("progressbar")).to_have_attribute(
        "aria-valuetext", re.compile(r"^\d+%: step [\d,]+ of [\d,]+$")
    )
    points = int(page.get_by_test_id("loss-chart").get_attribute("data-points") or "0")
    page.get_by_test_id("continue-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
    # The continued run goes on in the same charts: more points than before, none lost.
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute("data-points", str(points))
    assert int(page.get_by_test_id("loss-chart").get_attribute("data-points") or "0") >= points
    screenshot("dashboard-continued")
    # Focus the person took elsewhere stays there when the run ends (it was taken back to the
    # run's buttons, and the page scrolled up to them).
    page.get_by_test_id("loss-chart").click()
    run_id = page.url.rsplit("/", 1)[1]
    page.evaluate("id => fetch(`/api/runs/${id}/cancel`, {method: 'POST'})", run_id)
    expect(page.get_by_test_id("run-status")).to_have_text("stopped")
    expect(page.get_by_test_id("continue-button")).to_be_visible()
    expect(page.get_by_test_id("continue-button")).not_to_be_focused()


def _wait_for_epoch(page: Page, epoch: int) -> None:
    """Waits until the run's progress line says it trains `epoch` or later, for as long as it
    goes on: only an epoch that stays on the screen for a minute fails the test."""
    text = page.get_by_test_id("progress").locator(".progress-text")
    expect(text).to_contain_text(re.compile(r"Epoch \d+ of"), timeout=60_000)
    while (now := int(re.findall(r"Epoch (\d+) of", text.inner_text())[0])) < epoch:
        expect(text).not_to_contain_text(f"Epoch {now} of", timeout=60_000)
