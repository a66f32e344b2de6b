"""The charts on a run with a long history: replayed in batches, every step held, a downsampled
view drawn; and their colours from the theme, light or dark as the system prefers."""

import json
import math
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor
from tests.browser.chart_ticks import is_power_of_ten, y_ticks
from tests.browser.long_run import LongRun, write_long_run
from tests.browser.written_run import DIGITS_SETTINGS, converging_events, owner_of, write_run
from torchcanvas.api.routes.runs.events import MESSAGE_BYTES
from torchcanvas.store.db import Database
from torchcanvas.store.shares import ShareStore

MAX_DRAWN = 2 * 4096 + 2  # decimate.ts: at most 4096 buckets, each its lowest and highest point


def _long_run(page: Page, server_url: str, server_data: Path) -> LongRun:
    """A 1000-epoch run owned by this browser (the server gives it its owner cookie on any page)."""
    return write_long_run(server_data, owner_of(page, server_url))


def test_a_long_history_loads_on_a_slow_link(
    page: Page, server_url: str, server_data: Path
) -> None:
    """Slow 3G (50 KB/s; a review): one 512 KiB message of the history took longer than the 12 s
    after which the page gives up on a silent socket, and it began again for ever: no chart
    drew. Messages of 32 KiB each come within seconds, beside the page's other reads; the first
    ones are smaller (a full first one came after 6 s here, and once after 12 s in CI)."""
    page.goto(f"{server_url}/runs")  # the app's files, kept for good once fetched
    run = write_long_run(server_data, owner_of(page, server_url), epochs=20)  # 170 KB
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    slow = page.context.new_cdp_session(page)
    slow.send("Network.enable")
    conditions = {"offline": False, "latency": 200, "downloadThroughput": 12 * 1024}
    slow.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 12 * 1024})
    page.goto(f"{server_url}/runs/{run.id}")
    loss = page.get_by_test_id("loss-chart")
    expect(loss).to_have_attribute("data-points", str(run.steps), timeout=60_000)
    assert len(sockets) == 1, sockets  # never given up on and begun again
    expect(page.get_by_test_id("stale-banner")).to_have_count(0)


def _int(page: Page, test_id: str, attribute: str) -> int:
    return int(page.get_by_test_id(test_id).get_attribute(attribute) or 0)


def test_a_long_history_replays_in_batches_and_holds_every_step(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    run = _long_run(page, server_url, server_data)
    messages: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda m: messages.append(str(m))))
    page.goto(f"{server_url}/runs/{run.id}")

    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    loss = page.get_by_test_id("loss-chart")
    expect(loss).to_have_attribute("data-points", str(run.steps), timeout=60_000)
    # A few big messages (up to MESSAGE_BYTES each, most of them full), each event once.
    sizes = [len(m.encode()) for m in messages]
    assert max(sizes) <= MESSAGE_BYTES, max(sizes)
    assert len(messages) <= math.ceil(2 * sum(sizes) / MESSAGE_BYTES), sizes
    assert sum(len(json.loads(m)) for m in messages) == run.events
    # Every step is held; a few thousand points are drawn.
    drawn = _int(page, "loss-chart", "data-drawn")
    assert 0 < drawn <= MAX_DRAWN, drawn
    frames = run.steps // 4
    expect(page.get_by_test_id("grad-chart")).to_have_attribute("data-points", str(frames))
    assert 0 < _int(page, "grad-chart", "data-drawn") <= MAX_DRAWN
    expect(page.get_by_test_id("epoch-chart")).to_have_attribute("data-points", "1000")
    screenshot("long-run-charts")


def _chart_text_colour(page: Page) -> str:
    return str(
        page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--chart-text').trim()"
        )
    )


def test_charts_take_the_dark_colours_when_the_system_prefers_them(
    page: Page, server_url: str, server_data: Path
) -> None:
    run = _long_run(page, server_url, server_data)
    page.emulate_media(color_scheme="light")
    page.goto(f"{server_url}/runs/{run.id}")
    loss = page.get_by_test_id("loss-chart")
    expect(loss).to_have_attribute("data-points", str(run.steps), timeout=60_000)
    light = _chart_text_colour(page)
    expect(loss).to_have_attribute("data-axis-color", light)
    canvas = loss.locator("canvas").first
    light_picture = canvas.screenshot()

    page.emulate_media(color_scheme="dark")  # the page is not reloaded: the charts follow
    dark = _chart_text_colour(page)
    assert dark and dark != light, (light, dark)
    expect(loss).to_have_attribute("data-axis-color", dark)
    expect(page.get_by_test_id("grad-chart")).to_have_attribute("data-axis-color", dark)
    assert canvas.screenshot() != light_picture


def test_a_log_axis_marks_only_the_powers_of_ten_it_has_room_for(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """The gradient norms fall through six decades: a tick and a grid line at each power of ten
    the axis has room for, each labelled, where 1…9 × 10ⁿ used to merge into solid bars."""
    design = {
        "version": 1,
        "name": "converging",
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, design, DIGITS_SETTINGS, converging_events(12))
    page.goto(f"{server_url}/runs/{run_id}")
    grad = page.get_by_test_id("grad-chart")
    expect(grad).to_have_attribute("data-points", "12")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        expect(grad).to_have_attribute("data-axis-color", _chart_text_colour(page))
        ticks = y_ticks(page, "grad-chart")
        assert 3 <= len(ticks) <= 7 and all(is_power_of_ten(t) for t in ticks), ticks
        grad.scroll_into_view_if_needed()
        screenshot(f"grad-chart-log-{scheme}")


# In the page, before its own code: the order in which it opens websockets and asks for models.
# (Playwright's own websocket and request events come from different parts of Chromium, in either
# order.)
ORDER = """
window.__order = [];
const OpenSocket = window.WebSocket;
window.WebSocket = class extends OpenSocket {
  constructor(url, ...rest) {
    window.__order.push("websocket " + url);
    super(url, ...rest);
  }
};
const send = window.fetch;
window.fetch = (input, ...rest) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.includes("/api/models/")) window.__order.push("request " + url);
  return send(input, ...rest);
};
"""


def test_train_opens_the_runs_events_before_its_page_loads(page: Page, server_url: str) -> None:
    """Train listens to the new run at once: its page's own request does not hold the events up."""
    page.add_init_script(ORDER)
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    run_id = page.get_by_test_id("run-id").text_content()
    mine = [s for s in page.evaluate("window.__order") if f"/{run_id}" in s]
    assert mine[0].startswith("websocket") and "/events?after=0&batch=1" in mine[0], mine
    assert any(s.startswith("request") for s in mine), mine


def test_a_shared_long_run_shows_every_step(page: Page, server_url: str, server_data: Path) -> None:
    """A share link's page reads the stored events a page of 10,000 at a time, to the last one."""
    run = _long_run(page, server_url, server_data)
    db = Database(server_data / "torchcanvas.db")
    _, token = ShareStore(db).create(run.id, None)
    db.close()
    stranger = page.context.browser.new_context()  # type: ignore[union-attr]
    shared = stranger.new_page()
    shared.goto(f"{server_url}/s/{token}")
    expect(shared.get_by_test_id("loss-chart")).to_have_attribute(
        "data-points", str(run.steps), timeout=60_000
    )
    expect(shared.get_by_test_id("epoch-chart")).to_have_attribute("data-points", "1000")
    stranger.close()
