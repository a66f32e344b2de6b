"""A shared run that waits for a worker: its link's page says where it stands in the queue, as its
owner's run page does, where it said only QUEUED (a teacher's run on a projector, a class waiting)."""

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page


def test_a_shared_queued_run_says_its_place_and_starts(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    api = api_of(page)

    def run(**training: int) -> str:
        body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **training}}
        reply = api.post(f"{server_url}/api/runs", data=body)
        assert reply.status == 201, reply.text()
        run_id: str = reply.json()["id"]
        return run_id

    busy = run(epochs=500, batch_size=8)  # the one worker's
    waiting = run(epochs=2)
    share = api.post(f"{server_url}/api/runs/{waiting}/shares", data={})
    assert share.status == 201, share.text()
    url = share.json()["url"]

    visitor = browser.new_context(viewport=PHONE)
    try:
        shared = visitor.new_page()
        shared.goto(url if url.startswith("http") else server_url + url)
        expect(shared.get_by_test_id("model-status")).to_have_attribute("data-status", "queued")
        # With about how long it waits: unknown until the run ahead has trained an epoch.
        expect(shared.get_by_test_id("model-queue")).to_have_text(
            re.compile(
                r"^Waiting for a worker… \(1st in the queue\) "
                r"Wait: (unknown yet|under a minute|about \d+ min)\.$"
            )
        )
        screenshot_page(shared, screenshot, "share-queued-phone")
        assert api.post(f"{server_url}/api/runs/{busy}/cancel").ok
        # Its turn: it trains, and the line goes.
        status = shared.get_by_test_id("model-status")
        expect(status).not_to_have_attribute("data-status", "queued", timeout=60_000)
        expect(shared.get_by_test_id("model-queue")).to_have_count(0)
    finally:
        visitor.close()
