"""The top bar's count of training runs agrees with the run's page as soon as that page sees a
change, not at the count's next poll."""

import json
import time
from datetime import datetime, timedelta

from playwright.sync_api import Page, WebSocket, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor


def _holds_end(payload: str | bytes) -> bool:
    """Whether a run's websocket message (one event, or a batch of them) holds its end event."""
    message = json.loads(payload)
    return any(
        event["type"] == "end" for event in (message if isinstance(message, list) else [message])
    )


def test_the_count_drops_as_soon_as_the_run_page_sees_its_run_end(
    page: Page, server_url: str
) -> None:
    ends: list[str] = []  # the sockets that brought the page its run's end

    def listen(socket: WebSocket) -> None:
        def heard(payload: str | bytes) -> None:
            if _holds_end(payload):
                ends.append(socket.url)

        socket.on("framereceived", heard)

    page.on("websocket", listen)
    page.clock.install()  # the page's timers run on a clock the test can stop
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("epochs-input").fill("15")
    page.get_by_test_id("batch-size-input").fill("4")  # 15 × 359 steps: a few seconds
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    expect(page.get_by_test_id("running-count")).to_have_text("1 running")
    run_id = page.url.rsplit("/", 1)[-1]

    # Move the page's clock 1.5 s on and stop it there: a count due on its timer (asked a second
    # after the last answer) is asked now, and the next is a whole second of the page's time
    # away. From here the page's time moves only by the 100 ms below, so only the run's page
    # can have the count asked again.
    page.clock.pause_at(datetime.now() + timedelta(seconds=1.5))

    def status() -> str:
        return str(api_of(page).get(f"{server_url}/api/runs/{run_id}").json()["status"])

    assert status() == "running", "the run ended before the page's clock stopped"
    deadline = time.monotonic() + 60
    while status() == "running":
        assert time.monotonic() < deadline, "the run did not end within a minute"
        time.sleep(0.1)
    # The page hears of the end after the API says so (the event goes out through the server's
    # hub and feed), and draws it only in an animation frame, on the stopped clock: had the
    # clock moved before the event came, no frame would ever have drawn it.
    while not ends:
        assert time.monotonic() < deadline, "the run's page never received its end"
        page.wait_for_timeout(50)  # the driver's own timer: it delivers the page's frames meanwhile
    page.clock.run_for(100)  # an animation frame: the run's page draws what it has received
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    expect(page.get_by_test_id("running-count")).to_have_count(0)


def test_the_count_says_a_paused_run_is_paused(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear"):
        add_layer(page, layer)
    page.get_by_test_id("epochs-input").fill("200")
    page.get_by_test_id("batch-size-input").fill("4")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    expect(page.get_by_test_id("running-count")).to_have_text("1 running")
    page.get_by_test_id("pause-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("paused")
    expect(page.get_by_test_id("running-count")).to_have_text("1 paused")
    page.get_by_test_id("resume-button").click()
    expect(page.get_by_test_id("running-count")).to_have_text("1 running")
    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("running-count")).to_have_count(0)
