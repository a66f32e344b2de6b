"""A run page whose network drops while its socket stays open (TCP holds what it cannot deliver)
says it lost touch, holds its controls, and once back catches up with every step exactly once;
a control whose request could not reach the server says so plainly, until the page is back."""

import json
import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page, Route, WebSocketRoute, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG
from tests.browser.api_calls import api_of

UNREACHABLE = (
    "Could not reach the server: check this computer's network connection, then try again."
)


def _start_long_run(page: Page, url: str) -> str:
    page.goto(url)  # the owner cookie
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
    created = api_of(page).post(f"{url}/api/runs", data=body)
    assert created.status == 201, created.text()
    return str(created.json()["id"])


def _points(page: Page) -> int:
    return int(page.get_by_test_id("loss-chart").get_attribute("data-points") or 0)


def _wait_for_points(page: Page, more_than: int) -> None:
    for _ in range(600):
        if _points(page) > more_than:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the run's page never drew more than {more_than} steps")


def _stop_and_check_every_step_once(page: Page, url: str, run_id: str) -> None:
    """Stops the run; its page holds each step's loss and each frame's norms once: none lost,
    none twice, whatever sockets brought them."""
    assert api_of(page).post(f"{url}/api/runs/{run_id}/cancel").status == 200
    expect(page.get_by_test_id("run-status")).to_have_attribute(
        "data-status", "cancelled", timeout=60_000
    )
    events = api_of(page).get(f"{url}/api/runs/{run_id}/events?limit=10000").json()
    frames = [event for event in events if event["type"] == "progress"]
    steps = sum(len(frame["losses"]) for frame in frames)
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-points", str(steps))
    expect(page.get_by_test_id("grad-chart")).to_have_attribute("data-points", str(len(frames)))


def test_an_offline_browser_loses_touch_at_once_and_catches_up_once_back(
    page: Page, context: BrowserContext, server_url: str, screenshot: Callable[[str], None]
) -> None:
    run_id = _start_long_run(page, server_url)
    page.goto(f"{server_url}/runs/{run_id}")
    status = page.get_by_test_id("run-status")
    expect(status).to_have_text("running", timeout=30_000)
    _wait_for_points(page, 0)

    # A Pause whose request gets no answer says so in plain words, not "Failed to fetch".
    def no_answer(route: Route) -> None:
        route.abort("internetdisconnected")

    page.route("**/api/runs/*/pause", no_answer)
    page.get_by_test_id("pause-button").click()
    failed = page.get_by_test_id("run-controls").get_by_role("alert")
    expect(failed).to_have_text(UNREACHABLE)
    expect(status).to_have_text("running")

    # The network goes: the socket stays open, silent. The browser says it is offline, and the
    # page shows it lost touch at once, with its controls held.
    context.set_offline(True)
    banner = page.get_by_test_id("stale-banner")
    expect(banner).to_contain_text(
        re.compile(
            r"^Lost touch with the server at \d\d:\d\d:\d\d: reconnecting… This browser is offline\."
        )
    )
    expect(status).to_contain_text(re.compile(r"^running \(as of \d\d:\d\d:\d\d\)$"))
    expect(page.get_by_test_id("pause-button")).to_be_disabled()
    screenshot("run-offline")
    page.wait_for_timeout(1000)  # its retries fail meanwhile: the banner still says why
    expect(banner).to_contain_text("This browser is offline.")
    page.set_viewport_size({"width": 640, "height": 1000})
    screenshot("run-offline-640")
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.wait_for_timeout(1000)  # the run trains on meanwhile: the page has that much to catch up

    # Back online: in touch again at once, the old failure gone, and every step there once.
    page.unroute("**/api/runs/*/pause", no_answer)
    context.set_offline(False)
    expect(banner).to_have_count(0, timeout=15_000)
    expect(status).to_have_text("running")
    expect(failed).to_have_count(0)
    expect(page.get_by_test_id("pause-button")).to_be_enabled()
    _stop_and_check_every_step_once(page, server_url, run_id)


def _is_heartbeat(message: str | bytes) -> bool:
    parsed: Any = json.loads(message)
    return isinstance(parsed, dict) and parsed.get("type") == "heartbeat"


def test_a_socket_gone_quiet_counts_as_lost_touch_and_a_paused_run_stays_in_touch(
    page: Page, server_url: str
) -> None:
    """The network holds the socket's frames without the browser knowing (no offline event):
    no message, not even the server's heartbeat, for SILENT_MS is lost touch."""
    urls: list[str] = []
    beats: list[int] = []  # heartbeats each socket passed on
    down = [False]  # the network is down: open sockets hear nothing, and new ones fail

    def route(ws: WebSocketRoute) -> None:
        index = len(urls)
        urls.append(ws.url)
        beats.append(0)
        if down[0]:
            ws.close(code=1011, reason="")  # as a connection that could not be made
            return
        server = ws.connect_to_server()

        def forward(message: str | bytes) -> None:
            if down[0]:
                return  # held by the network, then lost with the socket
            beats[index] += _is_heartbeat(message)
            ws.send(message)

        server.on_message(forward)

    page.route_web_socket(re.compile(r"/api/runs/[^/]+/events"), route)
    run_id = _start_long_run(page, server_url)
    page.goto(f"{server_url}/runs/{run_id}")
    status = page.get_by_test_id("run-status")
    expect(status).to_have_text("running", timeout=30_000)
    _wait_for_points(page, 0)

    opened = len(urls)
    down[0] = True
    banner = page.get_by_test_id("stale-banner")
    expect(banner).to_contain_text("Lost touch with the server at", timeout=30_000)
    expect(status).to_contain_text("(as of")
    expect(page.get_by_test_id("pause-button")).to_be_disabled()
    # It gave up on the quiet socket, and tries again once its backoff (250 ms and more) is over.
    for _ in range(100):
        if len(urls) > opened:
            break
        page.wait_for_timeout(100)
    assert len(urls) > opened, urls

    # The network is back: the next try is in touch, from the last event the page had.
    down[0] = False
    expect(banner).to_have_count(0, timeout=15_000)
    after = re.search(r"after=(\d+)", urls[-1])
    assert after is not None and int(after[1]) > 0, urls
    reconnected = len(urls)

    # Paused, the run sends nothing, but the server's heartbeats keep the page in touch: three
    # of them span more than the silence the page allows, with no new socket and no banner.
    page.get_by_test_id("pause-button").click()
    expect(status).to_have_text("paused")
    for _ in range(400):
        if beats[-1] >= 3:
            break
        page.wait_for_timeout(100)
    assert beats[-1] >= 3, beats
    assert len(urls) == reconnected, urls
    expect(banner).to_have_count(0)
    _stop_and_check_every_step_once(page, server_url, run_id)
