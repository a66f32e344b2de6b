"""Pause by keyboard gives the focus to Resume, which takes its place, even when the run's paused
event comes before Pause's answer: Resume then waits, disabled, and Step beside it (enabled
first) took the focus (a CI run under load)."""

import time

from playwright.sync_api import Page, Route, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor


def test_resume_takes_the_focus_from_pause_when_the_answer_comes_last(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    long = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    reply = api_of(page).post("/api/runs", data={"design": DIGITS_CNN, "training": long})
    run_id = reply.json()["id"]
    try:
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)

        def late(route: Route) -> None:  # the pause takes effect; its answer comes a second on
            response = route.fetch()
            time.sleep(1.0)
            route.fulfill(response=response)

        page.route(f"**/api/runs/{run_id}/pause", late)
        page.get_by_test_id("pause-button").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("run-status")).to_have_text("paused")
        expect(page.get_by_test_id("step-button")).to_be_enabled()
        expect(page.get_by_test_id("resume-button")).to_be_focused()
    finally:
        api_of(page).post(f"/api/runs/{run_id}/cancel", data={})
