"""A websocket that drops mid-run reconnects with after=<last seq> and loses or repeats nothing."""

import json
import re
import time
from typing import Any

from playwright.sync_api import Page, WebSocketRoute, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor

DROP_AFTER = 4  # messages passed to the page before its first socket is cut


def events_of(message: str | bytes) -> list[dict[str, Any]]:
    """The events in one message: the page asks for batches (`batch=1`), JSON arrays of events,
    and for heartbeats (`heartbeat=1`), which are none."""
    parsed = json.loads(message)
    if isinstance(parsed, list):
        return parsed
    return [] if parsed.get("type") == "heartbeat" else [parsed]


def test_dropped_socket_resumes_after_the_last_event(page: Page, server_url: str) -> None:
    urls: list[str] = []
    passed_seqs: list[int] = []  # the seq of every event the first socket passed on

    def route(ws: WebSocketRoute) -> None:
        urls.append(ws.url)
        server = ws.connect_to_server()
        if len(urls) > 1:
            return  # later sockets pass straight through
        passed = 0

        def forward(message: str | bytes) -> None:
            nonlocal passed
            if passed >= DROP_AFTER:
                return
            ws.send(message)
            passed_seqs.extend(event["seq"] for event in events_of(message))
            passed += 1
            if passed == DROP_AFTER:
                ws.close()
                server.close()

        server.on_message(forward)

    page.route_web_socket(re.compile(r"/api/runs/[^/]+/events"), route)
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("4")
    page.get_by_test_id("batch-size-input").fill("8")
    page.get_by_test_id("train-button").click()

    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    # A run page that loads after the run ended says so from the run's record at once, before its
    # cut socket is opened again (its back-off): wait for that socket (CI once asserted first).
    for _ in range(300):
        if len(urls) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(urls) >= 2
    assert urls[0].endswith("after=0&batch=1&heartbeat=1")
    assert passed_seqs == list(range(1, len(passed_seqs) + 1))
    assert urls[1].endswith(f"after={passed_seqs[-1]}&batch=1&heartbeat=1")

    # Every step's loss is on the curve once: none lost, none twice.
    run_id = page.get_by_test_id("run-id").text_content()
    events = api_of(page).get(f"{server_url}/api/runs/{run_id}/events?limit=10000").json()
    steps = sum(len(e["losses"]) for e in events if e["type"] == "progress")
    started = next(e for e in events if e["type"] == "started")
    assert steps == 4 * started["steps_per_epoch"]  # 4 epochs
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-points", str(steps))


def test_clean_close_before_the_end_event_reconnects_for_it(page: Page, server_url: str) -> None:
    """A socket closed cleanly with nothing new is not an ending: only the server's `end` is."""
    urls: list[str] = []
    withheld: list[int] = []  # the seq of the end event, once per socket that held it back

    def route(ws: WebSocketRoute) -> None:
        urls.append(ws.url)
        server = ws.connect_to_server()
        if len(urls) > 2:
            return  # the third socket passes straight through

        def forward(message: str | bytes) -> None:
            if len(withheld) >= len(urls):
                return
            events = events_of(message)
            ends = [i for i, event in enumerate(events) if event["type"] == "end"]
            if not ends:
                return ws.send(message)
            if ends[0] > 0:  # the events before the end go through
                ws.send(json.dumps(events[: ends[0]]))
            withheld.append(events[ends[0]]["seq"])
            ws.close(code=1000)  # the second socket closes cleanly having passed on nothing
            server.close()

        server.on_message(forward)

    page.route_web_socket(re.compile(r"/api/runs/[^/]+/events"), route)
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("batch-size-input").fill("32")
    page.get_by_test_id("train-button").click()

    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    # A run page that loads after the run ended reads "succeeded" from the run's record at once;
    # its stream still goes on to the end event, through the sockets below.
    deadline = time.monotonic() + 60
    while len(urls) < 3 or len(withheld) < 2:
        assert time.monotonic() < deadline, f"the page stopped reconnecting: {urls}, {withheld}"
        page.wait_for_timeout(100)  # Playwright's loop runs the routes meanwhile
    assert len(withheld) == 2
    assert len(urls) == 3
    assert urls[1].endswith(f"after={withheld[0] - 1}&batch=1&heartbeat=1")
    assert urls[2].endswith(f"after={withheld[0] - 1}&batch=1&heartbeat=1")
