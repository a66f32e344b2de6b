"""Train whose reply was lost on the way back (the run was made, the browser heard nothing): the
page says the server was not reached, and Train pressed again opens the run the first press made,
with no second run (the request's Idempotency-Key)."""

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


def test_train_pressed_again_after_a_lost_reply_opens_the_run_it_made(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    before = _runs(page)
    keys: list[str | None] = []

    def lose_the_reply(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key"))
        route.fetch()  # it reaches the server, which makes the run
        route.abort("connectionreset")  # and its reply never comes back

    page.route("**/api/runs", lose_the_reply)
    train = page.get_by_test_id("train-button")
    train.click()
    expect(page.get_by_test_id("run-errors")).to_have_text(UNREACHED)
    made = [run_id for run_id in _runs(page) if run_id not in before]
    assert len(made) == 1, made
    screenshot("train-lost-reply")

    page.unroute("**/api/runs")
    sent: list[str | None] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.headers.get("idempotency-key"))
            if r.method == "POST" and r.url.endswith("/api/runs")
            else None
        ),
    )
    train.click()
    expect(page).to_have_url(re.compile(rf"/runs/{made[0]}$"))
    assert sent == keys and keys[0] and re.fullmatch(r"[0-9a-f]{32}", keys[0]), (sent, keys)
    assert [run_id for run_id in _runs(page) if run_id not in before] == made
    deadline = time.monotonic() + 60
    while api_of(page).get(f"/api/runs/{made[0]}").json()["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, "the run did not end"
        time.sleep(0.2)
