"""A new learning rate sent from a run's page is followed until it takes over: the field says it
was sent and waits for the next step until its `rate` event comes, then where it took over; one
the run stopped before setting is said plainly, and Continue with it goes on at it."""

import re
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, WebSocketRoute, expect

# Steps of about 2 s: a rate and a Stop sent together reach the worker within one step.
from tests.backend.test_live_rate import SLOW_DIGITS, SLOW_TRAINING
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, screenshot_page
from tests.browser.test_editor_phone import overlap


class HeldStream:
    """The run's event stream, held back from the page while `holding` (as a slow network holds
    it), then passed on in order."""

    def __init__(self, page: Page) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self.sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/api/runs/[^/]+/events"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        self.sockets.append(ws)

        def forward(message: str | bytes) -> None:
            if self.holding:
                self.held.append(message)
            else:
                ws.send(message)

        server.on_message(forward)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.sockets[-1].send(message)
        self.held.clear()


def _rate_event(page: Page, run_id: str) -> dict[str, Any]:
    """The run's first rate event, once it is in the log."""
    for _ in range(300):
        events = api_of(page).get(f"/api/runs/{run_id}/events?limit=10000").json()
        if rates := [e for e in events if e["type"] == "rate"]:
            return dict(rates[0])
        page.wait_for_timeout(100)
    raise AssertionError("the worker never set the rate")


def test_a_sent_rate_waits_takes_over_or_is_said_never_set(
    page: Page, phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    stream = HeldStream(page)
    open_editor(page, server_url)
    reply = api_of(page).post("/api/runs", data={"design": SLOW_DIGITS, "training": SLOW_TRAINING})
    run_id = reply.json()["id"]
    try:
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        page.get_by_test_id("pause-button").click()
        # Within a step: about 2 s, several times that on a loaded machine (a CI run with others).
        expect(page.get_by_test_id("run-status")).to_have_text("paused", timeout=60_000)
        rate = page.get_by_role("spinbutton", name="Learning rate from the next step")
        said = page.get_by_test_id("live-rate-said")

        # Sent, while its rate event is on its way: the field says it waits for the next step.
        stream.holding = True
        rate.fill("0.002")
        rate.press("Enter")
        expect(said).to_have_text("Sent 0.002: it takes over at the next step.")
        screenshot("rate-sent-waiting")
        # Its event comes: where it takes over (paused: at the next step, none trained yet).
        took = _rate_event(page, run_id)  # the server has set it: its event is held
        stream.release()
        expect(said).to_have_text(
            f"Learning rate set to 0.002 after step {took['step']:,}, in epoch {took['epoch']}: "
            "it trains the next step."
        )

        # A rate sent as the run stops (its Stop within the same step) is never set: the run's
        # end says so, and the page with it, with a Continue at that rate.
        page.get_by_test_id("resume-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("running")
        rate.fill("0.0005")
        rate.press("Enter")
        assert api_of(page).post(f"/api/runs/{run_id}/cancel", data={}).ok
        expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=30_000)
        never = page.get_by_test_id("rate-never-set")
        expect(never).to_contain_text(
            "The run stopped before the new learning rate 0.0005 was set: no step trained with it."
        )
        go_on = page.get_by_test_id("rate-never-set-continue")
        expect(go_on).to_have_text("Continue with 0.0005")
        # The rate asked for is the main action, above the plain Continue at the old rate.
        expect(go_on).to_have_class(re.compile(r"\bprimary\b"))
        expect(page.get_by_test_id("continue-button")).not_to_have_class(re.compile(r"\bprimary\b"))
        note_box = never.bounding_box()
        continue_box = page.get_by_test_id("continue-button").bounding_box()
        assert note_box and continue_box and note_box["y"] + note_box["height"] <= continue_box["y"]
        assert serious_violations(page) == []
        screenshot("rate-never-set")

        # The same after a reload (the end says it), and on a phone, whole and apart.
        phone.context.add_cookies(page.context.cookies())  # type: ignore[arg-type]
        phone.goto(f"{server_url}/runs/{run_id}")
        expect(phone.get_by_test_id("rate-never-set")).to_contain_text("0.0005 was set")
        # Measured once the page has settled: the run's log, its charts and the controls come in
        # turn, and a box read as the note first showed was read mid-layout (a CI run).
        deadline = time.monotonic() + 5
        while True:
            boxes = [
                phone.get_by_test_id(test_id).bounding_box()
                for test_id in ("rate-never-set", "continue-button", "more-epochs-button")
            ]
            apart = all(box is not None for box in boxes) and not any(
                overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a and b
            )
            if apart:
                break
            assert time.monotonic() < deadline, boxes
            phone.wait_for_timeout(100)
        assert all(box and box["x"] + box["width"] <= 390 for box in boxes)
        screenshot_page(phone, screenshot, "rate-never-set-phone")

        # Continue with it, by keyboard: the run goes on at 0.0005, as its record says.
        go_on.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        expect(page.get_by_test_id("rate-never-set")).to_have_count(0)
        run = api_of(page).get(f"/api/runs/{run_id}").json()
        assert [(c["lr"], c["live"]) for c in run["lr_changes"]] == [(0.002, True), (0.0005, False)]
    finally:
        api_of(page).post(f"/api/runs/{run_id}/cancel", data={})
