"""Train whose reply was lost on its way back (the run was made, the browser heard nothing): the
request is sent again a second later with its Idempotency-Key, and opens the run the first one
made; where no reply comes at all, the page says the server was not reached, and Train pressed
again opens that run. Never a second run."""

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor

UNREACHED = (
    "Could not reach the server: press Train again once the connection is back (a run it "
    "started already is not started twice)."
)


def _runs(page: Page) -> list[str]:
    return [run["id"] for run in api_of(page).get("/api/runs").json()]


class LostReplies:
    """POST /api/runs reaches the server, and the first `lost` replies never come back."""

    def __init__(self, page: Page, lost: int) -> None:
        self.lost = lost
        self.keys: list[str | None] = []
        page.route("**/api/runs", self.handle)

    def handle(self, route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        self.keys.append(route.request.headers.get("idempotency-key"))
        reply = route.fetch()  # it reaches the server, which makes the run (or answers again)
        if len(self.keys) <= self.lost:
            route.abort("connectionreset")
        else:
            route.fulfill(response=reply)


def _stop(page: Page, run_id: str) -> None:
    """Stops the run, and waits for its end: no test leaves a run training."""
    api_of(page).post(f"/api/runs/{run_id}/cancel")
    ended = ("succeeded", "failed", "cancelled")
    deadline = time.monotonic() + 60
    while api_of(page).get(f"/api/runs/{run_id}").json()["status"] not in ended:
        assert time.monotonic() < deadline, "the run did not end"
        time.sleep(0.2)


def test_a_reply_lost_once_is_asked_again_and_opens_the_run(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    before = _runs(page)
    lost = LostReplies(page, lost=1)
    page.get_by_test_id("train-button").click()
    page.wait_for_url(re.compile(r"/runs/[0-9a-f]{16}$"))  # by itself: no error said
    made = page.url.rsplit("/", 1)[1]
    assert [run_id for run_id in _runs(page) if run_id not in before] == [made]
    key = lost.keys[0]
    assert key and re.fullmatch(r"[0-9a-f]{32}", key) and lost.keys == [key, key], lost.keys
    _stop(page, made)


def test_train_pressed_again_after_no_reply_opens_the_run_it_made(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    before = _runs(page)
    lost = LostReplies(page, lost=2)  # the request and its one resend
    train = page.get_by_test_id("train-button")
    train.click()
    expect(page.get_by_test_id("run-errors")).to_have_text(UNREACHED)
    made = [run_id for run_id in _runs(page) if run_id not in before]
    assert len(made) == 1, made
    screenshot("train-lost-reply")

    train.click()  # the link is back
    expect(page).to_have_url(re.compile(rf"/runs/{made[0]}$"))
    assert len(set(lost.keys)) == 1 and len(lost.keys) == 3, lost.keys
    assert [run_id for run_id in _runs(page) if run_id not in before] == made
    _stop(page, made[0])
