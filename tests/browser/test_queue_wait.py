"""A queued run's page says about how long it waits: 'unknown yet' until the run ahead has
trained an epoch, then about how many minutes that run's epochs left take (runs/queue_wait.py)."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, open_editor


def test_a_queued_run_page_says_about_how_long_it_waits(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    api = api_of(page)
    # Epochs of a second or more (a batch of 2): the first is seen under way, and the 300 left
    # take minutes.
    long = {**DIGITS_TRAINING, "epochs": 300, "batch_size": 2}
    ahead = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long}).json()["id"]
    waiting = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long}).json()["id"]
    try:
        page.goto(f"{server_url}/runs/{waiting}")
        expect(page.get_by_test_id("queue-place")).to_have_text(" (1st in the queue)")
        wait = page.get_by_test_id("queue-wait")
        expect(wait).to_have_text(
            re.compile(r"^ Wait: (unknown yet|under a minute|about \d+ min)\.$")
        )
        shown = wait.inner_text()
        # Read after what the page shows: no epoch of the run ahead had ended when its poll
        # asked, so that wait was unknown (a poll after the epoch's end may show minutes).
        if api.get(f"/api/runs/{ahead}").json()["metrics"]["epoch"] == 0:
            assert shown == " Wait: unknown yet.", shown
        deadline = time.monotonic() + 60
        while api.get(f"/api/runs/{ahead}").json()["metrics"]["epoch"] < 1:
            assert time.monotonic() < deadline, "the run ahead trained no epoch"
            time.sleep(0.1)
        expect(wait).to_have_text(re.compile(r"^ Wait: about \d+ min\.$"))
        minutes = int(re.findall(r"\d+", wait.inner_text())[0])
        assert minutes >= 2, wait.inner_text()  # 299 epochs of a second or more
        screenshot("queued-wait")
        # The runs list and the run's model page say it too.
        page.goto(f"{server_url}/runs")
        expect(page.get_by_test_id(f"run-queue-wait-{waiting}")).to_have_text(
            re.compile(r"^wait about \d+ min$")
        )
        screenshot("queued-wait-runs")
        page.goto(f"{server_url}/models/{waiting}")
        expect(page.get_by_test_id("model-queue")).to_contain_text(
            re.compile(r"\(1st in the queue\) Wait: about \d+ min\.")
        )
        screenshot("queued-wait-model")
        page.goto(f"{server_url}/runs/{waiting}")
        expect(wait).to_have_text(re.compile(r"^ Wait: about \d+ min\.$"))
        page.set_viewport_size(PHONE)
        expect(wait).to_be_visible()
        # Its charts take the new width as their resize observers fire, a frame or more after
        # the viewport's: the page fits once they have (test_queued_run_words read 938 px at once).
        # A function, not an expression: polled, an expression is eval'd, which the CSP refuses.
        fits = "(width) => document.documentElement.scrollWidth <= width"
        page.wait_for_function(fits, arg=PHONE["width"], timeout=10_000)
        screenshot("queued-wait-phone")
    finally:
        for run_id in (waiting, ahead):
            api.post(f"/api/runs/{run_id}/cancel", data={})
