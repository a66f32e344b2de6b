"""A run that waits while its owner's paused run holds the worker says so on its page, with a
link to that run (it said only 'Waiting for a worker… (2nd in the queue)'; a review)."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, open_editor


def _until(page: Page, run_id: str, status: str) -> None:
    deadline = time.monotonic() + 60
    while api_of(page).get(f"/api/runs/{run_id}").json()["status"] != status:
        assert time.monotonic() < deadline, f"run {run_id} never became {status}"
        time.sleep(0.1)


def test_a_queued_run_names_the_paused_run_it_waits_for(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    api = api_of(page)
    long = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    held = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long, "name": "first try"})
    assert held.status == 201, held.text()
    paused = held.json()["id"]
    _until(page, paused, "running")
    assert api.post(f"/api/runs/{paused}/pause", data={}).status == 200
    _until(page, paused, "paused")
    waiting = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long}).json()["id"]
    try:
        page.goto(f"{server_url}/runs/{waiting}")
        said = page.get_by_test_id("queue-paused-ahead")
        expect(said).to_have_text(
            "Your paused run first try holds a worker: resume or stop it to let this run start "
            "sooner."
        )
        expect(page.get_by_test_id("queue-place")).to_have_text(" (1st in the queue)")
        screenshot("queued-behind-paused")
        page.set_viewport_size(PHONE)
        deadline = time.monotonic() + 5  # the charts size themselves to the new width
        while (overflow := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            assert time.monotonic() < deadline, overflow
            time.sleep(0.05)
        screenshot("queued-behind-paused-phone")
        said.get_by_role("link", name="first try").click()
        expect(page).to_have_url(re.compile(f"/runs/{paused}$"))
        expect(page.get_by_test_id("run-status")).to_have_text("paused")
    finally:
        for run_id in (waiting, paused):
            api.post(f"/api/runs/{run_id}/cancel", data={})
