"""The charts in headless Chromium: reopening a run with a long history (time until the whole
curve is in the loss chart and drawn, and the longest main-thread task meanwhile), and Train →
first loss point drawn on a warm server.

A real server (one worker) gets a finished 1000-epoch run written into its database as training
leaves it (tests/browser/long_run.py: 30 frames of 4 steps an epoch, about 31,000 events and
120,000 steps). With `--before DIST`, the same is measured on another build of the frontend (for
example main's, before this change) served by a second server, as a baseline.

    .venv/bin/python bench/chart_replay.py [--epochs 1000] [--repeats 3] [--before DIST]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from server import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.browser_steps import add_layer, open_editor
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.long_run import write_long_run

# Before the page's own code: when the loss chart's point count changed (on the page's clock),
# every websocket message and the time the page spent handling them, and the main thread's long
# tasks. Works on any build of the frontend.
WATCH = """
window.__tc = { points: [], posted: 0, opened: 0, messages: 0, firstMessage: 0, firstProgress: 0, lastMessage: 0, handling: 0, longtasks: [] };
const send = window.fetch;
window.fetch = async (...args) => {
  const response = await send(...args);
  const request = args[0] instanceof Request ? args[0] : null;
  if (request?.method === "POST" && new URL(request.url).pathname === "/api/runs")
    window.__tc.posted ||= performance.now();
  return response;
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__tc.longtasks.push(e.duration);
}).observe({ type: "longtask", buffered: true });
const OpenSocket = window.WebSocket;
window.WebSocket = class extends OpenSocket {
  constructor(...args) {
    super(...args);
    window.__tc.opened ||= performance.now();
    this.addEventListener("message", (message) => {
      window.__tc.messages += 1;
      if (String(message.data).includes('"type":"progress"')) window.__tc.firstProgress ||= performance.now();
      window.__tc.firstMessage ||= performance.now();
      window.__tc.lastMessage = performance.now();
    });
  }
  // The page's own time in its message handler: parsing and folding the events in.
  set onmessage(handle) {
    super.onmessage = (message) => {
      const start = performance.now();
      handle(message);
      window.__tc.handling += performance.now() - start;
    };
  }
};
let last = null;
new MutationObserver(() => {
  const points = document.querySelector('[data-testid="loss-chart"]')?.dataset.points ?? null;
  if (points !== last) (last = points), window.__tc.points.push([performance.now(), Number(points)]);
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-points"] });
"""


@dataclass
class Reopened:
    points: int  # what the loss chart holds at the end
    in_chart_s: float  # navigation start → the chart holds them all
    opened_s: float  # → the page opened the run's websocket
    received_s: float  # → the last websocket message came
    handling_s: float  # the page's time in its websocket message handler, all messages
    drawn_s: float | None  # → they are drawn (builds that mark it, data-drawn-at)
    longest_task_ms: float
    messages: int


def settled_points(page: Page) -> int:
    """The loss chart's point count once it has stopped changing for a second."""
    seen, since = -1, time.monotonic()
    while time.monotonic() - since < 1.0:
        now = int(page.get_by_test_id("loss-chart").get_attribute("data-points") or 0)
        if now != seen:
            seen, since = now, time.monotonic()
        page.wait_for_timeout(100)
    return seen


def reopen(page: Page, url: str) -> Reopened:
    page.goto(url)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    points = settled_points(page)
    watched = page.evaluate("window.__tc")
    in_chart = next(t for t, n in watched["points"] if n == points)
    chart = page.get_by_test_id("loss-chart")
    drawn = chart.get_attribute("data-drawn-at")
    drawn_ok = drawn is not None and chart.get_attribute("data-drawn-points") == str(points)
    return Reopened(
        points,
        in_chart / 1000,
        watched["opened"] / 1000,
        watched["lastMessage"] / 1000,
        watched["handling"] / 1000,
        float(drawn) / 1000 if drawn_ok and drawn else None,
        max(watched["longtasks"], default=0.0),
        watched["messages"],
    )


TRAIN_STAGES = (
    "POST /api/runs answered",
    "websocket opened",
    "first message",
    "first progress message",
    "loss chart on the page",
    "first point drawn",
)


FIRST_DRAWN = "() => document.querySelector('[data-testid=\"loss-chart\"]')?.dataset.firstDrawnAt"


def first_point(page: Page, url: str) -> list[float]:
    """Seconds from clicking Train to each of TRAIN_STAGES, on the page's clock."""
    open_editor(page, url)
    if page.get_by_test_id("train-button").is_disabled():  # nothing saved yet: a small design
        add_layer(page, "Flatten")
        add_layer(page, "Linear")
        page.get_by_test_id("epochs-input").fill("2")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    clicked = page.evaluate(
        "() => { const t = performance.now(); "
        "document.querySelector('[data-testid=\"train-button\"]').click(); return t; }"
    )
    # Waited for by a query a frame: Playwright's own checks (`expect`) cost the page's main
    # thread tens of milliseconds each, which the first message and the drawing wait behind.
    page.wait_for_function(FIRST_DRAWN, polling="raf", timeout=60_000)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    first = page.get_by_test_id("loss-chart").get_attribute("data-first-drawn-at")
    watched = page.evaluate("window.__tc")
    seen = next(t for t, n in watched["points"] if n > 0)
    shown = next(t for t, n in watched["points"] if n is not None)
    stages = [
        watched["posted"],
        watched["opened"],
        watched["firstMessage"],
        watched["firstProgress"],
    ]
    stages += [shown, float(first or seen)]
    return [(t - float(clicked)) / 1000 for t in stages]


def measure(
    page: Page, server_url: str, run_id: str, repeats: int
) -> tuple[list[Reopened], list[list[float]]]:
    reopened = [reopen(page, f"{server_url}/runs/{run_id}") for _ in range(repeats + 1)][1:]
    first_point(page, server_url)  # warm-up: the worker's first run, the editor's first load
    return reopened, [first_point(page, server_url) for _ in range(repeats)]


def report(name: str, reopened: list[Reopened], firsts: list[list[float]]) -> None:
    median = statistics.median
    drawn = [r.drawn_s for r in reopened if r.drawn_s is not None]
    lines = [
        f"loss chart holds {reopened[0].points} points; {reopened[0].messages} websocket messages",
        f"reopen → websocket opened:         {median(r.opened_s for r in reopened):.2f} s",
        f"reopen → last websocket message:   {median(r.received_s for r in reopened):.2f} s",
        f"page's time handling those messages: {median(r.handling_s for r in reopened):.2f} s",
        f"reopen → whole curve in the chart: {median(r.in_chart_s for r in reopened):.2f} s",
    ]
    if drawn:
        lines.append(f"reopen → whole curve drawn:        {median(drawn):.2f} s")
    longest = median(r.longest_task_ms for r in reopened)
    lines.append(f"longest main-thread task while it loads: {longest:.0f} ms")
    each = ", ".join(f"{f[-1] * 1000:.0f}" for f in firsts)
    lines.append(
        f"Train → first loss point drawn (warm): {median(f[-1] for f in firsts) * 1000:.0f} ms ({each})"
    )
    for i, stage in enumerate(TRAIN_STAGES[:-1]):
        lines.append(f"  of which Train → {stage}: {median(f[i] for f in firsts) * 1000:.0f} ms")
    print(f"\n{name} (medians of {len(reopened)})")
    for line in lines:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--before", type=Path, help="another frontend build (a dist folder) to compare"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    builds = (
        {"this build": None, f"baseline {args.before}": args.before}
        if args.before
        else {"this build": None}
    )
    with sync_playwright() as playwright, ExitStack() as stack:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        for name, dist in builds.items():
            data = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            env = {"TORCHCANVAS_FRONTEND": str(dist.resolve())} if dist else {}
            server = stack.enter_context(serve(data, **env))
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            context.add_init_script(WATCH)
            page = context.new_page()
            page.goto(f"{server.url}/runs")
            cookie = next(
                c for c in context.cookies(server.url) if c["name"] == "torchcanvas_owner"
            )
            run = write_long_run(data, cookie["value"], epochs=args.epochs)
            print(f"\n{name}: a run of {run.events} events, {run.steps} steps")
            report(name, *measure(page, server.url, run.id, args.repeats))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
