"""The browser tests' clean-up stops the runs of every browser a test used, not only its page's,
and returns once they have ended (tests/browser/runs_left.py)."""

import time

from playwright.sync_api import Browser, Page

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.runs_left import LIVE, stop_runs_left

LONG = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}  # minutes: it ends when stopped


def test_the_clean_up_stops_every_browser_s_runs_and_waits_for_their_end(
    page: Page, phone: Page, browser: Browser, server_url: str
) -> None:
    own = browser.new_context(base_url=server_url)  # a browser the test made for itself
    try:
        owners = [phone, page, own.new_page()]
        runs = []
        for owner in owners:
            owner.goto("/runs")  # its owner cookie
            made = api_of(owner).post("/api/runs", data={"design": DIGITS_CNN, "training": LONG})
            assert made.status == 201, made.text()
            runs.append(made.json()["id"])
        # The phone's run holds the worker; the others wait in the queue behind it.
        deadline = time.monotonic() + 60
        while api_of(phone).get(f"/api/runs/{runs[0]}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the phone's run never started"
            time.sleep(0.1)

        stop_runs_left([page.context, phone.context, own], server_url)
        for owner, run_id in zip(owners, runs, strict=True):
            status = api_of(owner).get(f"/api/runs/{run_id}").json()["status"]
            assert status not in LIVE, f"run {run_id} is still {status}"
    finally:
        own.close()
